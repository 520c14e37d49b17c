// @ts-check
/**
 * Asks the server whether a form can be entered now (code known, in scope, wave in the field, not
 * complete), before anyone keys or answers it: null when it can, else why not, in the page's language.
 */
export async function formRefusal(/** @type {string} */ wave, /** @type {string} */ code, /** @type {'vi' | 'en'} */ lang) {
  const res = await fetch(`/api/survey-waves/${wave}/forms/${encodeURIComponent(code)}`).catch(() => null);
  if (!res) return null; // offline: the answers themselves will be checked when sent
  if (res.ok) return null;
  const body = await res.json().catch(() => null);
  return body?.error?.fields?.[0]?.message?.[lang] ?? body?.error?.message?.[lang] ?? res.statusText;
}

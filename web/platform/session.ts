import type { Context } from 'hono';
import { requireUser } from '../../api/platform/auth/session.js';
import type { AppDeps } from '../../api/platform/context.js';

/** Back to this very page (its filters included) after signing in. */
export const toSignIn = (c: Context) => {
  const url = new URL(c.req.url);
  return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
};

/** Staff pages: the signed-in user and their scope in the context, or the sign-in page. */
export const requirePageUser = (deps: AppDeps) => requireUser(deps, toSignIn);

const HOME = '/staff';
const THIS_SITE = 'http://this-site.invalid';

/**
 * Where sign-in goes next: the path asked for when it is a path on this site, as a browser would
 * read it (a backslash, a tab or a second slash can turn "/…" into another site), else the staff home.
 */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith('/')) return HOME;
  try {
    const url = new URL(next, THIS_SITE);
    return url.origin === THIS_SITE ? url.pathname + url.search + url.hash : HOME;
  } catch {
    return HOME;
  }
}

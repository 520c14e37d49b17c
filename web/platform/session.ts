import type { Context, MiddlewareHandler } from 'hono';
import { requireUser } from '../../api/platform/auth/session.js';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { accessibleUnit } from '../../api/units/access.js';

/** Back to this very page (its filters included) after signing in. */
export const toSignIn = (c: Context) => {
  const url = new URL(c.req.url);
  return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
};

/** Staff pages: the signed-in user, their scope and its unit's name in the context, or the sign-in page. */
export const requirePageUser = (deps: AppDeps): MiddlewareHandler<AppEnv> => {
  const signedIn = requireUser(deps, toSignIn);
  return (c, next) =>
    signedIn(c, async () => {
      const { unitId } = c.get('user');
      c.set('scopeName', unitId === null ? null : (await accessibleUnit(deps, c.get('scope'), unitId, 'unitId')).name);
      await next();
    });
};

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

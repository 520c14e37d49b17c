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

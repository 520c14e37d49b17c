import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from './auth/session.js';
import type { AppDeps } from './context.js';
import type { PostgresStore } from './db/postgres.js';
import { lsnText, lsnValue, readScope } from './db/replicas.js';
import { servedOverHttps } from './proxy.js';

/** The primary's position after the session's last write, for API processes that did not see it. */
const WROTE_COOKIE = 'wrote';
const LSN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;

/**
 * With standbys (DATABASE_READ_URLS): a GET's reads may go to a standby, any other request's go
 * to the primary. After a signed-in session's write, its next reads wait for a standby to have it
 * on every API process: a cookie carries the position for a minute.
 */
export function replicaReads(deps: AppDeps): MiddlewareHandler {
  const replicas = deps.store.dialect === 'postgres' ? (deps.store as PostgresStore).replicas : undefined;
  if (!replicas) return (_c, next) => next();
  return async (c, next) => {
    const safe = c.req.method === 'GET' || c.req.method === 'HEAD';
    const wrote = getCookie(c, WROTE_COOKIE);
    await readScope.run({ replica: safe, after: wrote && LSN.test(wrote) ? lsnValue(wrote) : 0n }, next);
    if (!safe && c.res.status < 400 && getCookie(c, SESSION_COOKIE))
      setCookie(c, WROTE_COOKIE, lsnText(await replicas.primaryLsn()), {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: servedOverHttps(c, deps),
        maxAge: 60,
      });
  };
}

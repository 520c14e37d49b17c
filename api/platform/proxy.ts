import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppDeps } from './context.js';

/** What clientIp answers when there is no socket to ask (a request made inside the process). */
export const UNKNOWN_ADDRESS = 'unknown';

/**
 * The client's address. Behind TRUST_PROXY = N proxies, each appends the address it received the
 * request from to X-Forwarded-For, so the client is the Nth entry from the right: anything left of
 * it was sent by the client and may be forged. Without proxies, the socket's address.
 */
export function clientIp(c: Context, deps: AppDeps): string {
  const hops = deps.env.TRUST_PROXY;
  if (hops > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const client = chain[Math.max(0, chain.length - hops)];
    if (client) return client;
  }
  try {
    return getConnInfo(c).remote.address ?? UNKNOWN_ADDRESS;
  } catch {
    return UNKNOWN_ADDRESS; // app.request() in tests has no socket
  }
}

/**
 * Whether the browser reached us over HTTPS: the public address says so, the request came in on
 * TLS, or a trusted proxy says it terminated TLS (X-Forwarded-Proto).
 */
export function servedOverHttps(c: Context, deps: AppDeps): boolean {
  if (deps.env.PUBLIC_BASE_URL?.startsWith('https:')) return true;
  if (new URL(c.req.url).protocol === 'https:') return true;
  return deps.env.TRUST_PROXY > 0 && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** Where the links given to citizens point: PUBLIC_BASE_URL, else the address this request came in on. */
export const publicBase = (c: Context, deps: AppDeps) => deps.env.PUBLIC_BASE_URL ?? new URL(c.req.url).origin;

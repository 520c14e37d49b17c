import type { AppDeps } from './context.js';
import { HttpError } from './errors.js';

/**
 * A fixed-window limit per key (an IP, a kiosk, a token), counted in the store's shared limits (db/limits.ts)
 * so it holds across every API process on the database.
 */
export class RateLimiter {
  constructor(
    private readonly deps: Pick<AppDeps, 'store' | 'now'>,
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one request; returns the seconds to wait when over the limit. */
  hit(key: string): Promise<number | null> {
    return hitAll(this.deps, [[this, key]]);
  }
}

/**
 * Counts one request on each limiter with its key, in one step: the longest wait among those over
 * their limit, or null. The limiters share the deps' store.
 */
export async function hitAll(deps: Pick<AppDeps, 'store' | 'now'>, hits: readonly [RateLimiter, string][]): Promise<number | null> {
  const now = deps.now();
  const windows = await deps.store.limits.hit(
    hits.map(([limiter, key]) => ({ key: `${limiter.name}:${key}`, windowMs: limiter.windowMs })),
    now,
  );
  let wait: number | null = null;
  for (const [i, [limiter]] of hits.entries()) {
    const { started, count } = windows[i] as { started: number; count: number };
    if (count > limiter.limit) wait = Math.max(wait ?? 0, Math.ceil((started + limiter.windowMs - now) / 1000));
  }
  return wait;
}

export function tooManyRequests(retryAfter: number) {
  return new HttpError(
    429,
    'rate_limited',
    {
      vi: `Quá nhiều yêu cầu. Vui lòng thử lại sau ${retryAfter} giây.`,
      en: `Too many requests. Please try again in ${retryAfter} seconds.`,
    },
    undefined,
    undefined,
    { 'Retry-After': String(retryAfter) },
  );
}

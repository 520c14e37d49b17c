import { HttpError } from './errors.js';

/**
 * Fixed-window counters in memory, one per key (an IP, a kiosk, a token). Enough for one server
 * process; several processes behind a load balancer would share them in the database or Redis.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Counts one request; returns the seconds to wait when over the limit. */
  hit(key: string): number | null {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 50_000) this.sweep(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    return w.count > this.limit ? Math.ceil((w.start + this.windowMs - now) / 1000) : null;
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
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

import { z } from 'zod';
import { PASSWORD_COST } from './auth/secrets.js';

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://');
/** Values separated by commas, blanks dropped. */
const commaList = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );

/** Every setting the server reads, validated once at start-up. */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_PATH: z.string().min(1).default('data/sipas.sqlite'),
  /** A PostgreSQL server (postgres://user:password@host:port/database) instead of the SQLite file. */
  DATABASE_URL: postgresUrl.optional(),
  /**
   * API processes `npm start` runs on the one database (node cluster, one port): about one per core.
   * Limits, sign-in holds and background jobs are kept in the database, so they hold across them.
   */
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * Hot standbys of DATABASE_URL (PostgreSQL streaming replication), separated by commas: reads of
   * pages and GETs go to one that is up and has replayed what they must see; writes, and a session's
   * reads right after its own write, go to the primary.
   */
  DATABASE_READ_URLS: commaList.pipe(z.array(postgresUrl)),
  /** A standby further behind the primary than this (milliseconds) is skipped. */
  DATABASE_READ_MAX_LAG_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
  /**
   * Batches of ratings each API process writes to PostgreSQL side by side. One lane makes the
   * batches largest (one round trip and one commit for all that came meanwhile), which a server of
   * few cores needs most; more lanes overlap round trips to a distant or many-core server.
   */
  DATABASE_WRITE_LANES: z.coerce.number().int().min(1).max(32).default(1),
  /** Where uploaded evidence files are kept (by SHA-256 of their content). */
  EVIDENCE_DIR: z.string().min(1).default('data/evidence'),
  /** Seed the demo province when the database has no units yet. */
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  /** Number of ratings the demo generator writes (about 200,000 for a realistic year). */
  DEMO_RATINGS: z.coerce.number().int().min(0).max(20_000_000).default(200_000),
  /**
   * Taps on one kiosk closer together than this are stored but counted once; no longer than the
   * thank-you screen, or the next citizen's tap would be left out.
   */
  KIOSK_REPEAT_WINDOW_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  /**
   * After a tap at or below this level the kiosk offers reason chips: 0 = never, 5 = after every
   * tap (both look the same whatever the answer); 1–4 show the officer across the counter a low rating.
   */
  KIOSK_REASON_MAX_LEVEL: z.coerce.number().int().min(0).max(5).default(0),
  /** On a citizen's own phone nobody watches the screen: reason chips follow a rating at or below this level. */
  ONLINE_REASON_MAX_LEVEL: z.coerce.number().int().min(0).max(5).default(2),
  /** Days a citizen's call-back number is kept after consent; then it is deleted (the rating stays, anonymous). */
  FOLLOW_UP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Seconds the kiosk thank-you screen stays before it resets itself. */
  KIOSK_THANKS_SECONDS: z.coerce.number().int().min(1).max(120).default(5),
  /** How often a kiosk page reports that it is up; a kiosk not heard for KIOSK_SILENT_MINUTES is silent. */
  KIOSK_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
  KIOSK_SILENT_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(30),
  /** A link rated sooner than this after it was issued is held for Home Affairs to review. */
  LINK_MIN_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Alert on an issuer whose links drew at least LINK_BURST_COUNT top ratings within LINK_BURST_MINUTES. */
  LINK_BURST_COUNT: z.coerce.number().int().min(2).max(1000).default(10),
  LINK_BURST_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  RATING_TOKEN_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24 * 30),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Password of the first admin account; drawn at random and printed once when absent. */
  ADMIN_PASSWORD: z.string().min(12).optional(),
  /**
   * Wrong passwords for one username from one address before each further try must wait: first
   * LOGIN_DELAY_SECONDS, doubling with every wrong password, at most LOGIN_MAX_DELAY_MINUTES.
   * Other addresses are not held, so nobody can lock an account out.
   */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  LOGIN_MAX_DELAY_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** scrypt's N = 2^PASSWORD_COST for passwords hashed from now on; older hashes are redone at sign-in. */
  PASSWORD_COST: z.coerce.number().int().min(14).max(20).default(PASSWORD_COST),
  /** Requests allowed per RATE_LIMIT_WINDOW_SECONDS: sign-in attempts per IP; ratings per IP, kiosk and token. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  RATE_LIMIT_LOGIN_PER_IP: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_RATINGS_PER_IP: z.coerce.number().int().min(1).default(120),
  RATE_LIMIT_RATINGS_PER_DEVICE: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_RATINGS_PER_TOKEN: z.coerce.number().int().min(1).default(10),
  /** Ratings naming a kiosk with a wrong key, per address: a kiosk's own limit counts only verified keys. */
  RATE_LIMIT_FAILED_KEYS_PER_IP: z.coerce.number().int().min(1).default(10),
  /** Requests per minute one service account key may make (a portal, the one-stop software). */
  RATE_LIMIT_SERVICE_KEY_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Alerts: the recent window and the baseline before it (days), the one-sided test level, the smallest fall (points) and recent n. */
  ALERT_WINDOW_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  ALERT_BASELINE_DAYS: z.coerce.number().int().min(7).max(730).default(90),
  ALERT_ALPHA: z.coerce.number().gt(0).lt(0.5).default(0.01),
  ALERT_MIN_DROP: z.coerce.number().min(0).max(100).default(5),
  ALERT_MIN_N: z.coerce.number().int().min(1).default(30),
  /** How often the server scans for alerts and delivers webhooks (0 = only on request). */
  ALERT_SCAN_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(60),
  WEBHOOK_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Consecutive failures after which a subscriber is paused (its circuit opened), and deliveries per subscriber per run. */
  WEBHOOK_BREAKER_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  WEBHOOK_BATCH: z.coerce.number().int().min(1).max(1000).default(50),
  /** How many proxies in front of the app append to X-Forwarded-For (false = 0, true = 1). */
  TRUST_PROXY: z
    .union([z.enum(['true', 'false']), z.string().regex(/^\d$/)])
    .default('false')
    .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v))),
  /** Base of the links printed on receipts; defaults to the address the request came in on. */
  PUBLIC_BASE_URL: z.url().optional(),
  /**
   * Sites that may show the rating inside their own pages (/embed/rate), as origins separated by
   * commas: https://dichvucong.hanoi.gov.vn,https://motcua.hanoi.gov.vn. Empty: no site may.
   */
  EMBED_ORIGINS: commaList.pipe(z.array(z.url().refine((u) => new URL(u).origin === u, 'an origin: scheme, host and port, no path'))),
});

export type Env = z.infer<typeof EnvSchema>;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const known = Object.fromEntries(Object.keys(EnvSchema.shape).map((k) => [k, source[k] === '' ? undefined : source[k]]));
  const parsed = EnvSchema.refine((env) => env.KIOSK_REPEAT_WINDOW_SECONDS <= env.KIOSK_THANKS_SECONDS, {
    path: ['KIOSK_REPEAT_WINDOW_SECONDS'],
    message: 'must not exceed KIOSK_THANKS_SECONDS (the next citizen’s tap would be left out)',
  })
    .refine((env) => env.DATABASE_READ_URLS.length === 0 || env.DATABASE_URL !== undefined, {
      path: ['DATABASE_READ_URLS'],
      message: 'standbys need their primary in DATABASE_URL',
    })
    .safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration / Cấu hình không hợp lệ:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

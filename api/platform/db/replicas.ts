import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

/** A WAL position ('16/B374D848') as a number that orders like it. */
export function lsnValue(text: string | null | undefined): bigint {
  if (!text) return 0n;
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

export const lsnText = (value: bigint) =>
  `${(value >> 32n).toString(16).toUpperCase()}/${(value & 0xffffffffn).toString(16).toUpperCase()}`;

/**
 * What a request lets its reads do: read from a standby (pages and GETs), and the WAL position
 * they must see (the session's own last write, which a cookie carries between API processes).
 */
export interface ReadScope {
  replica: boolean;
  after: bigint;
}
export const readScope = new AsyncLocalStorage<ReadScope>();

/** A statement that only reads: plain SELECTs that take no lock and call nothing that writes. */
export const readOnly = (text: string) => text.startsWith('select ') && !/\b(for update|for share|pg_advisory|nextval|setval)\b/.test(text);

interface Standby {
  url: string;
  pool: pg.Pool;
  /** Last replayed position seen, and when; null while down (or never reached). */
  replayed: bigint | null;
  /** Reads answered, for tests and the benchmark. */
  reads: number;
}

/**
 * Hot standbys fed by streaming replication (DATABASE_READ_URLS). A read goes to a standby only
 * when its request allows it and the standby is up, has replayed every write this process made
 * (and the session's own, from its cookie), and is no further behind the primary than
 * `maxLagMs`; otherwise to the primary. A standby that fails a query is marked down (that read is
 * answered by the primary) and checked again by the poll.
 */
export class ReplicaSet {
  readonly #standbys: Standby[];
  readonly #primary: pg.Pool;
  /** The primary's WAL position after this process's last write. */
  #written = 0n;
  /** The primary's position over the last seconds, to tell how far behind a standby is. */
  #samples: { at: number; lsn: bigint }[] = [];
  #next = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(
    primary: pg.Pool,
    urls: string[],
    private readonly maxLagMs: number,
    types: pg.CustomTypesConfig,
    pollMs = 200,
  ) {
    this.#primary = primary;
    this.#standbys = urls.map((url) => {
      const pool = new pg.Pool({ connectionString: url, max: 5, types, connectionTimeoutMillis: 2_000 });
      pool.on('error', () => {});
      return { url, pool, replayed: null, reads: 0 };
    });
    this.#timer = setInterval(() => void this.poll(), pollMs).unref();
  }

  get stats() {
    return this.#standbys.map((s) => ({ url: s.url, up: s.replayed !== null, reads: s.reads }));
  }

  /** After a write committed on the primary (a transaction's commit, or a write outside one). */
  wrote(lsn: bigint): void {
    if (lsn > this.#written) this.#written = lsn;
  }

  /** The primary's current position (for the session cookie). */
  async primaryLsn(): Promise<bigint> {
    const { rows } = await this.#primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
    return lsnValue(rows[0]?.lsn);
  }

  async poll(): Promise<void> {
    const now = Date.now();
    try {
      this.#samples.push({ at: now, lsn: await this.primaryLsn() });
    } catch {
      // the primary's own failures show on its requests
    }
    this.#samples = this.#samples.filter((s) => s.at >= now - this.maxLagMs - 1_000);
    await Promise.all(this.#standbys.map((s) => this.#probe(s)));
  }

  async #probe(standby: Standby): Promise<bigint | null> {
    try {
      const { rows } = await standby.pool.query<{ lsn: string | null }>('select pg_last_wal_replay_lsn()::text as lsn');
      standby.replayed = rows[0]?.lsn ? lsnValue(rows[0].lsn) : null;
    } catch {
      standby.replayed = null;
    }
    return standby.replayed;
  }

  /** How long ago the primary was where the standby is now (0 when it has caught up with every sample). */
  #lagMs(replayed: bigint, now: number): number {
    const ahead = this.#samples.find((s) => s.lsn > replayed);
    return ahead ? now - ahead.at : 0;
  }

  /**
   * A standby for a read that must see position `after`, or null for the primary. A standby known
   * to be behind `after` is asked once where it is now (a write a moment ago is usually replayed).
   */
  async pick(after: bigint): Promise<Standby | null> {
    const need = after > this.#written ? after : this.#written;
    const now = Date.now();
    for (let i = 0; i < this.#standbys.length; i++) {
      const standby = this.#standbys[(this.#next + i) % this.#standbys.length] as Standby;
      if (standby.replayed === null) continue;
      const replayed = standby.replayed >= need ? standby.replayed : await this.#probe(standby);
      if (replayed === null || replayed < need || this.#lagMs(replayed, now) > this.maxLagMs) continue;
      this.#next = (this.#next + i + 1) % this.#standbys.length;
      return standby;
    }
    return null;
  }

  /** Runs a read on a standby; a standby that fails is marked down and the read goes to the primary. */
  async read<R extends pg.QueryResultRow>(config: pg.QueryConfig & { rowMode?: 'array' }): Promise<pg.QueryResult<R>> {
    const scope = readScope.getStore();
    const standby = scope?.replica ? await this.pick(scope.after) : null;
    if (standby) {
      try {
        const result = await standby.pool.query<R>(config);
        standby.reads += 1;
        return result;
      } catch {
        standby.replayed = null;
      }
    }
    return this.#primary.query<R>(config);
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all(this.#standbys.map((s) => s.pool.end()));
  }
}

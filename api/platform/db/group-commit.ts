import { perDatabase } from './per-database.js';
import { type Db, type Store, savepoint, transient } from './store.js';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A row waiting for its batch's one statement, and who waits for what that statement returns. */
interface Gathered {
  row: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * What the writes of one batch share: a lookup made once for the whole transaction (the webhook
 * subscribers), not once a write; and rows of a kind gathered from every write and handled in one
 * statement (one round trip, and one run of the statement's triggers, for the batch instead of
 * for each row). A lookup that fails is made again by the next write.
 */
export class BatchMemo {
  readonly #values = new Map<string, Promise<unknown>>();
  readonly #gathered = new Map<string, { write: (rows: never[]) => Promise<unknown[]>; waiting: Gathered[] }>();
  readonly #gathering: boolean;
  /** Writes waiting for their gathered rows now, and who wants to know when that changes. */
  #waiting = 0;
  #changed: () => void = () => {};
  /** Why the batch failed, once it has: a row gathered then is refused at once. */
  #failed: { error: unknown } | undefined;

  /** `gathering`: rows wait for the batch's next round; otherwise each is handled at once, alone. */
  constructor(gathering: boolean) {
    this.#gathering = gathering;
  }

  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let value = this.#values.get(key) as Promise<T> | undefined;
    if (!value) {
      value = make();
      value.catch(() => this.#values.delete(key));
      this.#values.set(key, value);
    }
    return value;
  }

  /**
   * Hands `row` to `write` (a statement for many rows of its `kind`, the first one given for the
   * kind, answering one result per row in their order) with the rows of that kind the other writes
   * gather, once every write of the batch is waiting for a gathered row or done. Rows gathered in
   * one round must not depend on each other.
   */
  gather<R, T>(kind: string, write: (rows: R[]) => Promise<T[]>, row: R): Promise<T> {
    if (!this.#gathering) return write([row]).then((results) => results[0] as T);
    if (this.#failed) return Promise.reject(this.#failed.error);
    return new Promise<T>((resolve, reject) => {
      const gathered = this.#gathered.get(kind) ?? { write: write as (rows: never[]) => Promise<unknown[]>, waiting: [] };
      gathered.waiting.push({ row, resolve: resolve as (value: unknown) => void, reject });
      this.#gathered.set(kind, gathered);
      this.#waiting += 1;
      this.#changed();
    });
  }

  /**
   * Runs `works` (started in turn, each once the one before waits or is done) to their ends, in
   * rounds: whenever every unfinished work waits for a gathered row, each kind's rows are handled
   * in their one statement and the works run on. Rejects with the first work's or statement's error.
   */
  async run(starts: (() => Promise<unknown>)[]): Promise<unknown[]> {
    const works: Promise<unknown>[] = [];
    let done = 0;
    let failed: { error: unknown } | undefined;
    const settled = () => {
      done += 1;
      this.#changed();
    };
    // Resolves once each unfinished work waits (or one failed).
    const quiet = (expected: () => number) =>
      new Promise<void>((resolve) => {
        this.#changed = () => {
          if (failed || this.#waiting + done >= expected()) resolve();
        };
        this.#changed();
      });
    try {
      for (const start of starts) {
        const work = start();
        works.push(work);
        work.then(settled, (error) => {
          failed ??= { error };
          settled();
        });
        await quiet(() => works.length);
        if (failed) throw failed.error;
      }
      while (this.#gathered.size) {
        await this.#round();
        await quiet(() => works.length);
        if (failed) throw failed.error;
      }
      return await Promise.all(works);
    } catch (error) {
      this.#abandon(error);
      await Promise.allSettled(works);
      throw error;
    }
  }

  /** Handles every kind gathered so far in its one statement; the writes waiting for them run on. */
  async #round(): Promise<void> {
    const kinds = [...this.#gathered.values()];
    this.#gathered.clear();
    this.#waiting = 0;
    for (const [i, { write, waiting }] of kinds.entries()) {
      try {
        const results = await write(waiting.map((w) => w.row as never));
        for (const [j, w] of waiting.entries()) w.resolve(results[j]);
      } catch (error) {
        for (const { waiting: rest } of kinds.slice(i)) for (const w of rest) w.reject(error);
        throw error;
      }
    }
  }

  /** The batch failed: every write still waiting for its row learns so. */
  #abandon(error: unknown): void {
    this.#failed = { error };
    for (const { waiting } of this.#gathered.values()) for (const w of waiting) w.reject(error);
    this.#gathered.clear();
  }
}

interface Pending {
  work: (tx: Db, batch: BatchMemo) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Times this write was rolled back as a deadlock's or serialization failure's victim. */
  retries: number;
  /** Names of what the write may take that another lane may take too (a rating's idempotency key). */
  claims: string[];
}

/** How often a write the database rolled back to break a deadlock is tried again before it fails. */
const MAX_RETRIES = 5;

/** Committed batches and the writes in them, for tests and the ingest benchmark. */
interface Stats {
  batches: number;
  writes: number;
}

/**
 * One queue of writes, written a batch at a time: a batch is what arrived while the one before it
 * was being written.
 */
class Lane {
  #queue: Pending[] = [];
  #flushing = false;

  constructor(
    private readonly store: Store,
    private readonly stats: Stats,
  ) {}

  push(item: Pending): void {
    this.#queue.push(item);
    if (!this.#flushing) {
      this.#flushing = true;
      setImmediate(() => void this.#flush());
    }
  }

  async #flush(): Promise<void> {
    const batch = this.#queue.splice(0);
    const again: Pending[] = [];
    /** A deadlock's victim goes into the next batch, after this one has committed and let go of its locks. */
    const settle = (item: Pending, outcome: Outcome) => {
      if (outcome.ok) item.resolve(outcome.value);
      else if (transient(outcome.error) && item.retries < MAX_RETRIES) again.push({ ...item, retries: item.retries + 1 });
      else item.reject(outcome.error);
    };
    try {
      let outcomes: Outcome[];
      try {
        outcomes = await this.#write(batch, false);
      } catch (error) {
        if (!(error instanceof WriteFailed)) throw error;
        // A write was refused and the batch rolled back: a lone write's refusal is its outcome;
        // in a batch, the writes go again each in its own savepoint, so the others still go in.
        outcomes = batch.length === 1 ? [{ ok: false, error: error.cause }] : await this.#write(batch, true);
      }
      this.stats.batches += 1;
      this.stats.writes += batch.length;
      for (const [i, item] of batch.entries()) settle(item, outcomes[i] as Outcome);
    } catch (error) {
      // The commit itself failed: a deadlock or serialization failure is tried again; anything else
      // (disk full, I/O error, lost server) and nobody's write is acknowledged.
      for (const item of batch) settle(item, { ok: false, error });
    }
    this.#queue.unshift(...again);
    if (this.#queue.length > 0) setImmediate(() => void this.#flush());
    else this.#flushing = false;
  }

  /**
   * One transaction of the batch's writes. Without savepoints (the usual case: nothing refused, two
   * statements a write fewer) a write that throws rolls the whole batch back (WriteFailed); with
   * them, it rolls back alone and its error is its outcome.
   */
  async #write(batch: Pending[], savepoints: boolean): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    // Lanes (this process's or another's) that meet on a claim meet at the transaction's start,
    // each taking its batch's claims in one order: one waits for the other's commit instead of the
    // two deadlocking inside their writes. SQLite writes one transaction at a time anyway.
    const opening = this.store.dialect === 'postgres' ? claim(batch.flatMap((item) => item.claims)) : undefined;
    await this.store.transaction(async (tx) => {
      const memo = new BatchMemo(!savepoints);
      if (savepoints) {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: await savepoint(tx, () => item.work(tx, memo)) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
        return;
      }
      try {
        const values = await memo.run(batch.map((item) => () => item.work(tx, memo)));
        for (const value of values) outcomes.push({ ok: true, value });
      } catch (error) {
        throw new WriteFailed(error);
      }
    }, opening);
    return outcomes;
  }
}

/** A write of a batch written without savepoints threw: its error is the cause. */
class WriteFailed extends Error {
  constructor(cause: unknown) {
    super('a write of the batch failed', { cause });
  }
}

/**
 * Group commit: writes that arrive together share one transaction, so one durable commit (one
 * fsync) covers a whole batch instead of one each. A refused write rolls back alone (the batch is
 * written again with each write in its own savepoint, only when one is refused); every caller's promise settles only after the batch is durable:
 * nothing is acknowledged before it is on disk.
 *
 * Writes go to lanes by a key the caller gives (a rating gives its unit): one batch of a lane
 * executes at a time, so the checks a write makes (repeat taps, a link already used) see every
 * earlier write of its key. SQLite has one lane; PostgreSQL one per writer connection, batches of
 * different lanes in parallel.
 */
export class GroupCommit {
  readonly stats: Stats = { batches: 0, writes: 0 };
  readonly #lanes: Lane[];

  constructor(store: Store) {
    this.#lanes = Array.from({ length: store.writers }, () => new Lane(store, this.stats));
  }

  run<T>(work: (tx: Db, batch: BatchMemo) => Promise<T>, key = '', claims: string[] = []): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      (this.#lanes[laneIndex(key, this.#lanes.length)] as Lane).push({
        work,
        resolve: resolve as (value: unknown) => void,
        reject,
        retries: 0,
        claims,
      });
    });
  }
}

/** FNV-1a of a key. */
function fnv1a(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const laneIndex = (key: string, lanes: number) => fnv1a(key) % lanes;

/**
 * PostgreSQL advisory locks, held to the end of the transaction, on the hashes of the claims in
 * ascending order (two claims sharing a hash only wait for each other, which is harmless). The
 * hashes are numbers made here, so they go in the text itself, and the statement in BEGIN's round trip.
 */
function claim(claims: string[]): string | undefined {
  const hashes = [...new Set(claims.map(fnv1a))].sort((a, b) => a - b);
  if (hashes.length === 0) return undefined;
  return `select pg_advisory_xact_lock(h) from unnest('{${hashes.join(',')}}'::bigint[]) as h`;
}

/** The one group-commit queue of a store. */
export const groupCommit = perDatabase((store: Store) => new GroupCommit(store));

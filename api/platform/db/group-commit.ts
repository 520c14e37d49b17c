import { perDatabase } from './per-database.js';
import { type Db, type Store, savepoint } from './store.js';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Pending {
  work: (tx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

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
    const outcomes: Outcome[] = [];
    try {
      await this.store.transaction(async (tx) => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: await savepoint(tx, () => item.work(tx)) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
      this.stats.batches += 1;
      this.stats.writes += batch.length;
      batch.forEach((item, i) => {
        const outcome = outcomes[i] as Outcome;
        if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.error);
      });
    } catch (error) {
      // The commit itself failed (disk full, I/O error, lost server): nobody's write is acknowledged.
      for (const item of batch) item.reject(error);
    }
    if (this.#queue.length > 0) setImmediate(() => void this.#flush());
    else this.#flushing = false;
  }
}

/**
 * Group commit: writes that arrive together share one transaction, so one durable commit (one
 * fsync) covers a whole batch instead of one each. Each write still runs in its own savepoint, so
 * a refused one rolls back alone; every caller's promise settles only after the batch is durable:
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

  run<T>(work: (tx: Db) => Promise<T>, key = ''): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      (this.#lanes[laneIndex(key, this.#lanes.length)] as Lane).push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
  }
}

/** FNV-1a of the key, onto the lanes. */
function laneIndex(key: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % lanes;
}

/** The one group-commit queue of a store. */
export const groupCommit = perDatabase((store: Store) => new GroupCommit(store));

import { perDatabase } from './per-database.js';
import { type Db, type Store, savepoint } from './store.js';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Pending {
  work: (tx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive together share one transaction, so one durable commit (one
 * fsync) covers a whole batch instead of one each. Each write still runs in its own savepoint, so
 * a refused one rolls back alone; every caller's promise settles only after the batch has
 * committed: nothing is acknowledged before it is on disk. A batch is what arrived while the
 * previous one was being written; one batch is written at a time.
 */
export class GroupCommit {
  #queue: Pending[] = [];
  #flushing = false;
  /** Committed batches and the writes in them, for tests and the ingest benchmark. */
  readonly stats = { batches: 0, writes: 0 };

  constructor(private readonly store: Store) {}

  run<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        setImmediate(() => void this.#flush());
      }
    });
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

/** The one group-commit queue of a store. */
export const groupCommit = perDatabase((store: Store) => new GroupCommit(store));

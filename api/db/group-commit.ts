import type Database from 'better-sqlite3';
import { perDatabase } from './per-database.js';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive together share one transaction, so one fsync (synchronous=FULL)
 * makes a whole batch durable instead of one fsync each. Each write still runs in its own savepoint
 * (a transaction nested in better-sqlite3 is a savepoint), so a refused one rolls back alone; every
 * caller's promise settles only after the batch has committed: nothing is acknowledged before it
 * is on disk. A batch is what arrived while the previous event-loop turn ran.
 */
export class GroupCommit {
  #queue: Pending[] = [];
  #scheduled = false;
  /** Committed batches and the writes in them, for tests and the ingest benchmark. */
  readonly stats = { batches: 0, writes: 0 };

  // Made once: better-sqlite3 prepares BEGIN/SAVEPOINT/COMMIT for each transaction function it makes.
  readonly #savepoint: (work: () => unknown) => unknown;
  readonly #commit: Database.Transaction<(batch: Pending[], outcomes: Outcome[]) => void>;

  constructor(sqlite: Database.Database) {
    this.#savepoint = sqlite.transaction((work: () => unknown) => work());
    this.#commit = sqlite.transaction((batch: Pending[], outcomes: Outcome[]) => {
      for (const item of batch) {
        try {
          outcomes.push({ ok: true, value: this.#savepoint(item.work) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue.splice(0);
    const outcomes: Outcome[] = [];
    try {
      this.#commit.immediate(batch, outcomes);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nobody's write is acknowledged.
      for (const item of batch) item.reject(error);
      return;
    }
    this.stats.batches += 1;
    this.stats.writes += batch.length;
    batch.forEach((item, i) => {
      const outcome = outcomes[i] as Outcome;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}

/** The one group-commit queue of a database connection. */
export const groupCommit = perDatabase((sqlite: Database.Database) => new GroupCommit(sqlite));

import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * For long jobs in one request (an import of 100,000 dossiers): on SQLite every step of them
 * finishes without real I/O, so the job would hold the event loop from start to end and every other
 * request (a dashboard, a citizen's tap) would wait for all of it. The function returned here is
 * called once per step and lets the other requests in whenever the job has run `sliceMs` since it
 * last did; reads then go ahead on their own connection while the job's transaction stays open.
 */
export function pauser(sliceMs = 20): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await nextTurn();
    since = performance.now();
  };
}

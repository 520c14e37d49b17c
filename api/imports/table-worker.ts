import { parentPort, workerData } from 'node:worker_threads';
import { readTable, TableError } from './table.js';

/** Rows per message: each is copied to the server's thread in one piece, so keep the pieces small. */
const CHUNK = 5000;

// Runs readTable for one file in a worker thread (see readTableOffThread): the headers first, then
// a chunk of rows each time the server asks for the next, so it takes them one turn at a time.
readTable(workerData as Uint8Array).then(
  ({ headers, rows }) => {
    let next = 0;
    parentPort?.on('message', () => {
      if (next >= rows.length) return parentPort?.postMessage({ done: true });
      parentPort?.postMessage({ rows: rows.slice(next, next + CHUNK) });
      next += CHUNK;
    });
    parentPort?.postMessage({ headers });
  },
  (error) => parentPort?.postMessage(error instanceof TableError ? { refused: { vi: error.vi, en: error.en } } : { failed: String(error) }),
);

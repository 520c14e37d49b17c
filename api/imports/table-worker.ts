import { parentPort, workerData } from 'node:worker_threads';
import { type Row, readRows, TableError } from './table.js';

/** Rows per message: each is copied to the server's thread in one piece, so keep the pieces small. */
const CHUNK = 5000;

// Runs readRows for one file in a worker thread (see streamTable): the headings first, then a chunk
// of rows each time the server asks for the next; reading waits while a chunk is unasked for.
const asked: (() => void)[] = [];
let pending = 0;
parentPort?.on('message', () => {
  const waiting = asked.shift();
  if (waiting) waiting();
  else pending += 1;
});
function nextAsked(): Promise<void> {
  if (pending === 0) return new Promise((resolve) => asked.push(resolve));
  pending -= 1;
  return Promise.resolve();
}

async function run() {
  let chunk: Row[] = [];
  for await (const item of readRows(workerData as string)) {
    if ('headers' in item) {
      parentPort?.postMessage({ headers: item.headers });
      continue;
    }
    chunk.push(item);
    if (chunk.length === CHUNK) {
      await nextAsked();
      parentPort?.postMessage({ rows: chunk });
      chunk = [];
    }
  }
  await nextAsked();
  if (chunk.length) {
    parentPort?.postMessage({ rows: chunk });
    await nextAsked();
  }
  parentPort?.postMessage({ done: true });
}

run().catch((error) =>
  parentPort?.postMessage(error instanceof TableError ? { refused: { vi: error.vi, en: error.en } } : { failed: String(error) }),
);

import { join } from 'node:path';
import { backupAll } from '../platform/db/backup.js';
import { openSqlite } from '../platform/db/sqlite.js';
import { loadEnv } from '../platform/env.js';

// `npm run backup [-- <folder>]`: an online, consistent backup of DATABASE_PATH and the PAR evidence
// files of EVIDENCE_DIR in one folder (the server may keep running). A PostgreSQL server is backed
// up with its own tools (pg_dump, base backups).
const env = loadEnv();
const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
const destination = process.argv[2] ?? join('data', 'backups', `sipas-${stamp}`);
const store = openSqlite(env.DATABASE_PATH);
try {
  const files = await backupAll(store.sqlite, env.EVIDENCE_DIR, destination);
  console.log(`Backup written and checked: ${destination} (database and ${files} evidence files)`);
} finally {
  await store.close();
}

import { join } from 'node:path';
import { backupDatabase } from '../platform/db/backup.js';
import { openSqlite } from '../platform/db/sqlite.js';
import { loadEnv } from '../platform/env.js';

// `npm run backup [-- <file>]`: an online, consistent backup of DATABASE_PATH (the server may keep
// running). A PostgreSQL server is backed up with its own tools (pg_dump, base backups).
const env = loadEnv();
const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
const destination = process.argv[2] ?? join('data', 'backups', `sipas-${stamp}.sqlite`);
const store = openSqlite(env.DATABASE_PATH);
try {
  await backupDatabase(store.sqlite, destination);
  console.log(`Backup written and checked: ${destination}`);
} finally {
  await store.close();
}

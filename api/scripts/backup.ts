import { join } from 'node:path';
import { backupDatabase } from '../db/backup.js';
import { openDatabase } from '../db/client.js';
import { loadEnv } from '../env.js';

// `npm run backup [-- <file>]`: an online, consistent backup of DATABASE_PATH (the server may keep running).
const env = loadEnv();
const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
const destination = process.argv[2] ?? join('data', 'backups', `sipas-${stamp}.sqlite`);
const database = openDatabase(env.DATABASE_PATH);
try {
  await backupDatabase(database.sqlite, destination);
  console.log(`Backup written and checked: ${destination}`);
} finally {
  database.close();
}

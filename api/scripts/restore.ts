import { restoreDatabase } from '../platform/db/backup.js';
import { loadEnv } from '../platform/env.js';

// `npm run restore -- <backup file>`: stop the server first; DATABASE_PATH is replaced by the backup.
const backup = process.argv[2];
if (!backup) {
  console.error('Usage: npm run restore -- <backup file>   (stop the server first)');
  process.exit(2);
}
const env = loadEnv();
restoreDatabase(backup, env.DATABASE_PATH);
console.log(`Restored ${backup} to ${env.DATABASE_PATH}. Start the server again.`);

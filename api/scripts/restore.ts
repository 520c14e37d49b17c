import { restoreAll } from '../platform/db/backup.js';
import { loadEnv } from '../platform/env.js';

// `npm run restore -- <backup folder>`: stop the server first; DATABASE_PATH is replaced by the
// backup's database and its evidence files are put back in EVIDENCE_DIR, each checked by its hash.
const backup = process.argv[2];
if (!backup) {
  console.error('Usage: npm run restore -- <backup folder>   (stop the server first)');
  process.exit(2);
}
const env = loadEnv();
try {
  const files = restoreAll(backup, env.DATABASE_PATH, env.EVIDENCE_DIR);
  console.log(`Restored ${backup} to ${env.DATABASE_PATH} and ${files} evidence files to ${env.EVIDENCE_DIR}. Start the server again.`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

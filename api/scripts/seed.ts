import { bootstrap } from '../bootstrap.js';
import { openDatabase } from '../db/client.js';
import { loadEnv } from '../env.js';
import { clearDemoData } from '../seed/generate.js';

// `npm run seed`: replace the demo data (users are kept) with a fresh copy from the seeded generator.
const env = loadEnv();
const database = openDatabase(env.DATABASE_PATH);
clearDemoData(database.db);
await bootstrap(database, { ...env, SEED_DEMO: 'auto' }, (line) => console.log(line));
database.close();

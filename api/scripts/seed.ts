import { openStore } from '../platform/db/open.js';
import { loadEnv } from '../platform/env.js';
import { bootstrap } from '../seed/bootstrap.js';
import { clearDemoData } from '../seed/generate.js';

// `npm run seed`: replace the demo data (users are kept) with a fresh copy from the seeded generator.
const env = loadEnv();
const store = await openStore(env);
await clearDemoData(store);
await bootstrap({ store, env: { ...env, SEED_DEMO: 'auto' }, now: Date.now }, (line) => console.log(line));
await store.close();

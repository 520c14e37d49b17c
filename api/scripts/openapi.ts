import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../platform/db/open.js';
import { loadEnv } from '../platform/env.js';
import { apiRoutes } from '../routes.js';

// `npm run openapi -- <file>`: write the API's OpenAPI document (what /api/openapi.json serves) to a file.
const out = process.argv[2];
if (!out) {
  console.error('Usage: npm run openapi -- <file>');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'sipas-openapi-'));
const env = loadEnv({ DATABASE_PATH: join(dir, 'openapi.sqlite') });
const store = await openStore(env);
try {
  const res = await apiRoutes({ store, env, now: Date.now }).request('/api/openapi.json');
  writeFileSync(out, await res.text());
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

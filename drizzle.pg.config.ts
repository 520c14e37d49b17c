import { defineConfig } from 'drizzle-kit';

/** PostgreSQL migrations, generated from the same schema in its PostgreSQL form (api/platform/db/schema-pg.ts). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './api/platform/db/schema-pg.ts',
  out: './migrations-pg',
});

import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_MIGRATIONS_FOLDER, PG_TYPES } from '../../../../api/platform/db/postgres.js';
import { PG_KEY_INCLUDES, PG_ONLY_INDEXES } from '../../../../api/platform/db/schema-pg.js';
import { openSqlite } from '../../../../api/platform/db/sqlite.js';
import {
  applyDossierSteps,
  applyRatingSteps,
  dossierStep,
  pgSql,
  ratingStep,
  rollupRows,
  seedUnits,
  sqliteSql,
} from '../../../helpers/rollup-steps.js';

/**
 * The scale-out path: the PostgreSQL migrations (derived from the same schema) against a real
 * server. `.ci/run` starts one on loopback and sets TEST_DATABASE_URL; each run gets a database of
 * its own and drops it.
 */
const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('PostgreSQL', () => {
  const name = `sipas_test_${process.pid}_${Date.now()}`;
  let admin: pg.Client;
  let client: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const target = new URL(url as string);
    target.pathname = `/${name}`;
    client = new pg.Client({ connectionString: target.toString(), types: PG_TYPES }); // counts as numbers, as SQLite gives them
    await client.connect();
    await migrate(drizzle(client), { migrationsFolder: PG_MIGRATIONS_FOLDER });
  });

  afterAll(async () => {
    await client?.end();
    await admin?.query(`drop database if exists ${name}`);
    await admin?.end();
  });

  it('has every table and column of the SQLite schema, with the same nullability, and the same indexes and its own covering rollup indexes', async () => {
    const { sqlite, close } = openSqlite(':memory:');
    try {
      const tables = sqlite
        .prepare(
          "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
        )
        .pluck()
        .all() as string[];
      const sqliteColumns = tables.flatMap((table) =>
        (
          sqlite.prepare(`select name, "notnull" as required, pk from pragma_table_info(?)`).all(table) as {
            name: string;
            required: number;
            pk: number;
          }[]
        ).map((c) => `${table}.${c.name} ${c.required || c.pk ? 'not null' : 'null'}`),
      );
      const pgColumns = (
        await client.query(
          "select table_name || '.' || column_name || ' ' || case is_nullable when 'NO' then 'not null' else 'null' end as c from information_schema.columns where table_schema = 'public'",
        )
      ).rows.map((r) => r.c as string);
      expect(tables.length).toBeGreaterThan(25);
      expect(pgColumns.sort()).toEqual(sqliteColumns.sort());

      // Unique columns are unique indexes in SQLite and unique constraints (backed by an index of the same name) in PostgreSQL.
      const sqliteIndexes = sqlite
        .prepare("select name from sqlite_master where type = 'index' and sql is not null order by name")
        .pluck()
        .all();
      const pgIndexes = (
        await client.query(
          "select indexname from pg_indexes i where schemaname = 'public' and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.contype = 'p') order by indexname",
        )
      ).rows.map((r) => r.indexname as string);
      const pgOnly = Object.values(PG_ONLY_INDEXES).flatMap((indexes) => indexes.map((ix) => ix.name));
      expect([...pgIndexes].sort()).toEqual([...sqliteIndexes, ...pgOnly].sort());
      const includes = (
        await client.query(
          "select c.conrelid::regclass::text as t, pg_get_constraintdef(c.oid) as def from pg_constraint c where c.contype = 'p' and pg_get_constraintdef(c.oid) like '%INCLUDE%'",
        )
      ).rows.map((r) => [r.t as string, (/INCLUDE \((.*)\)/.exec(r.def) as RegExpExecArray)[1]?.split(', ')]);
      expect(Object.fromEntries(includes)).toEqual(PG_KEY_INCLUDES);
    } finally {
      await close();
    }
  });

  it('keeps the same rollups as SQLite through the same ratings, reasons and dossiers, deleted and corrected', async () => {
    const cases = fc.sample(
      fc.tuple(fc.array(ratingStep, { minLength: 20, maxLength: 60 }), fc.array(dossierStep, { minLength: 10, maxLength: 30 })),
      { numRuns: 25, seed: 766 },
    );
    for (const [ratings, dossiers] of cases) {
      const { sqlite, close } = openSqlite(':memory:');
      await client.query('begin');
      try {
        for (const db of [sqliteSql(sqlite), pgSql(client)]) {
          await seedUnits(db);
          await applyRatingSteps(db, ratings);
          await applyDossierSteps(db, dossiers);
        }
        const expected = await rollupRows(sqliteSql(sqlite));
        expect(await rollupRows(pgSql(client))).toEqual(expected);
      } finally {
        await client.query('rollback');
        await close();
      }
    }
  });
});

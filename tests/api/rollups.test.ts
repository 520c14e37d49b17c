import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from '../../api/db/client.js';

const HOUR = 3_600_000;
const JAN_2026 = Date.UTC(2026, 0, 1);

/** What the rollups must hold: the same counts grouped from the ratings themselves (Hà Nội days and hours). */
function expected(sqlite: Database.Database) {
  const day = '(rated_at + 25200000) / 86400000';
  const levels = 'sum(level = 1) l1, sum(level = 2) l2, sum(level = 3) l3, sum(level = 4) l4, sum(level = 5) l5';
  return {
    days: sqlite.prepare(`select unit_id, ${day} day, channel, coalesce(counter_id, 0) counter_id, ${levels} from ratings where counted group by 1, 2, 3, 4 order by 1, 2, 3, 4`).all(),
    hours: sqlite.prepare(`select unit_id, ${day} day, ((rated_at + 25200000) / 3600000) % 24 hour, ${levels} from ratings where counted group by 1, 2, 3 order by 1, 2, 3`).all(),
    reasons: sqlite
      .prepare(`select r.unit_id, ${day} day, x.reason, count(*) n from rating_reasons x join ratings r on r.id = x.rating_id where r.counted group by 1, 2, 3 order by 1, 2, 3`)
      .all(),
  };
}

/** The rollups, leaving out rows whose counts went back to zero after a delete or a correction. */
function rollups(sqlite: Database.Database) {
  const nonZero = 'l1 + l2 + l3 + l4 + l5 > 0';
  return {
    days: sqlite.prepare(`select * from rating_days where ${nonZero} order by 1, 2, 3, 4`).all(),
    hours: sqlite.prepare(`select * from rating_hours where ${nonZero} order by 1, 2, 3`).all(),
    reasons: sqlite.prepare('select * from rating_reason_days where n > 0 order by 1, 2, 3').all(),
  };
}

function seedUnits(sqlite: Database.Database) {
  for (const id of [1, 2, 3]) sqlite.prepare(`insert into units (id, code, name, kind, valid_from) values (?, ?, ?, 'commune', 0)`).run(id, `U${id}`, `Xã ${id}`);
  for (const id of [1, 2]) sqlite.prepare(`insert into counters (id, unit_id, code, name) values (?, 1, ?, ?)`).run(id, `Q${id}`, `Quầy ${id}`);
}

const rating = fc.record({
  // Few units, counters, channels and days, so ratings share rollup rows often.
  unit: fc.constantFrom(1, 2),
  counter: fc.constantFrom(null, 1),
  channel: fc.constantFrom('kiosk', 'online'),
  level: fc.integer({ min: 1, max: 5 }),
  // Hours across two days, so ratings fall both sides of Hà Nội midnight (17:00 UTC).
  hour: fc.integer({ min: 0, max: 48 }),
  counted: fc.boolean(),
  reasons: fc.subarray(['slow', 'rude', 'unclear']),
});

const step = fc.oneof(
  { weight: 6, arbitrary: rating.map((r) => ({ kind: 'insert' as const, ...r })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'delete' as const, pick })) },
  { weight: 2, arbitrary: fc.record({ pick: fc.nat(), level: fc.integer({ min: 1, max: 5 }), counted: fc.boolean(), hour: fc.integer({ min: 0, max: 48 }) }).map((r) => ({ kind: 'update' as const, ...r })) },
);

describe('rating rollups', () => {
  it('hold exactly the counts grouped from the ratings, through inserts, reasons, deletes and corrections', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const { sqlite, close } = openDatabase(':memory:');
        try {
          seedUnits(sqlite);
          let key = 0;
          const insert = sqlite.prepare(
            `insert into ratings (unit_id, counter_id, channel, level, server_time, rated_at, counted, idempotency_key, request_hash) values (?, ?, ?, ?, 0, ?, ?, ?, '')`,
          );
          const ids = () => sqlite.prepare('select id from ratings order by id').pluck().all() as number[];
          for (const s of steps) {
            if (s.kind === 'insert') {
              const { lastInsertRowid } = insert.run(s.unit, s.counter, s.channel, s.level, JAN_2026 + s.hour * HOUR + 1, s.counted ? 1 : 0, `k${key++}`);
              for (const reason of s.reasons) sqlite.prepare('insert into rating_reasons values (?, ?)').run(lastInsertRowid, reason);
              continue;
            }
            const all = ids();
            if (all.length === 0) continue;
            const id = all[s.pick % all.length];
            if (s.kind === 'delete') {
              sqlite.prepare('delete from rating_reasons where rating_id = ?').run(id);
              sqlite.prepare('delete from ratings where id = ?').run(id);
            } else {
              sqlite.prepare('update ratings set level = ?, counted = ?, rated_at = ? where id = ?').run(s.level, s.counted ? 1 : 0, JAN_2026 + s.hour * HOUR, id);
            }
          }
          expect(rollups(sqlite)).toEqual(expected(sqlite));
        } finally {
          close();
        }
      }),
      { numRuns: 100 },
    );
  });

  it('are filled from the ratings a database held before the migration that added them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollups-'));
    const before = join(dir, 'migrations');
    cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
    const journalPath = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const index = journal.entries.findIndex((e) => e.tag === '0008_rating_rollups');
    expect(index).toBeGreaterThan(0);
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, index) }));

    const sqlite = new Database(join(dir, 'old.sqlite'));
    migrate(drizzle(sqlite), { migrationsFolder: before });
    seedUnits(sqlite);
    const insert = sqlite.prepare(
      `insert into ratings (unit_id, counter_id, channel, level, server_time, rated_at, counted, idempotency_key, request_hash) values (?, ?, ?, ?, 0, ?, ?, ?, '')`,
    );
    for (let i = 0; i < 200; i++) {
      const { lastInsertRowid } = insert.run(1 + (i % 3), i % 4 === 0 ? null : 1 + (i % 2), ['kiosk', 'online', 'qr'][i % 3], 1 + ((i * 7) % 5), JAN_2026 + i * 5 * HOUR, i % 9 === 0 ? 0 : 1, `k${i}`);
      if (i % 5 === 0) sqlite.prepare('insert into rating_reasons values (?, ?)').run(lastInsertRowid, i % 2 ? 'slow' : 'rude');
    }
    sqlite.close();

    const { sqlite: migrated, close } = openDatabase(join(dir, 'old.sqlite'));
    try {
      const now = rollups(migrated);
      expect(now.days.length).toBeGreaterThan(50);
      expect(now.reasons.length).toBeGreaterThan(10);
      expect(now).toEqual(expected(migrated));
    } finally {
      close();
    }
  });
});

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addLevels, dayNumber, monthKey, type Segment, segments } from '../../../api/indices/rollups.js';
import { MIGRATIONS_FOLDER, openSqlite } from '../../../api/platform/db/sqlite.js';
import {
  applyDossierSteps,
  applyRatingSteps,
  dossierStep,
  HOUR,
  JAN_31_2026,
  ratingStep,
  rollupRows,
  seedUnits,
  sqliteSql,
} from '../../helpers/rollup-steps.js';

const local = (x: string) => `(${x} + 25200000)`;
/** Each grain's period of a stored millisecond time, written independently of the triggers. */
const GRAIN_PERIODS = {
  day: (x: string) => `${local(x)} / 86400000`,
  month: (x: string) =>
    `(cast(strftime('%Y', ${local(x)} / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', ${local(x)} / 1000, 'unixepoch') as integer) - 1`,
};

/** What the rollups must hold: the same counts grouped from the ratings themselves, at both grains. */
function expected(sqlite: Database.Database) {
  const levels = 'sum(level = 1) l1, sum(level = 2) l2, sum(level = 3) l3, sum(level = 4) l4, sum(level = 5) l5';
  const union = (query: (grain: string, period: (x: string) => string) => string) =>
    sqlite
      .prepare(
        `${Object.entries(GRAIN_PERIODS)
          .map(([grain, period]) => query(grain, period))
          .join(' union all ')} order by 1, 2, 3, 4, 5`,
      )
      .all();
  return {
    counts: union(
      (g, p) =>
        `select unit_id, '${g}' grain, ${p('rated_at')} period, channel, coalesce(counter_id, 0) counter_id, ${levels} from ratings where counted group by 1, 2, 3, 4, 5`,
    ),
    hours: union(
      (g, p) =>
        `select unit_id, '${g}' grain, ${p('rated_at')} period, (${local('rated_at')} / 86400000 + 3) % 7 weekday, (${local('rated_at')} / 3600000) % 24 hour, ${levels} from ratings where counted group by 1, 2, 3, 4, 5`,
    ),
    reasons: union(
      (g, p) =>
        `select r.unit_id, '${g}' grain, ${p('r.rated_at')} period, x.reason, count(*) n from rating_reasons x join ratings r on r.id = x.rating_id where r.counted group by 1, 2, 3, 4`,
    ),
  };
}

/**
 * QĐ 766 on time, as the national portal counts it: resolved by the due time once the applicant's
 * supplementation time is taken off, and asked to supplement at most once.
 */
const ON_TIME =
  'resolved_at is not null and supplement_requests <= 1 and resolved_at - coalesce(supplement_received_at - supplement_requested_at, 0) <= due_at';

/** The dossier rollups as grouped from the dossiers. */
function expectedDossiers(sqlite: Database.Database) {
  return sqlite
    .prepare(
      `${Object.entries(GRAIN_PERIODS)
        .map(
          ([g, p]) =>
            `select unit_id, '${g}' grain, ${p('received_at')} period, count(*) received, sum(channel = 'online') online, sum(digitised) digitised, sum(${ON_TIME}) resolved_on_time from transactions group by 1, 2, 3`,
        )
        .join(' union all ')} order by 1, 2, 3`,
    )
    .all();
}

describe('rating rollups', () => {
  it('hold exactly the counts grouped from the ratings, through inserts, reasons, deletes and corrections', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ratingStep, { maxLength: 60 }), async (steps) => {
        const { sqlite, close } = openSqlite(':memory:');
        try {
          const db = sqliteSql(sqlite);
          await seedUnits(db);
          await applyRatingSteps(db, steps);
          const { counts, hours, reasons } = await rollupRows(db);
          expect({ counts, hours, reasons }).toEqual(expected(sqlite));
        } finally {
          await close();
        }
      }),
      { numRuns: 100 },
    );
  });

  it('are filled from the ratings and dossiers a database held before the migrations that added them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollups-'));
    const before = join(dir, 'migrations');
    cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
    const journalPath = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const index = journal.entries.findIndex((e) => e.tag === '0008_rollups');
    expect(index).toBeGreaterThan(0);
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, index) }));

    const sqlite = new Database(join(dir, 'old.sqlite'));
    migrate(drizzle(sqlite), { migrationsFolder: before });
    await seedUnits(sqliteSql(sqlite));
    const insert = sqlite.prepare(
      `insert into ratings (unit_id, counter_id, channel, level, server_time, rated_at, counted, idempotency_key, request_hash) values (?, ?, ?, ?, 0, ?, ?, ?, '')`,
    );
    for (let i = 0; i < 200; i++) {
      const { lastInsertRowid } = insert.run(
        1 + (i % 3),
        i % 4 === 0 ? null : 1 + (i % 2),
        ['kiosk', 'online', 'qr'][i % 3],
        1 + ((i * 7) % 5),
        JAN_31_2026 + i * 5 * HOUR,
        i % 9 === 0 ? 0 : 1,
        `k${i}`,
      );
      if (i % 5 === 0) sqlite.prepare('insert into rating_reasons values (?, ?)').run(lastInsertRowid, i % 2 ? 'slow' : 'rude');
    }
    const dossier = sqlite.prepare(
      `insert into transactions (receipt_code, unit_id, procedure_id, channel, received_at, due_at, resolved_at, digitised) values (?, ?, 1, ?, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < 100; i++) {
      const at = JAN_31_2026 + i * 7 * HOUR;
      dossier.run(`R${i}`, 1 + (i % 3), i % 3 ? 'counter' : 'online', at, at + 48 * HOUR, i % 4 ? at + (i % 7) * 10 * HOUR : null, i % 2);
    }
    sqlite.close();

    const { sqlite: migrated, close } = openSqlite(join(dir, 'old.sqlite'));
    try {
      const { dossiers, ...now } = await rollupRows(sqliteSql(migrated));
      expect(now.counts.length).toBeGreaterThan(50);
      expect(now.reasons.length).toBeGreaterThan(10);
      expect(now).toEqual(expected(migrated));
      expect(dossiers.length).toBeGreaterThan(20);
      expect(dossiers).toEqual(expectedDossiers(migrated));
    } finally {
      await close();
    }
  });
});

describe('dossier rollups', () => {
  it('hold the dossiers received, online, digitised and resolved on time per unit and period, through imports, deletes and resolutions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(dossierStep, { maxLength: 50 }), async (steps) => {
        const { sqlite, close } = openSqlite(':memory:');
        try {
          const db = sqliteSql(sqlite);
          await seedUnits(db);
          await applyDossierSteps(db, steps);
          expect((await rollupRows(db)).dossiers).toEqual(expectedDossiers(sqlite));
        } finally {
          await close();
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('periods read from the rollups', () => {
  const DAY = 86_400_000;
  const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
  /** The days a segment stands for. */
  const daysOf = (s: Segment) => {
    if (s.grain === 'day') return Array.from({ length: s.to - s.from + 1 }, (_, k) => s.from + k);
    const start = Date.UTC(1970 + Math.floor(s.from / 12), s.from % 12, 1) / DAY;
    const end = Date.UTC(1970 + Math.floor((s.to + 1) / 12), (s.to + 1) % 12, 1) / DAY;
    return Array.from({ length: end - start }, (_, k) => start + k);
  };

  it('covers every day of a period exactly once, with its whole months as month rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 19_000, max: 21_000 }), fc.integer({ min: 0, max: 800 }), (first, length) => {
        const dates = { from: iso(first), to: iso(first + length) };
        const parts = segments(dates);
        expect(parts.flatMap(daysOf)).toEqual(Array.from({ length: length + 1 }, (_, k) => first + k));
        // No run of day rows spans a whole month, and there are at most two of them.
        const dayParts = parts.filter((s) => s.grain === 'day');
        expect(dayParts.length).toBeLessThanOrEqual(2);
        for (const s of dayParts) expect(s.to - s.from).toBeLessThan(62);
      }),
    );
  });

  it('reads 2025 as its twelve months, and 15 January – 10 March as days, February, days, adding up what they read', () => {
    expect(segments({ from: '2025-01-01', to: '2025-12-31' })).toEqual([{ grain: 'month', from: 660, to: 671 }]);
    expect(segments({ from: '2025-01-15', to: '2025-03-10' })).toEqual([
      { grain: 'day', from: dayNumber('2025-01-15'), to: dayNumber('2025-01-31') },
      { grain: 'month', from: 661, to: 661 },
      { grain: 'day', from: dayNumber('2025-03-01'), to: dayNumber('2025-03-10') },
    ]);
    expect(segments({ from: '2025-02-03', to: '2025-02-03' })).toEqual([
      { grain: 'day', from: dayNumber('2025-02-03'), to: dayNumber('2025-02-03') },
    ]);
    expect(monthKey('month', 661)).toBe('2025-02');
    // A key read from several segments is added up; one whose rows were all emptied by deletes is no rating at all.
    const zero = { l1: 0, l2: 0, l3: 0, l4: 0, l5: 0 };
    const added = addLevels(
      [
        { key: 'kiosk', ...zero, l5: 3 },
        { key: 'kiosk', ...zero, l2: 1, l5: 1 },
        { key: 'qr', ...zero },
      ],
      (row) => row.key,
    );
    expect([...added]).toEqual([['kiosk', { ...zero, l2: 1, l5: 4 }]]);
    expect(monthKey('day', dayNumber('2025-03-10'))).toBe('2025-03');
  });
});

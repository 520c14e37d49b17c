import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from '../../api/db/client.js';
import { type Segment, dayNumber, monthKey, segments } from '../../api/rollups.js';

const HOUR = 3_600_000;
// The last hours of January 2026 in Hà Nội, so ratings fall both sides of a day's and a month's end.
const JAN_2026 = Date.UTC(2026, 0, 30, 17);

const local = (x: string) => `(${x} + 25200000)`;
/** Each grain's period of a stored millisecond time, written independently of the triggers. */
const GRAIN_PERIODS = {
  day: (x: string) => `${local(x)} / 86400000`,
  month: (x: string) => `(cast(strftime('%Y', ${local(x)} / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', ${local(x)} / 1000, 'unixepoch') as integer) - 1`,
};

/** What the rollups must hold: the same counts grouped from the ratings themselves, at both grains. */
function expected(sqlite: Database.Database) {
  const levels = 'sum(level = 1) l1, sum(level = 2) l2, sum(level = 3) l3, sum(level = 4) l4, sum(level = 5) l5';
  const union = (query: (grain: string, period: (x: string) => string) => string) =>
    sqlite.prepare(`${Object.entries(GRAIN_PERIODS).map(([grain, period]) => query(grain, period)).join(' union all ')} order by 1, 2, 3, 4, 5`).all();
  return {
    counts: union((g, p) => `select unit_id, '${g}' grain, ${p('rated_at')} period, channel, coalesce(counter_id, 0) counter_id, ${levels} from ratings where counted group by 1, 2, 3, 4, 5`),
    hours: union(
      (g, p) =>
        `select unit_id, '${g}' grain, ${p('rated_at')} period, (${local('rated_at')} / 86400000 + 3) % 7 weekday, (${local('rated_at')} / 3600000) % 24 hour, ${levels} from ratings where counted group by 1, 2, 3, 4, 5`,
    ),
    reasons: union(
      (g, p) => `select r.unit_id, '${g}' grain, ${p('r.rated_at')} period, x.reason, count(*) n from rating_reasons x join ratings r on r.id = x.rating_id where r.counted group by 1, 2, 3, 4`,
    ),
  };
}

/** The rollups, leaving out rows whose counts went back to zero after a delete or a correction. */
function rollups(sqlite: Database.Database) {
  const nonZero = 'l1 + l2 + l3 + l4 + l5 > 0';
  return {
    counts: sqlite.prepare(`select * from rating_counts where ${nonZero} order by 1, 2, 3, 4, 5`).all(),
    hours: sqlite.prepare(`select * from rating_hour_counts where ${nonZero} order by 1, 2, 3, 4, 5`).all(),
    reasons: sqlite.prepare('select * from rating_reason_counts where n > 0 order by 1, 2, 3, 4').all(),
  };
}

/** The dossier rollups as grouped from the dossiers. */
function expectedDossiers(sqlite: Database.Database) {
  return sqlite
    .prepare(
      Object.entries(GRAIN_PERIODS)
        .map(
          ([g, p]) =>
            `select unit_id, '${g}' grain, ${p('received_at')} period, count(*) received, sum(channel = 'online') online, sum(digitised) digitised, sum(resolved_at is not null and resolved_at <= due_at) resolved_on_time from transactions group by 1, 2, 3`,
        )
        .join(' union all ') + ' order by 1, 2, 3',
    )
    .all();
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
  // Hours across 31 January and 1 February in Hà Nội: both sides of a midnight and of a month's end.
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

  it('are filled from the ratings and dossiers a database held before the migrations that added them', () => {
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
    seedUnits(sqlite);
    const insert = sqlite.prepare(
      `insert into ratings (unit_id, counter_id, channel, level, server_time, rated_at, counted, idempotency_key, request_hash) values (?, ?, ?, ?, 0, ?, ?, ?, '')`,
    );
    for (let i = 0; i < 200; i++) {
      const { lastInsertRowid } = insert.run(1 + (i % 3), i % 4 === 0 ? null : 1 + (i % 2), ['kiosk', 'online', 'qr'][i % 3], 1 + ((i * 7) % 5), JAN_2026 + i * 5 * HOUR, i % 9 === 0 ? 0 : 1, `k${i}`);
      if (i % 5 === 0) sqlite.prepare('insert into rating_reasons values (?, ?)').run(lastInsertRowid, i % 2 ? 'slow' : 'rude');
    }
    sqlite.prepare(`insert into procedures (id, code, name, field) values (1, '1.1', 'Khai sinh', 'Hộ tịch')`).run();
    const dossier = sqlite.prepare(
      `insert into transactions (receipt_code, unit_id, procedure_id, channel, received_at, due_at, resolved_at, digitised) values (?, ?, 1, ?, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < 100; i++) {
      const at = JAN_2026 + i * 7 * HOUR;
      dossier.run(`R${i}`, 1 + (i % 3), i % 3 ? 'counter' : 'online', at, at + 48 * HOUR, i % 4 ? at + (i % 7) * 10 * HOUR : null, i % 2);
    }
    sqlite.close();

    const { sqlite: migrated, close } = openDatabase(join(dir, 'old.sqlite'));
    try {
      const now = rollups(migrated);
      expect(now.counts.length).toBeGreaterThan(50);
      expect(now.reasons.length).toBeGreaterThan(10);
      expect(now).toEqual(expected(migrated));
      const dossiers = expectedDossiers(migrated);
      expect(dossiers.length).toBeGreaterThan(20);
      expect(migrated.prepare('select * from transaction_counts order by 1, 2, 3').all()).toEqual(dossiers);
    } finally {
      close();
    }
  });
});

describe('dossier rollups', () => {
  const dossier = fc.record({
    unit: fc.constantFrom(1, 2),
    online: fc.boolean(),
    digitised: fc.boolean(),
    hour: fc.integer({ min: 0, max: 48 }),
    // Due some hours after receipt; resolved before, after, or not yet.
    dueAfter: fc.integer({ min: 0, max: 30 }),
    resolvedAfter: fc.option(fc.integer({ min: 0, max: 40 })),
  });
  const change = fc.oneof(
    { weight: 5, arbitrary: dossier.map((d) => ({ kind: 'insert' as const, ...d })) },
    { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'delete' as const, pick })) },
    { weight: 2, arbitrary: fc.record({ pick: fc.nat(), resolvedAfter: fc.option(fc.integer({ min: 0, max: 40 })), digitised: fc.boolean() }).map((d) => ({ kind: 'update' as const, ...d })) },
  );

  it('hold the dossiers received, online, digitised and resolved on time per unit and day, through imports, deletes and resolutions', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 50 }), (changes) => {
        const { sqlite, close } = openDatabase(':memory:');
        try {
          seedUnits(sqlite);
          sqlite.prepare(`insert into procedures (id, code, name, field) values (1, '1.1', 'Khai sinh', 'Hộ tịch')`).run();
          const insert = sqlite.prepare(
            `insert into transactions (receipt_code, unit_id, procedure_id, channel, received_at, due_at, resolved_at, digitised) values (?, ?, 1, ?, ?, ?, ?, ?)`,
          );
          let code = 0;
          for (const c of changes) {
            if (c.kind === 'insert') {
              const at = JAN_2026 + c.hour * HOUR;
              insert.run(`R${code++}`, c.unit, c.online ? 'online' : 'counter', at, at + c.dueAfter * HOUR, c.resolvedAfter === null ? null : at + c.resolvedAfter * HOUR, c.digitised ? 1 : 0);
              continue;
            }
            const ids = sqlite.prepare('select id from transactions order by id').pluck().all() as number[];
            if (ids.length === 0) continue;
            const id = ids[c.pick % ids.length];
            if (c.kind === 'delete') sqlite.prepare('delete from transactions where id = ?').run(id);
            else sqlite.prepare(`update transactions set resolved_at = case when ? is null then null else received_at + ? end, digitised = ? where id = ?`).run(c.resolvedAfter, (c.resolvedAfter ?? 0) * HOUR, c.digitised ? 1 : 0, id);
          }
          expect(sqlite.prepare('select * from transaction_counts where received > 0 order by 1, 2, 3').all()).toEqual(expectedDossiers(sqlite));
        } finally {
          close();
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

  it('reads 2025 as its twelve months, and 15 January – 10 March as days, February, days', () => {
    expect(segments({ from: '2025-01-01', to: '2025-12-31' })).toEqual([{ grain: 'month', from: 660, to: 671 }]);
    expect(segments({ from: '2025-01-15', to: '2025-03-10' })).toEqual([
      { grain: 'day', from: dayNumber('2025-01-15'), to: dayNumber('2025-01-31') },
      { grain: 'month', from: 661, to: 661 },
      { grain: 'day', from: dayNumber('2025-03-01'), to: dayNumber('2025-03-10') },
    ]);
    expect(segments({ from: '2025-02-03', to: '2025-02-03' })).toEqual([{ grain: 'day', from: dayNumber('2025-02-03'), to: dayNumber('2025-02-03') }]);
    expect(monthKey('month', 661)).toBe('2025-02');
    expect(monthKey('day', dayNumber('2025-03-10'))).toBe('2025-03');
  });
});

import type Database from 'better-sqlite3';
import fc from 'fast-check';
import type pg from 'pg';

/** Plain SQL on either dialect: `?` placeholders, rows as objects. */
export interface Sql {
  all(query: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

export const sqliteSql = (sqlite: Database.Database): Sql => ({
  async all(query, params = []) {
    const statement = sqlite.prepare(query);
    if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
    statement.run(...params);
    return [];
  },
});

export const pgSql = (client: pg.ClientBase): Sql => ({
  async all(query, params = []) {
    let n = 0;
    return (
      await client.query(
        query.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows;
  },
});

export const HOUR = 3_600_000;
// The last hours of January 2026 in Hà Nội, so records fall both sides of a day's and a month's end.
export const JAN_31_2026 = Date.UTC(2026, 0, 30, 17);

export async function seedUnits(db: Sql): Promise<void> {
  for (const id of [1, 2, 3])
    await db.all(`insert into units (id, code, name, kind, valid_from) values (?, ?, ?, 'commune', '2025-07-01')`, [
      id,
      `U${id}`,
      `Xã ${id}`,
    ]);
  for (const id of [1, 2]) await db.all(`insert into counters (id, unit_id, code, name) values (?, 1, ?, ?)`, [id, `Q${id}`, `Quầy ${id}`]);
  await db.all(`insert into procedures (id, code, name, field) values (1, '1.1', 'Khai sinh', 'Hộ tịch')`);
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

/** Ratings stored, deleted and corrected. */
export const ratingStep = fc.oneof(
  { weight: 6, arbitrary: rating.map((r) => ({ kind: 'insert' as const, ...r })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'delete' as const, pick })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ pick: fc.nat(), level: fc.integer({ min: 1, max: 5 }), counted: fc.boolean(), hour: fc.integer({ min: 0, max: 48 }) })
      .map((r) => ({ kind: 'update' as const, ...r })),
  },
  // Statements of many rows (PostgreSQL keeps its rollups per statement).
  {
    weight: 1,
    arbitrary: fc.record({ copies: fc.integer({ min: 2, max: 4 }), rating }).map((r) => ({ kind: 'insertMany' as const, ...r })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ unit: fc.constantFrom(1, 2), level: fc.integer({ min: 1, max: 5 }) })
      .map((r) => ({ kind: 'relevel' as const, ...r })),
  },
);

/** Asked to supplement 0–2 times; the last request some hours after receipt, answered some hours later or not yet. */
const supplement = {
  requests: fc.integer({ min: 0, max: 2 }),
  requestedAfter: fc.integer({ min: 0, max: 20 }),
  answeredAfter: fc.option(fc.integer({ min: 0, max: 20 })),
};

const dossier = fc.record({
  unit: fc.constantFrom(1, 2),
  online: fc.boolean(),
  digitised: fc.boolean(),
  hour: fc.integer({ min: 0, max: 48 }),
  // Due some hours after receipt; resolved before, after, or not yet.
  dueAfter: fc.integer({ min: 0, max: 30 }),
  resolvedAfter: fc.option(fc.integer({ min: 0, max: 40 })),
  ...supplement,
});

/** Dossiers imported, deleted and resolved (or re-opened). */
export const dossierStep = fc.oneof(
  { weight: 5, arbitrary: dossier.map((d) => ({ kind: 'insert' as const, ...d })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'delete' as const, pick })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ pick: fc.nat(), resolvedAfter: fc.option(fc.integer({ min: 0, max: 40 })), digitised: fc.boolean(), ...supplement })
      .map((d) => ({ kind: 'update' as const, ...d })),
  },
);

type Drawn<A> = A extends fc.Arbitrary<infer S> ? S : never;

const pick = async (db: Sql, table: string, n: number) => {
  const ids = (await db.all(`select id from ${table} order by id`)).map((r) => Number(r.id));
  return ids.length ? ids[n % ids.length] : undefined;
};

/** Applies the steps; `keys` tells the idempotency keys of one call from another's. */
export async function applyRatingSteps(db: Sql, steps: Drawn<typeof ratingStep>[], keys = 'k'): Promise<void> {
  let key = 0;
  for (const s of steps) {
    if (s.kind === 'insert') {
      const [row] = await db.all(
        `insert into ratings (unit_id, counter_id, channel, level, server_time, rated_at, counted, idempotency_key, request_hash) values (?, ?, ?, ?, 0, ?, ?, ?, '') returning id`,
        [s.unit, s.counter, s.channel, s.level, JAN_31_2026 + s.hour * HOUR + 1, s.counted ? 1 : 0, `${keys}${key++}`],
      );
      if (s.reasons.length) {
        await db.all(
          `insert into rating_reasons (rating_id, reason) values ${s.reasons.map(() => '(?, ?)').join(', ')}`,
          s.reasons.flatMap((reason) => [row?.id, reason]),
        );
      }
      continue;
    }
    if (s.kind === 'insertMany') {
      const r = s.rating;
      await db.all(
        `insert into ratings (unit_id, counter_id, channel, level, server_time, rated_at, counted, idempotency_key, request_hash) values ${Array.from({ length: s.copies }, () => "(?, ?, ?, ?, 0, ?, ?, ?, '')").join(', ')}`,
        Array.from({ length: s.copies }, () => [
          r.unit,
          r.counter,
          r.channel,
          r.level,
          JAN_31_2026 + r.hour * HOUR + 1,
          r.counted ? 1 : 0,
          `${keys}${key++}`,
        ]).flat(),
      );
      continue;
    }
    if (s.kind === 'relevel') {
      await db.all('update ratings set level = ? where unit_id = ?', [s.level, s.unit]);
      continue;
    }
    const id = await pick(db, 'ratings', s.pick);
    if (id === undefined) continue;
    if (s.kind === 'delete') {
      await db.all('delete from rating_reasons where rating_id = ?', [id]);
      await db.all('delete from ratings where id = ?', [id]);
    } else {
      await db.all('update ratings set level = ?, counted = ?, rated_at = ? where id = ?', [
        s.level,
        s.counted ? 1 : 0,
        JAN_31_2026 + s.hour * HOUR,
        id,
      ]);
    }
  }
}

/** The supplementation columns: count, last request, the applicant's answer (none without a request). */
const supplementValues = (c: { requests: number; requestedAfter: number; answeredAfter: number | null }, at: number) => {
  if (c.requests === 0) return [0, null, null];
  const requested = at + c.requestedAfter * HOUR;
  return [c.requests, requested, c.answeredAfter === null ? null : requested + c.answeredAfter * HOUR];
};

export async function applyDossierSteps(db: Sql, steps: Drawn<typeof dossierStep>[]): Promise<void> {
  let code = 0;
  for (const c of steps) {
    if (c.kind === 'insert') {
      const at = JAN_31_2026 + c.hour * HOUR;
      await db.all(
        `insert into transactions (receipt_code, unit_id, procedure_id, channel, received_at, due_at, resolved_at, digitised, supplement_requests, supplement_requested_at, supplement_received_at) values (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          `R${code++}`,
          c.unit,
          c.online ? 'online' : 'counter',
          at,
          at + c.dueAfter * HOUR,
          c.resolvedAfter === null ? null : at + c.resolvedAfter * HOUR,
          c.digitised ? 1 : 0,
          ...supplementValues(c, at),
        ],
      );
      continue;
    }
    const id = await pick(db, 'transactions', c.pick);
    if (id === undefined) continue;
    if (c.kind === 'delete') await db.all('delete from transactions where id = ?', [id]);
    else {
      const [row] = await db.all('select received_at from transactions where id = ?', [id]);
      const at = Number(row?.received_at);
      await db.all(
        'update transactions set resolved_at = ?, digitised = ?, supplement_requests = ?, supplement_requested_at = ?, supplement_received_at = ? where id = ?',
        [c.resolvedAfter === null ? null : at + c.resolvedAfter * HOUR, c.digitised ? 1 : 0, ...supplementValues(c, at), id],
      );
    }
  }
}

/** Every rollup's rows, leaving out those whose counts went back to zero after a delete or a correction. */
export async function rollupRows(db: Sql) {
  const nonZero = 'l1 + l2 + l3 + l4 + l5 > 0';
  return {
    counts: await db.all(`select * from rating_counts where ${nonZero} order by 1, 2, 3, 4, 5`),
    hours: await db.all(`select * from rating_hour_counts where ${nonZero} order by 1, 2, 3, 4, 5`),
    reasons: await db.all('select * from rating_reason_counts where n > 0 order by 1, 2, 3, 4'),
    dossiers: await db.all('select * from transaction_counts where received > 0 order by 1, 2, 3'),
  };
}

import { and, eq, getTableColumns, gt, inArray, lt, or } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { driverValue } from '../platform/db/bulk.js';
import { perDatabase } from '../platform/db/per-database.js';
import { counters, kioskDevices, ratings } from '../platform/db/schema.js';
import { type Db, prepared } from '../platform/db/store.js';

/**
 * The statements a group commit batch of ratings gathers from its writes: each kiosk tap's
 * lookups, and the ratings' insert (one run of the rollup triggers a batch). SQLite builds them
 * with drizzle; PostgreSQL, where each is a round trip, runs fixed texts over arrays, prepared once
 * per connection whatever the batch's size.
 */

type RatingRow = typeof ratings.$inferSelect;
type CounterRow = typeof counters.$inferSelect;
type Device = Pick<typeof kioskDevices.$inferSelect, 'id' | 'keyHash' | 'revokedAt'> & {
  counterId: CounterRow['id'];
  unitId: CounterRow['unitId'];
};

/** A kiosk device with the counter and unit it stands at. */
export const deviceFields = {
  id: kioskDevices.id,
  keyHash: kioskDevices.keyHash,
  revokedAt: kioskDevices.revokedAt,
  counterId: counters.id,
  unitId: counters.unitId,
};

/** A kiosk tap's lookups: its device, and the taps near its time (the repeat window, in milliseconds). */
interface KioskTap {
  id: string;
  key: string;
  after: number;
  before: number;
}

/** What a batch's kiosk lookups answer for each tap. */
interface TapLookup {
  device: Device | undefined;
  previous: Pick<RatingRow, keyof typeof created | 'requestHash' | 'deviceId'> | undefined;
  repeated: boolean;
}

/** The span of times the repeat guard looks at for a batch's taps (a window of 0 looks at none). */
function span(taps: KioskTap[]) {
  const windows = taps.filter((tap) => tap.after < tap.before);
  return windows.length
    ? { after: Math.min(...windows.map((tap) => tap.after)), before: Math.max(...windows.map((tap) => tap.before)) }
    : undefined;
}

/** Each tap's answer from the devices and the stored ratings the batch's lookups found. */
function answer(taps: KioskTap[], devices: Map<string, Device>, stored: NonNullable<TapLookup['previous']>[]): TapLookup[] {
  return taps.map((tap) => ({
    device: devices.get(tap.id),
    previous: stored.find((row) => row.idempotencyKey === tap.key),
    repeated: stored.some(
      (row) => row.deviceId === tap.id && row.counted && row.ratedAt.getTime() > tap.after && row.ratedAt.getTime() < tap.before,
    ),
  }));
}

/**
 * SQLite: the lookups of a batch's kiosk taps in two statements: each tap's device (with its
 * counter's unit), the rating already stored under its idempotency key, and whether a counted tap
 * of the device lies inside its repeat window.
 */
const lookUpTapsSqlite = perDatabase((db: Db) => async (taps: KioskTap[]) => {
  const ids = [...new Set(taps.map((tap) => tap.id))];
  const devices = new Map(
    (
      await db
        .select(deviceFields)
        .from(kioskDevices)
        .innerJoin(counters, eq(counters.id, kioskDevices.counterId))
        .where(inArray(kioskDevices.id, ids))
    ).map((device) => [device.id, device]),
  );
  const times = span(taps);
  const near = times
    ? and(
        inArray(ratings.deviceId, ids),
        eq(ratings.counted, true),
        gt(ratings.ratedAt, new Date(times.after)),
        lt(ratings.ratedAt, new Date(times.before)),
      )
    : undefined;
  const stored = await db
    .select()
    .from(ratings)
    .where(
      or(
        inArray(
          ratings.idempotencyKey,
          taps.map((tap) => tap.key),
        ),
        near,
      ),
    );
  return answer(taps, devices, stored);
});

/**
 * PostgreSQL: the same two lookups in one prepared statement, the devices' rows and the ratings'
 * rows one under the other (a rating row has no key hash).
 */
const TAPS_PG = `select d.id as device_id, d.key_hash, d.revoked_at, c.id as counter_id, c.unit_id,
    null::bigint as rating_id, null::text as channel, null::bigint as level, null::boolean as counted,
    null::bigint as rated_at, null::text as idempotency_key, null::text as request_hash
  from kiosk_devices d join counters c on c.id = d.counter_id where d.id = any($1::text[])
  union all
  select device_id, null, null, counter_id, unit_id, id, channel, level, counted, rated_at, idempotency_key, request_hash
  from ratings where idempotency_key = any($2::text[]) or (device_id = any($1::text[]) and counted and rated_at > $3 and rated_at < $4)`;
interface TapRow {
  device_id: string | null;
  key_hash: string | null;
  revoked_at: number | null;
  counter_id: number | null;
  unit_id: number;
  rating_id: number | null;
  channel: RatingRow['channel'];
  level: number;
  counted: boolean;
  rated_at: number;
  idempotency_key: string;
  request_hash: string;
}
const lookUpTapsPg = (db: Db) => async (taps: KioskTap[]) => {
  const times = span(taps) ?? { after: 0, before: 0 };
  const found = await prepared<TapRow>(db, 'rating_taps', TAPS_PG, [
    [...new Set(taps.map((tap) => tap.id))],
    taps.map((tap) => tap.key),
    times.after,
    times.before,
  ]);
  const devices = new Map<string, Device>();
  const stored: NonNullable<TapLookup['previous']>[] = [];
  for (const row of found) {
    if (row.key_hash !== null)
      devices.set(row.device_id as string, {
        id: row.device_id as string,
        keyHash: row.key_hash,
        revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
        counterId: row.counter_id as number,
        unitId: row.unit_id,
      });
    else
      stored.push({
        id: row.rating_id as number,
        unitId: row.unit_id,
        channel: row.channel,
        level: row.level,
        counted: row.counted,
        ratedAt: new Date(row.rated_at),
        idempotencyKey: row.idempotency_key,
        requestHash: row.request_hash,
        deviceId: row.device_id,
      });
  }
  return answer(taps, devices, stored);
};

/** What a stored rating answers with (and its key, to match rows to writes). */
const created = {
  id: ratings.id,
  unitId: ratings.unitId,
  channel: ratings.channel,
  level: ratings.level,
  counted: ratings.counted,
  ratedAt: ratings.ratedAt,
  idempotencyKey: ratings.idempotencyKey,
};

type RatingInsert = typeof ratings.$inferInsert;
type Stored = Pick<RatingRow, keyof typeof created>;
const inOrder = (rows: RatingInsert[], stored: Stored[]) => {
  const byKey = new Map(stored.map((row) => [row.idempotencyKey, row]));
  return rows.map((row) => byKey.get(row.idempotencyKey) as Stored);
};

/** SQLite: a batch's ratings in one statement (the rollup triggers run once), answered in their order. */
const insertRatingsSqlite = perDatabase(
  (db: Db) => async (rows: RatingInsert[]) => inOrder(rows, await db.insert(ratings).values(rows).returning(created)),
);

/** PostgreSQL's array type for a column of the one schema (every column of ratings has one). */
function arrayType(column: SQLiteColumn): string {
  const types: Record<string, string> = {
    SQLiteText: 'text',
    SQLiteBoolean: 'boolean',
    SQLiteInteger: 'bigint',
    SQLiteTimestamp: 'bigint',
  };
  const type = types[column.columnType];
  if (!type) throw new Error(`No PostgreSQL array type for ${column.name} (${column.columnType})`);
  return `${type}[]`;
}

/**
 * PostgreSQL: the same as one statement over arrays, a column each, so its text (and its prepared
 * plan) is one whatever the batch's size. Columns and answer come from the table's definition.
 */
const inserted = Object.entries(getTableColumns(ratings)).filter(([key]) => key !== 'id');
const INSERT_PG = `insert into ratings (${inserted.map(([, c]) => `"${c.name}"`).join(', ')})
  select * from unnest(${inserted.map(([, c], i) => `$${i + 1}::${arrayType(c)}`).join(', ')})
  returning ${Object.entries(created)
    .map(([key, c]) => `"${c.name}" as "${key}"`)
    .join(', ')}`;
const insertRatingsPg = (db: Db) => async (rows: RatingInsert[]) => {
  const arrays = inserted.map(([key, column]) => rows.map((row) => driverValue(row, key, column)));
  const stored = await prepared<Record<string, unknown>>(db, 'rating_insert', INSERT_PG, arrays);
  return inOrder(
    rows,
    stored.map((row) => Object.fromEntries(Object.entries(created).map(([key, c]) => [key, c.mapFromDriverValue(row[key])])) as Stored),
  );
};

/** A batch's kiosk lookups and its ratings' insert, each dialect's. */
export const ratingBatch = {
  sqlite: { lookUpTaps: lookUpTapsSqlite, insertRatings: insertRatingsSqlite },
  postgres: { lookUpTaps: lookUpTapsPg, insertRatings: insertRatingsPg },
};

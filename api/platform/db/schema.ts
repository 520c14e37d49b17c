import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { JsonValue } from '../../../engine/index.js';
import {
  ALERT_KINDS,
  CALLBACK_STATUSES,
  HOLD_DECISIONS,
  type HOLD_REASONS,
  ONLINE_LEVELS,
  PAR_STATES,
  type PROCEDURE_LEVELS,
  RATING_CHANNELS,
  type ServicePermission,
  TRANSACTION_CHANNELS,
  UNIT_KINDS,
  USER_ROLES,
  WAVE_STATUSES,
} from '../vocabulary.js';

/** Timestamps are epoch milliseconds (UTC); calendar dates are ISO 'YYYY-MM-DD' text. */
const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });

/** The key and counts of the rollup tables (see ratingCounts). */
export const ROLLUP_GRAINS = ['day', 'month'] as const;
const rollupKey = () => ({
  unitId: integer('unit_id').notNull(),
  grain: text('grain', { enum: ROLLUP_GRAINS }).notNull(),
  period: integer('period').notNull(),
});
const dossierCounts = () => ({
  received: integer('received').notNull().default(0),
  online: integer('online').notNull().default(0),
  digitised: integer('digitised').notNull().default(0),
  resolvedOnTime: integer('resolved_on_time').notNull().default(0),
});
const levelCounts = () => ({
  l1: integer('l1').notNull().default(0),
  l2: integer('l2').notNull().default(0),
  l3: integer('l3').notNull().default(0),
  l4: integer('l4').notNull().default(0),
  l5: integer('l5').notNull().default(0),
});

/**
 * Administrative units form a tree of any depth. Validity is half-open: a unit exists on
 * days d with valid_from <= d < valid_to. Codes can be reused after a reorganisation,
 * so a code is unique only together with its valid_from.
 */
export const units = sqliteTable(
  'units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: UNIT_KINDS }).notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => units.id),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to'),
    mergedIntoId: integer('merged_into_id').references((): AnySQLiteColumn => units.id),
  },
  (t) => [uniqueIndex('units_code_valid_from').on(t.code, t.validFrom), index('units_parent').on(t.parentId)],
);

/**
 * Which units lie below which (the closure of parent and merged-into links, without the unit
 * itself): each rollup has a twin kept per ancestor (the `*_below` tables), so a province's or the
 * country's figure reads its own rows, not its thousands of units'. The application rewrites it
 * from the tree (api/units/reach.ts); triggers on `units` mark it stale when the tree changes, and
 * while stale, figures are summed from the units' own rows.
 */
export const unitReach = sqliteTable(
  'unit_reach',
  { unitId: integer('unit_id').notNull(), ancestorId: integer('ancestor_id').notNull() },
  (t) => [primaryKey({ columns: [t.unitId, t.ancestorId] }), index('unit_reach_below').on(t.ancestorId, t.unitId)],
);

/** One row: whether unit_reach lags the tree. */
export const unitReachState = sqliteTable('unit_reach_state', {
  id: integer('id').primaryKey(),
  stale: integer('stale', { mode: 'boolean' }).notNull(),
});

/** The procedure catalogue (mã TTHC): its field, the levels that carry it out, and how far it is online. */
export const procedures = sqliteTable('procedures', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  field: text('field').notNull(),
  levels: text('levels', { mode: 'json' }).$type<(typeof PROCEDURE_LEVELS)[number][]>().notNull().default(sql`'[]'`),
  onlineLevel: text('online_level', { enum: ONLINE_LEVELS }),
});

export const NAME_KINDS = ['unit', 'procedure'] as const;

/**
 * A name a one-stop system writes for a unit or procedure that differs from its own (an old or
 * short name, a typo), confirmed by staff once and then resolved the same way in every import.
 * Compared by wordKey; a unit's alias still resolves only on days the unit is valid.
 */
export const nameAliases = sqliteTable(
  'name_aliases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: NAME_KINDS }).notNull(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    targetId: integer('target_id').notNull(),
    userId: integer('user_id').references((): AnySQLiteColumn => users.id),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('name_aliases_kind_key').on(t.kind, t.key)],
);

export const counters = sqliteTable(
  'counters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('counters_unit_code').on(t.unitId, t.code)],
);

export const kioskDevices = sqliteTable('kiosk_devices', {
  id: text('id').primaryKey(),
  counterId: integer('counter_id')
    .notNull()
    .references(() => counters.id),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull(),
  createdAt: ms('created_at').notNull(),
  revokedAt: ms('revoked_at'),
  /** The kiosk page's last heartbeat with the right key: a kiosk silent while its counter serves is probably down. */
  lastSeenAt: ms('last_seen_at'),
  /** The last heartbeat with a wrong key (or after revocation): a kiosk showing "not set up". */
  lastRefusedAt: ms('last_refused_at'),
});

export const transactions = sqliteTable(
  'transactions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    receiptCode: text('receipt_code').notNull().unique(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    procedureId: integer('procedure_id')
      .notNull()
      .references(() => procedures.id),
    counterId: integer('counter_id').references(() => counters.id),
    channel: text('channel', { enum: TRANSACTION_CHANNELS }).notNull(),
    receivedAt: ms('received_at').notNull(),
    dueAt: ms('due_at').notNull(),
    resolvedAt: ms('resolved_at'),
    digitised: integer('digitised', { mode: 'boolean' }).notNull().default(false),
    /** Times the applicant was asked to supplement the dossier. */
    supplementRequests: integer('supplement_requests').notNull().default(0),
    /**
     * The (last) request to supplement and when the applicant's supplement came in: QĐ 766 takes
     * the time in between, the applicant's, off the processing time.
     */
    supplementRequestedAt: ms('supplement_requested_at'),
    supplementReceivedAt: ms('supplement_received_at'),
    paidOnline: integer('paid_online', { mode: 'boolean' }).notNull().default(false),
    /** The result was issued electronically. */
    electronicResult: integer('electronic_result', { mode: 'boolean' }).notNull().default(false),
    /** The import (file or API batch) that last wrote this dossier; null when created otherwise. */
    importId: integer('import_id').references((): AnySQLiteColumn => imports.id),
  },
  (t) => [
    index('transactions_unit_received').on(t.unitId, t.receivedAt),
    // Dossiers not yet resolved: whether they are on time depends on the period's end, so they are
    // counted live, from this index alone (its last columns are what the count tests besides the dates).
    index('transactions_open')
      .on(t.unitId, t.receivedAt, t.dueAt, t.supplementRequests, t.supplementRequestedAt, t.supplementReceivedAt)
      .where(sql`${t.resolvedAt} is null`),
  ],
);

/**
 * Every dossier an import created or changed, numbered in the order written: the feed another
 * system reads from a cursor (GET /api/transactions/changes) to catch up after an outage.
 */
export const transactionChanges = sqliteTable(
  'transaction_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    receiptCode: text('receipt_code').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    importId: integer('import_id').references((): AnySQLiteColumn => imports.id),
    at: ms('at').notNull(),
  },
  (t) => [index('transaction_changes_unit').on(t.unitId, t.id)],
);

/**
 * Dossiers by unit and period of receipt (see ratingCounts): received, online, digitised, and
 * resolved by their due time. QĐ 766 reads these; open dossiers, whose standing depends on the
 * period's end, are counted from the transactions_open index.
 */
export const transactionCounts = sqliteTable('transaction_counts', { ...rollupKey(), ...dossierCounts() }, (t) => [
  primaryKey({ columns: [t.unitId, t.grain, t.period] }),
]);

/** Dossier counts below each unit (see ratingCountsBelow). */
export const transactionCountsBelow = sqliteTable('transaction_counts_below', { ...rollupKey(), ...dossierCounts() }, (t) => [
  primaryKey({ columns: [t.unitId, t.grain, t.period] }),
]);

export const IMPORT_KINDS = ['transactions', 'survey_responses'] as const;

/** Every file or API batch that entered data: by whom, when, and the SHA-256 of its content. */
export const imports = sqliteTable(
  'imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: IMPORT_KINDS }).notNull(),
    contentHash: text('content_hash').notNull(),
    filename: text('filename').notNull(),
    rows: integer('rows').notNull(),
    inserted: integer('inserted').notNull(),
    updated: integer('updated').notNull(),
    userId: integer('user_id').references((): AnySQLiteColumn => users.id),
    at: ms('at').notNull(),
  },
  (t) => [uniqueIndex('imports_kind_hash').on(t.kind, t.contentHash)],
);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: USER_ROLES }).notNull(),
  /** The root of the user's scope; null only for admins. */
  unitId: integer('unit_id').references(() => units.id),
  createdAt: ms('created_at').notNull(),
  /** Set by an admin: the account opens nothing (its sessions end at once) until enabled again. */
  disabledAt: ms('disabled_at'),
});

/**
 * Wrong passwords per username typed and address, whether or not the account exists (so answers
 * never tell which do): past LOGIN_MAX_FAILURES each further try from that address waits longer.
 */
export const signInFailures = sqliteTable(
  'sign_in_failures',
  {
    username: text('username').notNull(),
    address: text('address').notNull(),
    failures: integer('failures').notNull(),
    waitUntil: ms('wait_until'),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.username, t.address] }), index('sign_in_failures_updated').on(t.updatedAt)],
);

/**
 * Background work that must run once however many API processes there are (the alert scan,
 * webhook delivery, purges): the process holding a job's lease runs it and renews it each run; when
 * it stops renewing, another process takes the job over once the lease has expired.
 */
export const leases = sqliteTable('leases', {
  job: text('job').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: ms('expires_at').notNull(),
});

/** Who changed what, when, from what to what: every change to data that feeds an index. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: ms('at').notNull(),
    userId: integer('user_id').references(() => users.id),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    before: text('before', { mode: 'json' }).$type<JsonValue>(),
    after: text('after', { mode: 'json' }).$type<JsonValue>(),
  },
  (t) => [index('audit_entity').on(t.entity, t.entityId), index('audit_at').on(t.at)],
);

/** Only the SHA-256 of a session cookie is stored, so a copy of the database opens no session. */
export const sessions = sqliteTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  createdAt: ms('created_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
});

/** One-time rating tokens, stored as SHA-256 hashes; a token is spent by the rating that uses it. */
export const ratingTokens = sqliteTable('rating_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  transactionId: integer('transaction_id')
    .notNull()
    .references(() => transactions.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: ms('created_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
  usedAt: ms('used_at'),
  createdBy: integer('created_by').references(() => users.id),
  /** The service account whose key issued the link (a portal, the one-stop software), when no person did. */
  serviceAccountId: integer('service_account_id').references(() => serviceAccounts.id),
  /** SHA-256 of the address the link was issued from: a rating from there is held. */
  issuedFrom: text('issued_from'),
});

/**
 * A system that calls the API with a key of its own (the online portal, the one-stop software):
 * scoped to a unit and what it holds, allowed only the permissions listed.
 */
export const serviceAccounts = sqliteTable('service_accounts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  unitId: integer('unit_id')
    .notNull()
    .references(() => units.id),
  permissions: text('permissions', { mode: 'json' }).$type<ServicePermission[]>().notNull(),
  createdAt: ms('created_at').notNull(),
  createdBy: integer('created_by').references(() => users.id),
  /** Every key of a revoked account stops at once. */
  revokedAt: ms('revoked_at'),
});

/** A service account's keys: only the SHA-256 is stored, the prefix shown to tell keys apart. */
export const serviceKeys = sqliteTable(
  'service_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => serviceAccounts.id),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    createdAt: ms('created_at').notNull(),
    /** Set on a rotation: the older key keeps working until then, so the system can switch over. */
    expiresAt: ms('expires_at'),
    revokedAt: ms('revoked_at'),
    lastUsedAt: ms('last_used_at'),
  },
  (t) => [index('service_keys_account').on(t.accountId)],
);

/**
 * A citizen's rating. rated_at is when the citizen tapped (the device's clock when plausible,
 * else the server's), server_time when it arrived. `counted` is false for a repeated tap on one
 * kiosk inside the repeat window: kept for audit, left out of every count.
 */
export const ratings = sqliteTable(
  'ratings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    counterId: integer('counter_id').references(() => counters.id),
    transactionId: integer('transaction_id').references(() => transactions.id),
    deviceId: text('device_id').references(() => kioskDevices.id),
    tokenId: integer('token_id').references(() => ratingTokens.id),
    channel: text('channel', { enum: RATING_CHANNELS }).notNull(),
    level: integer('level').notNull(),
    comment: text('comment'),
    clientTime: ms('client_time'),
    serverTime: ms('server_time').notNull(),
    ratedAt: ms('rated_at').notNull(),
    counted: integer('counted', { mode: 'boolean' }).notNull().default(true),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    requestHash: text('request_hash').notNull(),
  },
  (t) => [
    check('ratings_level_range', sql`${t.level} between 1 and 5`),
    uniqueIndex('ratings_transaction').on(t.transactionId),
    // Covering: tap counts per unit, period, level and channel come from the index alone.
    index('ratings_unit_rated').on(t.unitId, t.ratedAt, t.level, t.counted, t.channel),
    index('ratings_device_rated').on(t.deviceId, t.ratedAt),
    // The latest comments of a unit, read backwards without touching ratings that have none.
    index('ratings_comments').on(t.unitId, t.ratedAt).where(sql`${t.comment} is not null`),
    // The latest comments of many units (a province, the country): read backwards by time alone.
    index('ratings_comments_latest').on(t.ratedAt).where(sql`${t.comment} is not null`),
  ],
);

/**
 * A rating through a link held out of every count (ratings.counted false) for the reasons given,
 * until Home Affairs decides to count it or keep it out; who decided, when and why.
 */
export const ratingHolds = sqliteTable(
  'rating_holds',
  {
    ratingId: integer('rating_id')
      .primaryKey()
      .references(() => ratings.id),
    reasons: text('reasons', { mode: 'json' }).$type<(typeof HOLD_REASONS)[number][]>().notNull(),
    heldAt: ms('held_at').notNull(),
    decision: text('decision', { enum: HOLD_DECISIONS }),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: ms('decided_at'),
    note: text('note'),
  },
  (t) => [index('rating_holds_decision').on(t.decision)],
);

/**
 * A phone number a citizen chose to leave for follow-up, kept apart from the rating and only with
 * consent, so ratings stay anonymous and the numbers can be purged on their own.
 */
export const followUps = sqliteTable('follow_ups', {
  ratingId: integer('rating_id')
    .primaryKey()
    .references(() => ratings.id),
  phone: text('phone').notNull(),
  consentedAt: ms('consented_at').notNull(),
  /** Where the call back stands, with the last note of whoever handled it (history in the audit log). */
  status: text('status', { enum: CALLBACK_STATUSES }).notNull().default('open'),
  note: text('note'),
  handledBy: integer('handled_by').references(() => users.id),
  handledAt: ms('handled_at'),
});

export const ratingReasons = sqliteTable(
  'rating_reasons',
  {
    ratingId: integer('rating_id')
      .notNull()
      .references(() => ratings.id),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ratingId, t.reason] })],
);

/**
 * Pre-aggregated counts, kept current by triggers (migrations/0008) on every path that writes
 * ratings or dossiers, so a dashboard over millions of ratings reads hundreds of rows. Each count
 * is kept at two grains: per Hà Nội day (`period` = days since 1970-01-01) and per month (`period`
 * = months since January 1970); a period of dates reads its whole months from the month rows and
 * its ragged ends from the day rows (api/rollups.ts). `counter_id` 0 is "no counter" (a primary
 * key column cannot be null in both dialects). On PostgreSQL each also has a covering index led by
 * the period (./schema-pg.ts, PG_ONLY_INDEXES).
 */
/** Counted ratings per level, by unit, period, channel and counter. */
export const ratingCounts = sqliteTable(
  'rating_counts',
  {
    ...rollupKey(),
    channel: text('channel', { enum: RATING_CHANNELS }).notNull(),
    counterId: integer('counter_id').notNull(),
    ...levelCounts(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.grain, t.period, t.channel, t.counterId] })],
);

/** Counted ratings per level by Hà Nội weekday (Monday 0) and hour, for the hour × weekday map. */
export const ratingHourCounts = sqliteTable(
  'rating_hour_counts',
  { ...rollupKey(), weekday: integer('weekday').notNull(), hour: integer('hour').notNull(), ...levelCounts() },
  (t) => [primaryKey({ columns: [t.unitId, t.grain, t.period, t.weekday, t.hour] })],
);

/** How often each reason was chosen with a counted rating. */
export const ratingReasonCounts = sqliteTable(
  'rating_reason_counts',
  { ...rollupKey(), reason: text('reason').notNull(), n: integer('n').notNull().default(0) },
  (t) => [primaryKey({ columns: [t.unitId, t.grain, t.period, t.reason] })],
);

/**
 * The rollups summed per ancestor (see unitReach): a row of unit A holds the counts of every unit
 * below A, never A's own. Triggers on each rollup add its changes to every ancestor's row, so
 * below(A) = the sum of the own rows of the units below A, always (tests/api/units/reach.test.ts).
 * Counts below a unit are not kept per counter: a counter belongs to one unit.
 */
export const ratingCountsBelow = sqliteTable(
  'rating_counts_below',
  { ...rollupKey(), channel: text('channel', { enum: RATING_CHANNELS }).notNull(), ...levelCounts() },
  (t) => [primaryKey({ columns: [t.unitId, t.grain, t.period, t.channel] })],
);

export const ratingHourCountsBelow = sqliteTable(
  'rating_hour_counts_below',
  { ...rollupKey(), weekday: integer('weekday').notNull(), hour: integer('hour').notNull(), ...levelCounts() },
  (t) => [primaryKey({ columns: [t.unitId, t.grain, t.period, t.weekday, t.hour] })],
);

export const ratingReasonCountsBelow = sqliteTable(
  'rating_reason_counts_below',
  { ...rollupKey(), reason: text('reason').notNull(), n: integer('n').notNull().default(0) },
  (t) => [primaryKey({ columns: [t.unitId, t.grain, t.period, t.reason] })],
);

export const ratingAnswers = sqliteTable(
  'rating_answers',
  {
    ratingId: integer('rating_id')
      .notNull()
      .references(() => ratings.id),
    criterion: text('criterion').notNull(),
    level: integer('level').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ratingId, t.criterion] }), check('rating_answers_level_range', sql`${t.level} between 1 and 5`)],
);

/** A SIPAS survey wave: a method, a reference period, the units covered and the sampling settings. */
export const surveyWaves = sqliteTable('survey_waves', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  definitionId: text('definition_id').notNull(),
  periodFrom: text('period_from').notNull(),
  periodTo: text('period_to').notNull(),
  marginOfError: real('margin_of_error').notNull(),
  confidence: real('confidence').notNull(),
  expectedShare: real('expected_share').notNull(),
  reserveRate: real('reserve_rate').notNull(),
  /** The design effect the sample was sized with (1: respondents drawn one by one). */
  designEffect: real('design_effect').notNull().default(1),
  seed: integer('seed').notNull(),
  doubleEntry: integer('double_entry', { mode: 'boolean' }).notNull(),
  status: text('status', { enum: WAVE_STATUSES }).notNull(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: ms('created_at').notNull(),
});

/** Per unit of a wave: the population sampled from and the sample the formula gave. */
export const surveyWaveUnits = sqliteTable(
  'survey_wave_units',
  {
    waveId: integer('wave_id')
      .notNull()
      .references(() => surveyWaves.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    population: integer('population').notNull(),
    planned: integer('planned').notNull(),
    reserve: integer('reserve').notNull(),
  },
  (t) => [primaryKey({ columns: [t.waveId, t.unitId] })],
);

export const RESPONDENT_STATUSES = ['drawn', 'completed', 'refused'] as const;

/** A drawn respondent: the code printed on the paper form, the dossier it was drawn from. */
export const surveyRespondents = sqliteTable(
  'survey_respondents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    waveId: integer('wave_id')
      .notNull()
      .references(() => surveyWaves.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    code: text('code').notNull().unique(),
    transactionId: integer('transaction_id').references(() => transactions.id),
    reserve: integer('reserve', { mode: 'boolean' }).notNull(),
    status: text('status', { enum: RESPONDENT_STATUSES }).notNull(),
    completedAt: ms('completed_at'),
    /** SHA-256 of the secret link a household uses to answer on its own phone; null until issued. */
    linkHash: text('link_hash').unique(),
    /** The stratum the form was drawn in when not the wave's unit (e.g. a province of a national survey). */
    stratum: text('stratum'),
    /** The cluster drawn first (a village or commune); null when the respondent was drawn alone. */
    cluster: text('cluster'),
  },
  (t) => [index('survey_respondents_wave_unit').on(t.waveId, t.unitId)],
);

/** Each keying of a paper form; with double entry, two independent entries must agree. */
export const surveyEntries = sqliteTable(
  'survey_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    respondentId: integer('respondent_id')
      .notNull()
      .references(() => surveyRespondents.id),
    entryNo: integer('entry_no').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    answers: text('answers', { mode: 'json' }).notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('survey_entries_respondent_no').on(t.respondentId, t.entryNo)],
);

/** A completed respondent's final answers: a node id of the method (or a reported item) and the answer code. */
export const surveyAnswers = sqliteTable(
  'survey_answers',
  {
    respondentId: integer('respondent_id')
      .notNull()
      .references(() => surveyRespondents.id),
    item: text('item').notNull(),
    answer: text('answer').notNull(),
  },
  (t) => [primaryKey({ columns: [t.respondentId, t.item] }), index('survey_answers_item').on(t.item, t.answer)],
);

/**
 * A unit's PAR assessment for a year under one method. Published versions are frozen; a correction
 * is a new version with a reason, and the earlier one stays readable.
 */
export const parAssessments = sqliteTable(
  'par_assessments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    year: integer('year').notNull(),
    definitionId: text('definition_id').notNull(),
    version: integer('version').notNull(),
    state: text('state', { enum: PAR_STATES }).notNull(),
    correctionReason: text('correction_reason'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ms('created_at').notNull(),
    submittedBy: integer('submitted_by').references(() => users.id),
    submittedAt: ms('submitted_at'),
    appraisedBy: integer('appraised_by').references(() => users.id),
    appraisedAt: ms('appraised_at'),
    publishedBy: integer('published_by').references(() => users.id),
    publishedAt: ms('published_at'),
    /** Why Home Affairs published with survey items unanswered (otherwise refused); null when none were. */
    publishOverride: text('publish_override'),
  },
  (t) => [uniqueIndex('par_assessments_unit_year_version').on(t.unitId, t.year, t.definitionId, t.version)],
);

/** One sub-criterion of an assessment: the unit's score and evidence, then Home Affairs' appraisal. */
export const parItems = sqliteTable(
  'par_items',
  {
    assessmentId: integer('assessment_id')
      .notNull()
      .references(() => parAssessments.id),
    nodeId: text('node_id').notNull(),
    selfPoints: real('self_points'),
    notApplicable: integer('not_applicable', { mode: 'boolean' }).notNull().default(false),
    /** Document number, date, link or uploaded file name. */
    evidence: text('evidence', { mode: 'json' }),
    note: text('note'),
    /** Survey-scored items: lettered answers (A/B/C/D…) entered by Home Affairs. */
    surveyCounts: text('survey_counts', { mode: 'json' }),
    appraisedPoints: real('appraised_points'),
    appraisalReason: text('appraisal_reason'),
    appraisedBy: integer('appraised_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.nodeId] })],
);

export const ALERT_STATUSES = ['open', 'acknowledged'] as const;

/**
 * A unit's or a counter's satisfied share that fell significantly below its own baseline. One
 * open alert per unit and counter: a later scan updates it; acknowledging keeps it, with a note.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    counterId: integer('counter_id').references(() => counters.id),
    kind: text('kind', { enum: ALERT_KINDS }).notNull().default('drop'),
    /** The staff member whose links an alert of kind link_burst is about. */
    issuerId: integer('issuer_id').references(() => users.id),
    windowFrom: ms('window_from').notNull(),
    windowTo: ms('window_to').notNull(),
    recentValue: real('recent_value').notNull(),
    recentN: integer('recent_n').notNull(),
    baselineValue: real('baseline_value').notNull(),
    baselineN: integer('baseline_n').notNull(),
    pValue: real('p_value').notNull(),
    status: text('status', { enum: ALERT_STATUSES }).notNull().default('open'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('alerts_unit_status').on(t.unitId, t.status)],
);

/** Who acknowledged an alert, when and why: kept as history, never overwritten. */
export const alertNotes = sqliteTable('alert_notes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  alertId: integer('alert_id')
    .notNull()
    .references(() => alerts.id),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  comment: text('comment').notNull(),
  createdAt: ms('created_at').notNull(),
});

export const WEBHOOK_EVENTS = ['rating.created', 'alert.fired', 'index.published'] as const;

/** A portal subscribed to events; its secret signs every delivery (HMAC-SHA256). */
export const webhooks = sqliteTable('webhooks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  events: text('events', { mode: 'json' }).$type<(typeof WEBHOOK_EVENTS)[number][]>().notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: ms('created_at').notNull(),
  /** Failed attempts in a row; past WEBHOOK_BREAKER_FAILURES nothing is sent until paused_until. */
  failures: integer('failures').notNull().default(0),
  pausedUntil: ms('paused_until'),
});

/**
 * One event for one subscriber, kept until delivered: an outbox, so a delivery survives a
 * restart and is retried with backoff until it succeeds or runs out of attempts (a dead letter).
 * Each subscriber is its own queue.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    webhookId: integer('webhook_id')
      .notNull()
      .references(() => webhooks.id),
    event: text('event', { enum: WEBHOOK_EVENTS }).notNull(),
    body: text('body').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    deliveredAt: ms('delivered_at'),
    /** Out of attempts: kept as a dead letter, never sent again. */
    deadAt: ms('dead_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('webhook_deliveries_queue').on(t.webhookId, t.deliveredAt, t.deadAt, t.nextAttemptAt)],
);

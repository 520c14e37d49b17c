import { sql } from 'drizzle-orm';
import { createRandom, getDefinition, type Random } from '../../engine/index.js';
import { newSecret, sha256 } from '../platform/auth/secrets.js';
import { bulkInserter } from '../platform/db/bulk.js';
import {
  alertNotes,
  alerts,
  counters,
  kioskDevices,
  parAssessments,
  parItems,
  procedures,
  ratingAnswers,
  ratingReasons,
  ratings,
  ratingTokens,
  serviceAccounts,
  serviceKeys,
  surveyAnswers,
  surveyEntries,
  surveyRespondents,
  surveyWaves,
  surveyWaveUnits,
  transactionChanges,
  transactions,
  units,
  users,
} from '../platform/db/schema.js';
import type { Db, Store } from '../platform/db/store.js';
import { vnDate, vnDayStart } from '../platform/time.js';
import type { Reason } from '../platform/vocabulary.js';
import { questionnaireOrder } from '../surveys/questionnaire.js';
import { syncReach } from '../units/reach.js';
import { DEMO_COMMENTS, DEMO_PROCEDURES, DEMO_UNITS, type DemoUnit, isHoliday } from './hanoi.js';
import { seedPar } from './par.js';

export interface SeedOptions {
  /** About how many ratings to generate. */
  ratings: number;
  seed?: number;
  /** The moment the demo is made: its records run over the 18 months up to the day before (Vietnam time). */
  now: number;
}

export interface SeedResult {
  units: number;
  transactions: number;
  ratings: number;
  /** Completed SIPAS survey forms. */
  respondents: number;
  /** PAR assessments, in every state of the workflow. */
  assessments: number;
  /** Kiosk devices still in service, each with its freshly issued key (shown once). */
  kiosks: { id: string; unit: string; counter: string; key: string }[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Hour-of-day weights of online submissions (0h–23h): some at night, most in office hours. */
const ONLINE_HOURS = [1, 0.5, 0.3, 0.3, 0.5, 1, 2, 4, 6, 7, 7, 6, 4, 4, 6, 6, 6, 5, 4, 4, 4, 3, 2, 1.5];
/** Half-hour arrival slots at the counters (08:00–11:00, 13:30–16:30) and their weights: a morning peak. */
const COUNTER_SLOTS = [8, 8.5, 9, 9.5, 10, 10.5, 11, 13.5, 14, 14.5, 15, 15.5, 16, 16.5];
const COUNTER_WEIGHTS = [3, 5, 6, 6, 5, 4, 2, 3, 4, 4, 3.5, 3, 2, 1];
const SATURDAY_WEIGHTS = [3, 5, 6, 6, 5, 4, 2, 0, 0, 0, 0, 0, 0, 0];

/** Base shares of levels 1..5 at a typical unit (a plausible SIPAS-like profile, about 90% satisfied). */
const BASE_LEVELS = [0.015, 0.025, 0.06, 0.33, 0.57];
/** How strongly each level's share grows with "badness" (negative: shrinks). */
const LEVEL_SENSITIVITY = [1, 0.8, 0.5, -0.2, -1];

function drawLevel(rnd: Random, badness: number): number {
  return rnd.weighted(BASE_LEVELS.map((p, i) => p * Math.exp((LEVEL_SENSITIVITY[i] as number) * badness))) + 1;
}

function drawReasons(rnd: Random, late: boolean, peak: boolean, quality: number): Reason[] {
  const codes: Reason[] = ['long_wait', 'unclear_guidance', 'poor_attitude', 'repeated_supplements', 'late', 'other'];
  const weights = [peak ? 4 : 1.5, 2, quality < 0.9 ? 2 : 0.7, 1.5, late ? 5 : 0.2, 0.4];
  const first = rnd.weighted(weights);
  const out = [codes[first] as Reason];
  if (rnd.chance(0.35)) {
    weights[first] = 0;
    const second = codes[rnd.weighted(weights)] as Reason;
    if (!out.includes(second)) out.push(second);
  }
  return out;
}

/** The demo's first and last day: the 18 months up to the day before `today` (ISO dates). */
export function demoWindow(today: string): { from: string; to: string } {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const last = Date.UTC(y, m - 1, d) - DAY;
  // Day-of-month kept, clamped to the month's length (31 May less 18 months is 30 November).
  const monthLength = new Date(Date.UTC(y, m - 19 + 1, 0)).getUTCDate();
  const first = Date.UTC(y, m - 19, Math.min(d, monthLength));
  return { from: new Date(first).toISOString().slice(0, 10), to: new Date(last).toISOString().slice(0, 10) };
}

/** Whole months from `from` to `day`: the demo improves a little month by month. */
const monthsSince = (from: string, day: string) =>
  (Number(day.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(day.slice(5, 7)) - Number(from.slice(5, 7));

/** The ward whose citizens rate worse, on every channel, over the last week (an alert a new user sees), and the kiosk that stopped four days ago. */
const TROUBLED_WARD = 'p-hongha';
const SILENT_KIOSK = 'p-cuanam-q2';
const TROUBLE_DAYS = 5;
const SILENT_DAYS = 4;

function isoDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * A year's SIPAS survey (QĐ 1001/2023) over every current unit that serves citizens: about 80
 * forms a unit, 85% completed, each statement answered on the 1–5 scale around the unit's quality
 * (some left blank), so the dashboard, ranking and comparison have survey figures to show. The
 * survey covers January to October and is closed on 31 October; a later year's answers are a
 * little better (`lift`), so a comparison with the year before has something to find.
 */
async function seedSurvey(tx: Db, rnd: Random, unitIds: Map<string, number>, year: number, lift: number): Promise<number> {
  const [from, to] = [`${year}-01-01`, `${year}-10-31`];
  const sipas = getDefinition('sipas-qd1001-2023');
  if (!sipas) throw new Error('sipas-qd1001-2023 is missing');
  const statements = questionnaireOrder(sipas).filter((q) => q.statement && q.kind === 'level');
  const wave = await tx
    .insert(surveyWaves)
    .values({
      name: `Khảo sát SIPAS năm ${year}`,
      definitionId: sipas.id,
      periodFrom: from,
      periodTo: to,
      marginOfError: 0.05,
      confidence: 0.95,
      expectedShare: 0.85,
      reserveRate: 0.2,
      seed: 1001 + year,
      doubleEntry: false,
      status: 'closed',
      createdAt: new Date(vnDayStart(from)),
    })
    .returning({ id: surveyWaves.id })
    .get();
  let count = 0;
  const completedAt = new Date(vnDayStart(to));
  for (const u of DEMO_UNITS) {
    if (u.volume === 0 || u.validTo) continue;
    const unitId = unitIds.get(u.key) as number;
    const planned = 70 + rnd.int(0, 20);
    await tx
      .insert(surveyWaveUnits)
      .values({ waveId: wave.id, unitId, population: u.volume * 250, planned, reserve: Math.ceil(planned * 0.2) })
      .run();
    for (let i = 1; i <= planned; i++) {
      const completed = rnd.chance(0.85);
      const respondent = await tx
        .insert(surveyRespondents)
        .values({
          waveId: wave.id,
          unitId,
          code: `S${wave.id}-${unitId}-${String(i).padStart(4, '0')}`,
          reserve: false,
          status: completed ? 'completed' : 'drawn',
          completedAt: completed ? completedAt : null,
        })
        .returning({ id: surveyRespondents.id })
        .get();
      if (!completed) continue;
      count += 1;
      // A respondent's general mood, and each statement around it: worse units lose on every item.
      const mood = 0.4 + (u.quality - 1) * 2 + lift + (rnd.next() - 0.5);
      for (const [k, q] of statements.entries()) {
        if (rnd.chance(0.04)) continue;
        const itemEffect = ((k * 37) % 11) / 40 - 0.12;
        const score = 3.9 + mood + itemEffect + (rnd.next() - 0.5) * 1.6;
        const level = Math.max(1, Math.min(5, Math.round(score)));
        await tx
          .insert(surveyAnswers)
          .values({ respondentId: respondent.id, item: q.id, answer: String(level) })
          .run();
      }
    }
  }
  return count;
}

/** Deletes every generated row (users stay, unbound from units) so the seed can run again. */
export function clearDemoData(store: Store): Promise<void> {
  return store.transaction(async (tx) => {
    for (const table of [
      alertNotes,
      alerts,
      parItems,
      parAssessments,
      surveyAnswers,
      surveyEntries,
      surveyRespondents,
      surveyWaveUnits,
      surveyWaves,
      ratingAnswers,
      ratingReasons,
      ratings,
      ratingTokens,
      // Bound to units that go: a system keeps no key into units that no longer exist.
      serviceKeys,
      serviceAccounts,
      transactionChanges,
      transactions,
      kioskDevices,
      counters,
      procedures,
    ]) {
      await tx.delete(table).run();
    }
    await tx.update(users).set({ unitId: null }).run();
    await tx.update(units).set({ parentId: null, mergedIntoId: null }).run();
    await tx.delete(units).run();
  });
}

/**
 * Writes the demo province: the unit tree with its 2025 history, counters and kiosks, procedures,
 * 18 months of dossiers up to the day before `now` and about `ratings` ratings, all drawn from one
 * seeded generator (the same day gives the same data).
 */
export async function seedDemo(store: Store, options: SeedOptions): Promise<SeedResult> {
  const rnd = createRandom(options.seed ?? 20250701);
  const { from, to } = demoWindow(vnDate(options.now));
  const troubleFrom = vnDayStart(to) - (TROUBLE_DAYS - 1) * DAY;
  const silentFrom = vnDayStart(to) - (SILENT_DAYS - 1) * DAY;
  const dataEnd = vnDayStart(to) + DAY;
  const days = isoDays(from, to);

  const result = await store.transaction(async (tx) => {
    const unitIds = new Map<string, number>();
    for (const u of DEMO_UNITS) {
      const row = await tx
        .insert(units)
        .values({
          code: u.code,
          name: u.name,
          kind: u.kind,
          parentId: u.parent ? unitIds.get(u.parent) : null,
          validFrom: u.validFrom,
          validTo: u.validTo ?? null,
        })
        .returning({ id: units.id })
        .get();
      unitIds.set(u.key, row.id);
    }
    for (const u of DEMO_UNITS) {
      if (u.mergedInto) {
        await tx
          .update(units)
          .set({ mergedIntoId: unitIds.get(u.mergedInto) })
          .where(sql`${units.id} = ${unitIds.get(u.key)}`)
          .run();
      }
    }
    await syncReach(tx, store.dialect);

    const procedureIds = new Map<string, { id: number; days: number }>();
    for (const p of DEMO_PROCEDURES) {
      const row = await tx
        .insert(procedures)
        .values({ code: p.code, name: p.name, field: p.field, levels: p.levels, onlineLevel: p.onlineLevel })
        .returning({ id: procedures.id })
        .get();
      procedureIds.set(p.code, { id: row.id, days: p.days });
    }

    const kiosks: SeedResult['kiosks'] = [];
    const unitCounters = new Map<string, { id: number; deviceId: string }[]>();
    const createdAt = new Date(vnDayStart(from));
    for (const u of DEMO_UNITS) {
      const list: { id: number; deviceId: string }[] = [];
      for (const [i, name] of u.counters.entries()) {
        const counter = await tx
          .insert(counters)
          .values({ unitId: unitIds.get(u.key) as number, code: `Q${i + 1}`, name })
          .returning({ id: counters.id })
          .get();
        const deviceId = `${u.key}-q${i + 1}`;
        const key = newSecret();
        const revokedAt = u.validTo ? new Date(vnDayStart(u.validTo)) : null;
        // Kiosks in service reported in when the demo was made; the silent one last did four days ago.
        const lastSeenAt = revokedAt ? null : new Date(deviceId === SILENT_KIOSK ? silentFrom - 7 * HOUR : options.now);
        await tx
          .insert(kioskDevices)
          .values({
            id: deviceId,
            counterId: counter.id,
            name: `Thiết bị đánh giá ${name}`,
            keyHash: sha256(key),
            createdAt,
            revokedAt,
            lastSeenAt,
          })
          .run();
        if (!revokedAt) kiosks.push({ id: deviceId, unit: u.name, counter: name, key });
        list.push({ id: counter.id, deviceId });
      }
      unitCounters.set(u.key, list);
    }

    // Working days of each unit; Saturday mornings only at wards and communes.
    const active = (u: DemoUnit, day: string) => u.volume > 0 && day >= u.validFrom && (!u.validTo || day < u.validTo);
    const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
    const dayFactor = (u: DemoUnit, day: string) => {
      const wd = weekday(day);
      if (isHoliday(day) || wd === 0) return 0;
      if (wd === 6) return u.kind === 'department' ? 0 : 0.35;
      return wd === 1 ? 1.3 : wd === 5 ? 0.9 : 1;
    };
    const onlineShare = (month: number) => 0.32 + 0.01 * month;
    let ratingsPerWeight = 0;
    for (const day of days) {
      const month = monthsSince(from, day);
      const perTxn = (1 - onlineShare(month) - 0.04) * 0.66 + onlineShare(month) * 0.3 + 0.04 * 0.05;
      for (const u of DEMO_UNITS) {
        if (!active(u, day)) continue;
        const w = u.volume * dayFactor(u, day);
        ratingsPerWeight += w * perTxn;
      }
    }
    const scale = ratingsPerWeight > 0 ? options.ratings / ratingsPerWeight : 0;

    let txnId = 0;
    let ratingId = 0;
    // A rating may name the dossier before it, a reason the rating before it: flushed in that order.
    const insertTransaction = bulkInserter(tx, transactions);
    const insertRating = bulkInserter(tx, ratings, { after: [insertTransaction] });
    const insertReason = bulkInserter(tx, ratingReasons, { after: [insertRating] });

    const addRating = async (
      u: DemoUnit,
      r: Pick<typeof ratings.$inferInsert, 'counterId' | 'transactionId' | 'deviceId' | 'channel'>,
      at: number,
      badness: number,
      late: boolean,
      peak: boolean,
    ) => {
      if (at >= dataEnd) return;
      const level = drawLevel(rnd, badness + (u.key === TROUBLED_WARD && at >= troubleFrom ? 2 : 0));
      const id = ++ratingId;
      const comment = rnd.chance(0.04) ? rnd.pick(level >= 4 ? DEMO_COMMENTS.good : DEMO_COMMENTS.bad) : null;
      await insertRating.add({
        id,
        unitId: unitIds.get(u.key) as number,
        ...r,
        level,
        comment,
        clientTime: new Date(at),
        serverTime: new Date(at + rnd.int(50, 900)),
        ratedAt: new Date(at),
        counted: true,
        idempotencyKey: `seed-${id}`,
        requestHash: 'seed',
      });
      if (level <= 2 && rnd.chance(0.75)) {
        for (const reason of drawReasons(rnd, late, peak, u.quality)) await insertReason.add({ ratingId: id, reason });
      }
    };

    for (const day of days) {
      const dayStart = vnDayStart(day);
      const month = monthsSince(from, day);
      const saturday = weekday(day) === 6;
      const yymmdd = day.slice(2).replaceAll('-', '');
      for (const u of DEMO_UNITS) {
        if (!active(u, day)) continue;
        const n = rnd.poisson(u.volume * dayFactor(u, day) * scale);
        if (n === 0) continue;
        const counterList = unitCounters.get(u.key) ?? [];
        const unitProcedures = u.procedures.map((code) => procedureIds.get(code) as { id: number; days: number });
        // Draw every dossier's channel and arrival first, then serve counter arrivals in order.
        const arrivals = Array.from({ length: n }, () => {
          const roll = rnd.next();
          const channel = roll < onlineShare(month) ? 'online' : roll < onlineShare(month) + 0.04 ? 'postal' : 'counter';
          const at =
            channel === 'online'
              ? dayStart + rnd.weighted(ONLINE_HOURS) * HOUR + rnd.int(0, 59) * MINUTE
              : dayStart +
                (COUNTER_SLOTS[rnd.weighted(saturday ? SATURDAY_WEIGHTS : COUNTER_WEIGHTS)] as number) * HOUR +
                rnd.int(0, 29) * MINUTE;
          return { channel, at } as const;
        }).sort((a, b) => a.at - b.at);
        // Each counter serves one citizen at a time; a citizen goes to whichever counter frees up first.
        const freeAt = counterList.map(() => dayStart);
        for (const [index, arrival] of arrivals.entries()) {
          const seq = index + 1;
          const { channel } = arrival;
          const procedure = unitProcedures[rnd.weighted(unitProcedures.map((_, i) => (i === 0 || i === 3 ? 5 : 1.5)))] as {
            id: number;
            days: number;
          };
          const received = arrival.at;
          let counterIndex = -1;
          let served = 0;
          if (channel === 'counter') {
            counterIndex = freeAt.indexOf(Math.min(...freeAt));
            let start = Math.max(received, freeAt[counterIndex] as number);
            if (start >= dayStart + 11.5 * HOUR && start < dayStart + 13.5 * HOUR) start = dayStart + 13.5 * HOUR;
            served = start + rnd.int(4, 15) * MINUTE;
            freeAt[counterIndex] = served + rnd.int(0, 3) * MINUTE;
          }
          const due = received + Math.ceil((procedure.days * 7) / 5) * DAY;
          const late = rnd.chance(0.04 / (u.quality * u.quality));
          const resolvedAt = late ? due + rnd.int(1, 5) * DAY : received + Math.max(HOUR, (due - received) * rnd.next() * 0.9);
          const id = ++txnId;
          const counter = counterIndex >= 0 ? counterList[counterIndex] : undefined;
          await insertTransaction.add({
            id,
            receiptCode: `${u.code}-${yymmdd}-${String(seq).padStart(4, '0')}`,
            unitId: unitIds.get(u.key) as number,
            procedureId: procedure.id,
            counterId: counter?.id ?? null,
            channel,
            receivedAt: new Date(received),
            dueAt: new Date(due),
            resolvedAt: resolvedAt < dataEnd ? new Date(resolvedAt) : null,
            digitised: rnd.chance(0.72 + 0.012 * month),
          });

          const hourOfDay = Math.floor((received - dayStart) / HOUR);
          const peak = channel === 'counter' && (hourOfDay === 9 || hourOfDay === 10) && weekday(day) === 1;
          const badness = (1 - u.quality) * 2.2 + (peak ? 0.5 : 0) - 0.015 * month;
          const kioskWorks = counter && !(counter.deviceId === SILENT_KIOSK && served >= silentFrom);
          if (kioskWorks && rnd.chance(0.6)) {
            await addRating(u, { counterId: counter.id, deviceId: counter.deviceId, channel: 'kiosk' }, served, badness, false, peak);
          } else if (counter && rnd.chance(0.15)) {
            await addRating(
              u,
              { counterId: counter.id, transactionId: id, channel: 'qr' },
              resolvedAt + rnd.int(1, 30) * HOUR,
              badness + (late ? 1 : 0),
              late,
              peak,
            );
          } else if (channel !== 'counter' && rnd.chance(channel === 'online' ? 0.3 : 0.05)) {
            await addRating(
              u,
              { transactionId: id, channel: 'online' },
              resolvedAt + rnd.int(1, 48) * HOUR,
              badness + 0.25 + (late ? 1 : 0),
              late,
              false,
            );
          }
        }
      }
    }
    await insertReason.flush();
    // A survey for every year whose fieldwork (to 31 October) lies within the demo's months.
    let respondents = 0;
    for (let year = Number(from.slice(0, 4)); `${year}-10-31` <= to; year++) {
      respondents += await seedSurvey(tx, rnd, unitIds, year, 0.1 * (year - Number(from.slice(0, 4))));
    }
    const names = new Map(DEMO_UNITS.map((u) => [u.key, u.name]));
    const assessments = await seedPar(tx, rnd, unitIds, names, Number(to.slice(0, 4)) - 1);
    return { units: DEMO_UNITS.length, transactions: txnId, ratings: ratingId, respondents, assessments, kiosks };
  });
  await store.optimize(); // dossiers and ratings were given their keys
  return result;
}

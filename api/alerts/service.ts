import type { z } from '@hono/zod-openapi';
import { and, count, desc, eq, gt, gte, inArray, isNull, lt, max } from 'drizzle-orm';
import {
  binomialUpperTail,
  compute,
  type Definition,
  densestSpan,
  fallBelowBaseline,
  getDefinition,
  silenceProbability,
} from '../../engine/index.js';
import { recordAudit } from '../audit/service.js';
import { acrossSegments, addLevels, inSegment, levelSums } from '../indices/rollups.js';
import { tapCounts } from '../indices/service.js';
import { lastHeard } from '../kiosks/service.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import {
  alertNotes,
  alerts,
  counters,
  kioskDevices,
  ratingCounts,
  ratings,
  ratingTokens,
  transactions,
  units,
  users,
} from '../platform/db/schema.js';
import { HttpError } from '../platform/errors.js';
import type { Sheet } from '../platform/sheets.js';
import { vnDate, vnDayStart } from '../platform/time.js';
import { ALERT_KIND_LABELS, type ALERT_KINDS } from '../platform/vocabulary.js';
import { canAccess } from '../units/access.js';
import { unitsMakingUp } from '../units/tree.js';
import { displayNames } from '../users/service.js';
import { enqueue } from '../webhooks/service.js';
import type { AlertQuery } from './schemas.js';

const DAY = 86_400_000;
const TAP = getDefinition('tap-rating') as Definition;
const share = (row: Parameters<typeof tapCounts>[0]) => {
  const { value, se, n } = compute(TAP, tapCounts(row)).headline;
  return { value, se, n };
};

/**
 * Per-level tap counts over whole Hà Nội days, by unit (key `unit:`) and by counter
 * (`unit:counter`), from the day and month rollups: the scan reads rollup rows, not ratings.
 */
async function countsBy(deps: AppDeps, unitIds: number[], dates: { from: string; to: string }) {
  const c = ratingCounts;
  const rows = await acrossSegments(dates, (s) =>
    deps.store.db
      .select({ unitId: c.unitId, counterId: c.counterId, ...levelSums(c) })
      .from(c)
      .where(inSegment(c, unitIds, s))
      .groupBy(c.unitId, c.counterId)
      .all(),
  );
  const counts = addLevels(rows, (r) => `${r.unitId}:`);
  // Counter 0 in the rollups is "no counter" (online ratings).
  for (const [key, row] of addLevels(
    rows.filter((r) => r.counterId !== 0),
    (r) => `${r.unitId}:${r.counterId}`,
  ))
    counts.set(key, row);
  return counts;
}

/** The ISO date `days` after (or before) another. */
const shift = (isoDate: string, days: number) => vnDate(vnDayStart(isoDate) + days * DAY);

/**
 * Compares every unit's and counter's satisfied share over the last ALERT_WINDOW_DAYS (today so
 * far and the whole days before it, in Hà Nội) with its own baseline (the ALERT_BASELINE_DAYS
 * before) and raises an alert where it fell significantly. An open alert is brought up to date;
 * an acknowledged one is not raised again for an overlapping window. A person's scan covers
 * their scope; the server's own, every unit.
 */
export async function scanAlerts(deps: AppDeps, scope: AccessScope = { all: true }): Promise<{ raised: number; updated: number }> {
  const { env } = deps;
  const now = deps.now();
  // Whole days: today so far and the days before it, against the days before those.
  const today = vnDate(now);
  const window = { from: shift(today, 1 - env.ALERT_WINDOW_DAYS), to: today };
  const windowFrom = vnDayStart(window.from);
  const unitIds = (await deps.store.db.select({ id: units.id }).from(units).all()).map((u) => u.id).filter((id) => canAccess(scope, id));
  const recent = await countsBy(deps, unitIds, window);
  const baseline = await countsBy(deps, unitIds, { from: shift(window.from, -env.ALERT_BASELINE_DAYS), to: shift(window.from, -1) });
  const rule = { alpha: env.ALERT_ALPHA, minDrop: env.ALERT_MIN_DROP, minN: env.ALERT_MIN_N };
  const findings: Finding[] = [];
  for (const [key, row] of recent) {
    const [unitPart, counterPart] = key.split(':');
    const r = share(row);
    const b = share(baseline.get(key));
    const test = fallBelowBaseline(r, b, rule);
    if (test.fires)
      findings.push({
        kind: 'drop',
        unitId: Number(unitPart),
        counterId: counterPart ? Number(counterPart) : null,
        issuerId: null,
        recent: r,
        baseline: b,
        pValue: test.pValue as number,
      });
  }
  const byChannel = await linkAndKioskCounts(deps, unitIds, window);
  for (const [unitId, { links, kiosk }] of byChannel) {
    // The kiosk as the "recent" share falling below the links: fires when links stand far above it.
    const [l, k] = [share(links), share(kiosk)];
    const test = fallBelowBaseline(k, l, rule);
    if (test.fires && (l.n ?? 0) >= rule.minN)
      findings.push({
        kind: 'links_above_kiosk',
        unitId,
        counterId: null,
        issuerId: null,
        recent: l,
        baseline: k,
        pValue: test.pValue as number,
      });
  }
  findings.push(...(await linkBursts(deps, unitIds, windowFrom, now, byChannel)));
  findings.push(...(await silentKiosks(deps, unitIds, now)));

  let raised = 0;
  let updated = 0;
  await deps.store.transaction(async (tx) => {
    for (const f of findings) {
      const figures = {
        windowFrom: new Date(f.since ?? windowFrom),
        windowTo: new Date(now),
        recentValue: f.recent.value as number,
        recentN: f.recent.n as number,
        baselineValue: f.baseline.value as number,
        baselineN: f.baseline.n as number,
        pValue: f.pValue,
        updatedAt: new Date(now),
      };
      const same = and(
        eq(alerts.kind, f.kind),
        eq(alerts.unitId, f.unitId),
        f.counterId === null ? isNull(alerts.counterId) : eq(alerts.counterId, f.counterId),
        f.issuerId === null ? isNull(alerts.issuerId) : eq(alerts.issuerId, f.issuerId),
        gt(alerts.windowTo, new Date(windowFrom)),
      );
      const existing = await tx.select({ id: alerts.id, status: alerts.status }).from(alerts).where(same).orderBy(desc(alerts.id)).get();
      if (existing?.status === 'acknowledged') continue;
      if (existing) {
        await tx.update(alerts).set(figures).where(eq(alerts.id, existing.id)).run();
        updated += 1;
        continue;
      }
      const alert = await tx
        .insert(alerts)
        .values({ kind: f.kind, unitId: f.unitId, counterId: f.counterId, issuerId: f.issuerId, ...figures, createdAt: new Date(now) })
        .returning()
        .get();
      await enqueue(tx, now, 'alert.fired', {
        id: alert.id,
        kind: f.kind,
        unitId: f.unitId,
        counterId: f.counterId,
        recent: { value: f.recent.value, n: f.recent.n },
        baseline: { value: f.baseline.value, n: f.baseline.n },
        pValue: f.pValue,
      });
      raised += 1;
    }
  });
  return { raised, updated };
}

type Finding = {
  kind: (typeof ALERT_KINDS)[number];
  unitId: number;
  counterId: number | null;
  issuerId: number | null;
  recent: ReturnType<typeof share>;
  baseline: ReturnType<typeof share>;
  pValue: number;
  /** Where the finding's window starts when it is not the scan's (a silent kiosk: when it was last heard). */
  since?: number;
};

/**
 * Kiosks not heard (heartbeat or tap) for KIOSK_SILENT_MINUTES while their counter received
 * dossiers in person: an alert when no tap among that many citizens is unlikely at the kiosk's own
 * rate over the baseline days before (fewer than ALERT_MIN_N baseline dossiers: no judgement).
 */
async function silentKiosks(deps: AppDeps, unitIds: number[], now: number): Promise<Finding[]> {
  const db = deps.store.db;
  const devices = await db
    .select({ device: kioskDevices, unitId: counters.unitId })
    .from(kioskDevices)
    .innerJoin(counters, eq(counters.id, kioskDevices.counterId))
    .where(and(isNull(kioskDevices.revokedAt), inArray(counters.unitId, unitIds)))
    .all();
  const findings: Finding[] = [];
  for (const { device, unitId } of devices) {
    const lastTap = await db
      .select({ at: max(ratings.ratedAt) })
      .from(ratings)
      .where(eq(ratings.deviceId, device.id))
      .get();
    const heard = lastHeard({ ...device, lastTapAt: lastTap?.at ?? null });
    if (now - heard < deps.env.KIOSK_SILENT_MINUTES * 60_000) continue;
    const dossiersAt = async (from: number, to: number) =>
      (
        await db
          .select({ n: count() })
          .from(transactions)
          .where(
            and(
              eq(transactions.unitId, unitId),
              eq(transactions.counterId, device.counterId),
              eq(transactions.channel, 'counter'),
              gt(transactions.receivedAt, new Date(from)),
              lt(transactions.receivedAt, new Date(to + 1)),
            ),
          )
          .get()
      )?.n ?? 0;
    const recent = await dossiersAt(heard, now);
    if (recent === 0) continue;
    const baselineFrom = heard - deps.env.ALERT_BASELINE_DAYS * DAY;
    const baselineDossiers = await dossiersAt(baselineFrom, heard);
    if (baselineDossiers < deps.env.ALERT_MIN_N) continue;
    const taps =
      (
        await db
          .select({ n: count() })
          .from(ratings)
          .where(
            and(eq(ratings.deviceId, device.id), gt(ratings.ratedAt, new Date(baselineFrom)), lt(ratings.ratedAt, new Date(heard + 1))),
          )
          .get()
      )?.n ?? 0;
    const p = silenceProbability(recent, taps, baselineDossiers);
    if (p === null || p >= deps.env.ALERT_ALPHA) continue;
    findings.push({
      kind: 'kiosk_silent',
      unitId,
      counterId: device.counterId,
      issuerId: null,
      recent: { value: 0, se: null, n: recent },
      baseline: { value: (100 * Math.min(taps, baselineDossiers)) / baselineDossiers, se: null, n: baselineDossiers },
      pValue: p,
      since: heard,
    });
  }
  return findings;
}

/** Per unit, the window's counted ratings through links (online and QR) and at kiosks. */
async function linkAndKioskCounts(deps: AppDeps, unitIds: number[], dates: { from: string; to: string }) {
  const c = ratingCounts;
  const rows = await acrossSegments(dates, (s) =>
    deps.store.db
      .select({ unitId: c.unitId, channel: c.channel, ...levelSums(c) })
      .from(c)
      .where(inSegment(c, unitIds, s))
      .groupBy(c.unitId, c.channel)
      .all(),
  );
  const links = addLevels(
    rows.filter((r) => r.channel !== 'kiosk'),
    (r) => r.unitId,
  );
  const kiosk = addLevels(
    rows.filter((r) => r.channel === 'kiosk'),
    (r) => r.unitId,
  );
  return new Map([...links].map(([unitId, row]) => [unitId, { links: row, kiosk: kiosk.get(unitId) }]));
}

/**
 * Issuers whose links drew at least LINK_BURST_COUNT top ratings (held ones too) within
 * LINK_BURST_MINUTES in the window. The p-value is the chance of that many top ratings among the
 * ratings of that span if each were satisfied as often as the unit's kiosk ratings are.
 */
async function linkBursts(
  deps: AppDeps,
  unitIds: number[],
  from: number,
  now: number,
  byChannel: Awaited<ReturnType<typeof linkAndKioskCounts>>,
): Promise<Finding[]> {
  const spanMs = deps.env.LINK_BURST_MINUTES * 60_000;
  const rated = await deps.store.db
    .select({ issuerId: ratingTokens.createdBy, unitId: ratings.unitId, at: ratings.ratedAt, level: ratings.level })
    .from(ratings)
    .innerJoin(ratingTokens, eq(ratingTokens.id, ratings.tokenId))
    .where(and(inArray(ratings.unitId, unitIds), gte(ratings.ratedAt, new Date(from)), lt(ratings.ratedAt, new Date(now + 1))))
    .all();
  const groups = new Map<string, { issuerId: number; unitId: number; top: number[]; all: number[] }>();
  for (const r of rated) {
    if (r.issuerId === null) continue;
    const key = `${r.issuerId}:${r.unitId}`;
    const g = groups.get(key) ?? { issuerId: r.issuerId, unitId: r.unitId, top: [], all: [] };
    g.all.push(r.at.getTime());
    if (r.level === 5) g.top.push(r.at.getTime());
    groups.set(key, g);
  }
  const findings: Finding[] = [];
  for (const g of groups.values()) {
    const burst = densestSpan(g.top, spanMs);
    if (burst.count < deps.env.LINK_BURST_COUNT || burst.from === null) continue;
    const start = burst.from;
    const inSpan = g.all.filter((t) => t >= start && t <= start + spanMs).length;
    const kiosk = share(byChannel.get(g.unitId)?.kiosk);
    const p0 = kiosk.value === null ? 1 : kiosk.value / 100;
    findings.push({
      kind: 'link_burst',
      unitId: g.unitId,
      counterId: null,
      issuerId: g.issuerId,
      recent: { value: (100 * burst.count) / inSpan, se: null, n: burst.count },
      baseline: { value: kiosk.value ?? 0, se: kiosk.se, n: kiosk.n ?? 0 },
      pValue: binomialUpperTail(burst.count, inSpan, p0),
    });
  }
  return findings;
}

/** Alerts on units in scope, newest first, each with its acknowledgement history. */
export async function listAlerts(deps: AppDeps, scope: AccessScope, status: 'open' | 'acknowledged' | 'all', unitIds?: number[]) {
  const rows = (
    await deps.store.db
      .select({ alert: alerts, unit: units.name, counter: counters.name })
      .from(alerts)
      .innerJoin(units, eq(units.id, alerts.unitId))
      .leftJoin(counters, eq(counters.id, alerts.counterId))
      .where(and(status === 'all' ? undefined : eq(alerts.status, status), unitIds ? inArray(alerts.unitId, unitIds) : undefined))
      .orderBy(desc(alerts.updatedAt), desc(alerts.id))
      .all()
  ).filter((r) => canAccess(scope, r.alert.unitId));
  const notes = rows.length
    ? await deps.store.db
        .select({ alertId: alertNotes.alertId, comment: alertNotes.comment, at: alertNotes.createdAt, by: users.displayName })
        .from(alertNotes)
        .innerJoin(users, eq(users.id, alertNotes.userId))
        .where(
          inArray(
            alertNotes.alertId,
            rows.map((r) => r.alert.id),
          ),
        )
        .orderBy(alertNotes.id)
        .all()
    : [];
  const issuers = await displayNames(
    deps,
    rows.map((r) => r.alert.issuerId),
  );
  return rows.map(({ alert, unit, counter }) => ({
    ...alert,
    kindLabel: ALERT_KIND_LABELS[alert.kind],
    issuer: alert.issuerId === null ? null : (issuers.get(alert.issuerId) ?? null),
    windowFrom: alert.windowFrom.toISOString(),
    windowTo: alert.windowTo.toISOString(),
    createdAt: alert.createdAt.toISOString(),
    updatedAt: alert.updatedAt.toISOString(),
    unit,
    counter,
    notes: notes.filter((n) => n.alertId === alert.id).map((n) => ({ comment: n.comment, at: n.at.toISOString(), by: n.by })),
  }));
}

/** Home Affairs acknowledges an alert with a comment; a later note adds to the history. */
export async function acknowledgeAlert(deps: AppDeps, scope: AccessScope, userId: number, alertId: number, comment: string) {
  const alert = await deps.store.db.select().from(alerts).where(eq(alerts.id, alertId)).get();
  if (!alert || !canAccess(scope, alert.unitId))
    throw new HttpError(404, 'alert_not_found', { vi: 'Không tìm thấy cảnh báo', en: 'No such alert' });
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    await tx
      .insert(alertNotes)
      .values({ alertId, userId, comment, createdAt: new Date(now) })
      .run();
    await tx
      .update(alerts)
      .set({ status: 'acknowledged', updatedAt: new Date(now) })
      .where(eq(alerts.id, alertId))
      .run();
    await recordAudit(tx, now, {
      userId,
      action: 'alert.acknowledge',
      entity: 'alert',
      entityId: alertId,
      before: { status: alert.status },
      after: { status: 'acknowledged', comment },
    });
  });
}

/** The alerts GET /api/alerts answers: in the scope, below one unit when asked. */
export async function loadAlerts(deps: AppDeps, scope: AccessScope, q: z.infer<typeof AlertQuery>) {
  return listAlerts(
    deps,
    scope,
    q.status,
    q.unit ? await unitsMakingUp(deps, q.unit, { subtree: true, currentBoundaries: true }) : undefined,
  );
}

/** The alert list as a downloadable table, notes joined in one cell. */
export function alertsSheet(list: Awaited<ReturnType<typeof listAlerts>>): Sheet {
  return {
    key: 'alerts',
    name: 'Cảnh báo',
    headers: [
      'Loại',
      'Đơn vị',
      'Quầy',
      'Cán bộ cấp đường dẫn',
      'Từ',
      'Đến',
      'Tỷ lệ hài lòng gần đây (%)',
      'n gần đây',
      'Mức nền (%)',
      'n mức nền',
      'p',
      'Trạng thái',
      'Ghi nhận',
    ],
    rows: list.map((a) => [
      a.kindLabel.vi,
      a.unit,
      a.counter,
      a.issuer,
      a.windowFrom,
      a.windowTo,
      a.recentValue,
      a.recentN,
      a.baselineValue,
      a.baselineN,
      a.pValue,
      a.status === 'open' ? 'Chưa xử lý' : 'Đã ghi nhận',
      a.notes.map((n) => `${n.by} (${n.at}): ${n.comment}`).join(' | '),
    ]),
  };
}

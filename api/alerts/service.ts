import type { z } from '@hono/zod-openapi';
import { and, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { compute, type Definition, fallBelowBaseline, getDefinition } from '../../engine/index.js';
import { recordAudit } from '../audit/service.js';
import { acrossSegments, addLevels, inSegment, levelSums } from '../indices/rollups.js';
import { tapCounts } from '../indices/service.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { alertNotes, alerts, counters, ratingCounts, units, users } from '../platform/db/schema.js';
import { HttpError } from '../platform/errors.js';
import type { Sheet } from '../platform/sheets.js';
import { vnDate, vnDayStart } from '../platform/time.js';
import { canAccess } from '../units/access.js';
import { unitsMakingUp } from '../units/tree.js';
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
  let raised = 0;
  let updated = 0;
  await deps.store.transaction(async (tx) => {
    for (const [key, row] of recent) {
      const [unitPart, counterPart] = key.split(':');
      const unitId = Number(unitPart);
      const counterId = counterPart ? Number(counterPart) : null;
      const r = share(row);
      const b = share(baseline.get(key));
      const test = fallBelowBaseline(r, b, rule);
      if (!test.fires) continue;
      const figures = {
        windowFrom: new Date(windowFrom),
        windowTo: new Date(now),
        recentValue: r.value as number,
        recentN: r.n as number,
        baselineValue: b.value as number,
        baselineN: b.n as number,
        pValue: test.pValue as number,
        updatedAt: new Date(now),
      };
      const same = and(
        eq(alerts.unitId, unitId),
        counterId === null ? isNull(alerts.counterId) : eq(alerts.counterId, counterId),
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
        .values({ unitId, counterId, ...figures, createdAt: new Date(now) })
        .returning()
        .get();
      await enqueue(tx, now, 'alert.fired', {
        id: alert.id,
        unitId,
        counterId,
        recent: { value: r.value, n: r.n },
        baseline: { value: b.value, n: b.n },
        pValue: test.pValue,
      });
      raised += 1;
    }
  });
  return { raised, updated };
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
  return rows.map(({ alert, unit, counter }) => ({
    ...alert,
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
      'Đơn vị',
      'Quầy',
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
      a.unit,
      a.counter,
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

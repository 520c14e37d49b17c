import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { JsonValue } from '../../engine/index.js';
import type { AppDeps } from '../platform/context.js';
import { auditLog } from '../platform/db/schema.js';
import type { Db } from '../platform/db/store.js';
import type { AuditQuery } from './schemas.js';

export interface AuditEntry {
  userId: number | null;
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

/** What a change replaced: the stored values of the fields a patch sets (an audit entry's `before`). */
export const replaced = <T extends object>(stored: T, patch: object) =>
  Object.fromEntries(Object.keys(patch).map((k) => [k, stored[k as keyof T]]));

/** Appends to the audit log; call it inside the same transaction as the change it records. */
export async function recordAudit(db: Db, now: number, entry: AuditEntry): Promise<void> {
  await db
    .insert(auditLog)
    .values({
      at: new Date(now),
      userId: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entityId: String(entry.entityId),
      // Stored as JSON, so read back as JSON (a Date comes back as its ISO text).
      before: (entry.before ?? null) as JsonValue,
      after: (entry.after ?? null) as JsonValue,
    })
    .run();
}

/** The audit log, newest first, a page at a time (before an id). */
export async function auditEntries(deps: AppDeps, q: AuditQuery) {
  const where: SQL[] = [];
  if (q.entity) where.push(eq(auditLog.entity, q.entity));
  if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
  if (q.before) where.push(lt(auditLog.id, q.before));
  const rows = await deps.store.db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(q.limit)
    .all();
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

import { auditLog } from '../platform/db/schema.js';
import type { Db } from '../platform/db/store.js';

export interface AuditEntry {
  userId: number | null;
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

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
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .run();
}

import type { AppDeps } from './context.js';
import { auditLog } from './db/schema.js';

export interface AuditEntry {
  userId: number | null;
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

/** Appends to the audit log; call it inside the same transaction as the change it records. */
export function recordAudit(db: Pick<AppDeps['db'], 'insert'>, now: number, entry: AuditEntry): void {
  db.insert(auditLog)
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

import { and, eq, isNull } from 'drizzle-orm';
import type { AppDeps } from '../platform/context.js';
import { counters, kioskDevices, units } from '../platform/db/schema.js';

/** What a kiosk's screen names: its unit and counter; nothing for an unknown or revoked device. */
export const kioskScreen = (deps: AppDeps, deviceId: string) =>
  deps.store.db
    .select({ id: kioskDevices.id, counter: counters.name, unit: units.name })
    .from(kioskDevices)
    .innerJoin(counters, eq(counters.id, kioskDevices.counterId))
    .innerJoin(units, eq(units.id, counters.unitId))
    .where(and(eq(kioskDevices.id, deviceId), isNull(kioskDevices.revokedAt)))
    .get();

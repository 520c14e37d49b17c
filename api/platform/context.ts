import type { users } from './db/schema.js';
import type { Store } from './db/store.js';
import type { Env } from './env.js';
import type { ServicePermission } from './vocabulary.js';

/** What every route needs, passed in explicitly so tests can build an app on their own database and clock. */
export interface AppDeps {
  store: Store;
  env: Env;
  now: () => number;
}

export type SessionUser = Pick<typeof users.$inferSelect, 'id' | 'username' | 'displayName' | 'role' | 'unitId'>;

export interface AppEnv {
  /** scopeName: where a staff page's user's scope is rooted (their unit's name; null for admins), for the page header. */
  /** `service`: the service account whose bearer key made the request (then `user` is unset). */
  Variables: { user: SessionUser; scope: AccessScope; scopeName?: string | null; service?: ServiceCaller };
}

/** A service account calling with one of its keys (see api/platform/auth/service-key.ts). */
export type ServiceCaller = { id: number; name: string; permissions: ServicePermission[]; keyId: number };

/** The units a user may see: all of them (admin), or a set. */
export type AccessScope = { all: true } | { all: false; units: ReadonlySet<number> };

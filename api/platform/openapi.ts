import type { OpenAPIHono, z } from '@hono/zod-openapi';

type Security = Record<string, string[]>[];

import { SESSION_COOKIE } from './auth/session.js';

// Who may call an operation, as the OpenAPI document states it (the middleware enforces it).

/** Signed-in staff: the session cookie set by POST /api/auth/login. */
export const SESSION: Security = [{ session: [] }];
/** Signed-in staff, or another system with a service account's bearer key (`Authorization: Bearer sk_…`). */
export const SESSION_OR_KEY: Security = [{ session: [] }, { serviceKey: [] }];
/** A kiosk, with its device key. */
export const KIOSK: Security = [{ deviceKey: [] }];
/** A kiosk with its device key, or a citizen with the one-time link's token in the body. */
export const KIOSK_OR_LINK: Security = [{ deviceKey: [] }, {}];
/** Anyone: public pages' calls, the calculator, health. */
export const PUBLIC: Security = [];

/** A JSON answer of this schema, for a route's responses. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
/** A required JSON body of this schema, for a route's request. */
export const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

export function registerSecuritySchemes(registry: OpenAPIHono['openAPIRegistry']) {
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The session of a signed-in staff member (POST /api/auth/login); writes must come from the same origin',
  });
  registry.registerComponent('securitySchemes', 'serviceKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A service account’s key (created by an admin, POST /api/service-accounts; shown once), for the online portal or the one-stop software; it opens only the operations its permissions name',
  });
  registry.registerComponent('securitySchemes', 'deviceKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Device-Key',
    description: 'The secret key of a kiosk (issued on the kiosk fleet page, POST /api/kiosks/{id}/key, or npm run kiosk-key)',
  });
}

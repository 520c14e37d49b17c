import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procedures, transactions, units } from '../../api/platform/db/schema.js';
import { kioskTap, makeTestApp, START, type TestApp } from '../helpers/app.js';
import { readPdf } from '../helpers/pdf.js';

/**
 * Hà Nội (P) with ward A (the fixture's Ba Đình), ward B, and A0 merged into A on 2025-07-01;
 * another province Q with ward C. One dossier in A and one in B.
 */
let t: TestApp;
type Key = 'P' | 'A' | 'B' | 'A0' | 'Q' | 'C' | 'dossierA' | 'dossierB' | 'wave' | 'parB';
const ids = {} as Record<Key, number>;
const cookies: Record<string, string> = {};
const ROLES = ['admin', 'ha_P', 'ha_Q', 'staff_A', 'staff_B', 'staff_P', 'leader_P', 'leader_B'] as const;
type Who = (typeof ROLES)[number] | 'anonymous';

beforeAll(async () => {
  t = await makeTestApp();
  const { db } = t.deps.store;
  const add = async (key: Key, values: typeof units.$inferInsert) =>
    (ids[key] = (await db.insert(units).values(values).returning().get()).id);
  ids.P = t.ward.parentId as number;
  ids.A = t.ward.id;
  await add('B', { code: '00070', name: 'Phường Hoàn Kiếm', kind: 'ward', parentId: ids.P, validFrom: '2025-07-01' });
  await add('A0', {
    code: '00007',
    name: 'Phường Trúc Bạch',
    kind: 'ward',
    validFrom: '2008-08-01',
    validTo: '2025-07-01',
    mergedIntoId: ids.A,
  });
  await add('Q', { code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'province', validFrom: '2025-07-01' });
  await add('C', { code: '26734', name: 'Phường Sài Gòn', kind: 'ward', parentId: ids.Q, validFrom: '2025-07-01' });
  const procedure = (await db.select().from(procedures).get())!;
  const dossier = async (unitId: number, code: string) =>
    (
      await db
        .insert(transactions)
        .values({
          receiptCode: code,
          unitId,
          procedureId: procedure.id,
          channel: 'counter',
          receivedAt: new Date(START),
          dueAt: new Date(START + 86_400_000),
        })
        .returning()
        .get()
    ).id;
  ids.dossierA = t.dossiers[0]!.id;
  ids.dossierB = await dossier(ids.B, '00070-260302-0001');

  cookies.admin = await t.addUser('admin', 'admin', null);
  // A survey wave over ward A, created by the admin through the API.
  const wave = await call('admin', 'POST', '/api/survey-waves', {
    name: 'SIPAS 2026',
    definitionId: 'sipas-qd1001-2023',
    from: '2026-01-01',
    to: '2026-12-31',
    unitIds: [ids.A],
  });
  ids.wave = ((await wave.json()) as { wave: { id: number } }).wave.id;
  cookies.ha_P = await t.addUser('noivu.hanoi', 'home_affairs', ids.P);
  cookies.ha_Q = await t.addUser('noivu.hcm', 'home_affairs', ids.Q);
  cookies.staff_A = await t.addUser('canbo.badinh', 'unit_staff', ids.A);
  cookies.staff_B = await t.addUser('canbo.hoankiem', 'unit_staff', ids.B);
  // Unit staff of a unit with units below it: they see their own unit, never the wards below.
  cookies.staff_P = await t.addUser('canbo.sonoivu', 'unit_staff', ids.P);
  cookies.leader_P = await t.addUser('lanhdao.hanoi', 'leader', ids.P);
  cookies.leader_B = await t.addUser('lanhdao.hoankiem', 'leader', ids.B);
  const par = await call('staff_B', 'POST', '/api/par-assessments', { unitId: ids.B, year: 2024, definitionId: 'par-province-qd876-2022' });
  ids.parB = ((await par.json()) as { id: number }).id;
});
afterAll(() => t.close());

function call(who: Who, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = who === 'anonymous' ? {} : { cookie: cookies[who] as string };
  if (body instanceof FormData) return t.app.request(path, { method, headers, body });
  if (body !== undefined) headers['content-type'] = 'application/json';
  return t.app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

const summary = (unit: Key) => ['GET', () => `/api/units/${ids[unit]}/ratings/summary`] as const;
const index = (unit: Key) => ['GET', () => `/api/indices?definition=tap-rating&unit=${ids[unit]}&from=2025-01-01&to=2026-12-31`] as const;
const token = (dossier: Key) => ['POST', () => `/api/transactions/${ids[dossier]}/rating-token`] as const;

/** PAR workflow routes: their role and scope rules are tested step by step in par.test.ts. */
const PAR_ROUTES = [
  '/api/par-assessments',
  '/api/par-assessments/{id}',
  '/api/par-assessments/{id}/items/{nodeId}',
  '/api/par-assessments/{id}/items/{nodeId}/evidence',
  '/api/par-assessments/{id}/evidence/{fileId}',
  '/api/par-assessments/{id}/survey/{nodeId}',
  '/api/par-assessments/{id}/appraisal/{nodeId}',
  '/api/par-assessments/{id}/transitions',
  '/api/par-results',
];

/** Writers that pass the role and scope checks meet validation (422) with an empty body. */
const empty = (method: string, path: () => string, body: () => unknown = () => ({})) => [method, path, body] as const;

/** Expected status per role; the rows cover own scope, another scope, and history merged into a unit. */
const MATRIX: [string, readonly [string, () => string, (() => unknown)?], Record<Who, number>][] = [
  [
    'summary of ward A',
    summary('A'),
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 200, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'summary of A0 (merged into A, so inside Hà Nội)',
    summary('A0'),
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 200, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'summary of ward C (other province)',
    summary('C'),
    { admin: 200, ha_P: 403, ha_Q: 200, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'index of ward A',
    index('A'),
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 200, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'index of ward B',
    index('B'),
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 200, staff_P: 403, leader_P: 200, leader_B: 200, anonymous: 401 },
  ],
  [
    'index of the province',
    index('P'),
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 200, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'rating token for a dossier of A',
    token('dossierA'),
    { admin: 201, ha_P: 201, ha_Q: 403, staff_A: 201, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'rating token for a dossier of B',
    token('dossierB'),
    { admin: 201, ha_P: 201, ha_Q: 403, staff_A: 403, staff_B: 201, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'rating links for a dossier of A by receipt code',
    empty(
      'POST',
      () => '/api/rating-links',
      () => ({ receiptCodes: ['00004-260301-0001'] }),
    ),
    { admin: 201, ha_P: 201, ha_Q: 422, staff_A: 201, staff_B: 422, staff_P: 422, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'rating slips page',
    ['GET', () => '/staff/links'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 403, leader_B: 403, anonymous: 302 },
  ],
  [
    'list accounts',
    ['GET', () => '/api/users'],
    { admin: 200, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'change an account (no such account)',
    empty(
      'PATCH',
      () => '/api/users/999999',
      () => ({ displayName: 'Không ai' }),
    ),
    { admin: 404, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'accounts page',
    ['GET', () => '/staff/users'],
    { admin: 200, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 302 },
  ],
  [
    'unlock an account',
    ['POST', () => `/api/users/1/unlock`],
    { admin: 200, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'service accounts page',
    ['GET', () => '/staff/users/service-accounts'],
    { admin: 200, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 302 },
  ],
  [
    'dossier changes after a cursor',
    ['GET', () => '/api/transactions/changes?after=0'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'list service accounts',
    ['GET', () => '/api/service-accounts'],
    { admin: 200, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'create a service account (no such unit)',
    empty(
      'POST',
      () => '/api/service-accounts',
      () => ({ name: 'Cổng dịch vụ công', unitId: 999_999, permissions: ['rating-links:issue'] }),
    ),
    { admin: 404, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'a new key for a service account (no such account)',
    empty(
      'POST',
      () => '/api/service-accounts/999999/keys',
      () => ({ overlapHours: 1 }),
    ),
    { admin: 404, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'revoke a service account (no such account)',
    ['POST', () => '/api/service-accounts/999999/revoke'],
    { admin: 404, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'read the audit log',
    ['GET', () => '/api/audit'],
    { admin: 200, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'who am I',
    ['GET', () => '/api/auth/me'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 401 },
  ],
  [
    'import a dossier file',
    empty(
      'POST',
      () => '/api/imports/transactions',
      () => new FormData(),
    ),
    { admin: 422, ha_P: 422, ha_Q: 422, staff_A: 422, staff_B: 422, staff_P: 422, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'list every refused line of a dossier file',
    empty(
      'POST',
      () => '/api/imports/transactions/errors',
      () => new FormData(),
    ),
    { admin: 422, ha_P: 422, ha_Q: 422, staff_A: 422, staff_B: 422, staff_P: 422, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'read the names imports resolve',
    ['GET', () => '/api/name-aliases'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 401 },
  ],
  [
    'confirm what a name means',
    empty('POST', () => '/api/name-aliases'),
    { admin: 422, ha_P: 422, ha_Q: 422, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'forget a confirmed name',
    ['DELETE', () => '/api/name-aliases/999999'],
    { admin: 404, ha_P: 404, ha_Q: 404, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'correct ward A (its own name again)',
    empty(
      'PATCH',
      () => `/api/units/${ids.A}`,
      () => ({ name: 'Phường Ba Đình' }),
    ),
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'create a unit under C with a code C holds',
    empty(
      'POST',
      () => '/api/units',
      () => ({ code: '26734', name: 'Phường Sài Gòn', kind: 'ward', parentId: ids.C, validFrom: '2025-07-01' }),
    ),
    { admin: 409, ha_P: 403, ha_Q: 409, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'create a top-level unit (a province code already held)',
    empty(
      'POST',
      () => '/api/units',
      () => ({ code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'province', parentId: null, validFrom: '2025-07-01' }),
    ),
    { admin: 409, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'merge ward A into B before A began',
    empty(
      'POST',
      () => `/api/units/${ids.A}/merge`,
      () => ({ intoId: ids.B, on: '2025-07-01' }),
    ),
    { admin: 422, ha_P: 422, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'add a counter to ward A with a code it has',
    empty(
      'POST',
      () => `/api/units/${ids.A}/counters`,
      () => ({ code: 'Q1', name: 'Quầy 1' }),
    ),
    { admin: 409, ha_P: 409, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'rename a counter of A (to its own name)',
    empty(
      'PATCH',
      () => `/api/counters/${t.counter.id}`,
      () => ({ name: 'Quầy 1 – Tư pháp, hộ tịch' }),
    ),
    { admin: 200, ha_P: 200, ha_Q: 404, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'rename the kiosk of ward A (to its own name)',
    empty(
      'PATCH',
      () => '/api/kiosks/bd-q1',
      () => ({ name: 'Kiosk Quầy 1' }),
    ),
    { admin: 204, ha_P: 204, ha_Q: 404, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'add a kiosk',
    empty('POST', () => '/api/kiosks'),
    { admin: 422, ha_P: 422, ha_Q: 422, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'read the procedure catalogue',
    ['GET', () => '/api/procedures'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 401 },
  ],
  [
    'add a procedure',
    empty('POST', () => '/api/procedures'),
    { admin: 422, ha_P: 422, ha_Q: 422, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'change a procedure (no such procedure)',
    empty(
      'PATCH',
      () => '/api/procedures/999999',
      () => ({ name: 'Không có' }),
    ),
    { admin: 404, ha_P: 404, ha_Q: 404, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'import the procedure catalogue',
    empty(
      'POST',
      () => '/api/imports/procedures',
      () => new FormData(),
    ),
    { admin: 422, ha_P: 422, ha_Q: 422, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'send a dossier batch',
    empty('POST', () => '/api/transactions/batch'),
    { admin: 422, ha_P: 422, ha_Q: 422, staff_A: 422, staff_B: 422, staff_P: 422, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'create a survey wave',
    empty('POST', () => '/api/survey-waves'),
    { admin: 422, ha_P: 422, ha_Q: 422, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'read a wave over ward A',
    ['GET', () => `/api/survey-waves/${ids.wave}`],
    { admin: 200, ha_P: 200, ha_Q: 404, staff_A: 200, staff_B: 404, staff_P: 404, leader_P: 200, leader_B: 404, anonymous: 401 },
  ],
  [
    'list ward A’s forms',
    ['GET', () => `/api/survey-waves/${ids.wave}/respondents?unit=${ids.A}`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 200, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'open a PAR assessment of ward A',
    empty(
      'POST',
      () => '/api/par-assessments',
      () => ({ unitId: ids.A, year: 2025, definitionId: 'par-province-qd876-2022' }),
    ),
    { admin: 201, ha_P: 409, ha_Q: 403, staff_A: 409, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'read PAR results',
    ['GET', () => '/api/par-results?year=2025&definitionId=par-province-qd876-2022'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 401 },
  ],
  [
    'list PAR assessments',
    ['GET', () => '/api/par-assessments'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 401 },
  ],
  [
    'PAR page',
    ['GET', () => '/staff/par'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 302 },
  ],
  [
    'PAR assessment page of ward B',
    ['GET', () => `/staff/par/${ids.parB}`],
    { admin: 200, ha_P: 200, ha_Q: 404, staff_A: 404, staff_B: 200, staff_P: 404, leader_P: 200, leader_B: 200, anonymous: 302 },
  ],
  [
    'PAR results page',
    ['GET', () => '/staff/par/results?year=2025&definitionId=par-province-qd876-2022'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 302 },
  ],
  [
    'list kiosks',
    ['GET', () => '/api/kiosks'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 401 },
  ],
  [
    'issue a kiosk key (no such kiosk)',
    ['POST', () => '/api/kiosks/no-such-kiosk/key'],
    { admin: 404, ha_P: 404, ha_Q: 404, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'revoke a kiosk key (no such kiosk)',
    ['POST', () => '/api/kiosks/no-such-kiosk/revoke'],
    { admin: 404, ha_P: 404, ha_Q: 404, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'list call-back requests',
    ['GET', () => '/api/callbacks'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'record a call back (no such request)',
    empty(
      'POST',
      () => '/api/callbacks/999999',
      () => ({ status: 'contacted', note: 'Đã gọi lại' }),
    ),
    { admin: 404, ha_P: 404, ha_Q: 404, staff_A: 404, staff_B: 404, staff_P: 404, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'call-back page',
    ['GET', () => '/staff/callbacks'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 403, leader_B: 403, anonymous: 302 },
  ],
  [
    'check a form of ward A before entering it',
    ['GET', () => `/api/survey-waves/${ids.wave}/forms/S${ids.wave}-${ids.A}-0001`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 200, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'close a survey wave (no such wave)',
    ['POST', () => '/api/survey-waves/999999/close'],
    { admin: 404, ha_P: 404, ha_Q: 404, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'survey waves page',
    ['GET', () => '/staff/surveys'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 302 },
  ],
  [
    'units page',
    ['GET', () => '/staff/units'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 302 },
  ],
  [
    'dossier import page',
    ['GET', () => '/staff/imports'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 403, leader_B: 403, anonymous: 302 },
  ],
  [
    'webhooks page',
    ['GET', () => '/staff/webhooks'],
    { admin: 200, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 302 },
  ],
  [
    'staff home page',
    ['GET', () => '/staff'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 302 },
  ],
  [
    'kiosk fleet page',
    ['GET', () => '/staff/kiosks'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 302 },
  ],
  [
    'print ward A’s forms',
    ['GET', () => `/api/survey-waves/${ids.wave}/forms.pdf?unit=${ids.A}`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 200, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'issue household links for ward A',
    empty(
      'POST',
      () => `/api/survey-waves/${ids.wave}/links`,
      () => ({ unit: ids.A }),
    ),
    { admin: 201, ha_P: 201, ha_Q: 403, staff_A: 201, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'rank the units of Hà Nội',
    ['GET', () => `/api/rankings?definition=tap-rating&parent=${ids.P}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 200, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'rank them as CSV',
    ['GET', () => `/api/rankings.csv?definition=tap-rating&parent=${ids.P}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 200, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'dashboard of Hà Nội',
    ['GET', () => `/api/dashboard?unit=${ids.P}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 200, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'dashboard of ward A',
    ['GET', () => `/api/dashboard?unit=${ids.A}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 200, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'verify a figure of ward A from the stored records',
    empty(
      'POST',
      () => '/api/verify/stored',
      () => ({
        provenance: {
          definitionId: 'tap-rating',
          definitionVersion: '1',
          definitionHash: 'x',
          inputHash: 'x',
          settings: {},
          engineVersion: '1',
        },
        unit: ids.A,
        from: '2026-01-01',
        to: '2026-06-30',
      }),
    ),
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 200, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'report of ward A (PDF)',
    ['GET', () => `/api/reports/unit.pdf?definition=tap-rating&unit=${ids.A}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 200, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'report of Hà Nội’s units (PDF)',
    ['GET', () => `/api/reports/units.pdf?definition=tap-rating&unit=${ids.P}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 200, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'compare ward A and ward B',
    ['GET', () => `/api/compare?definition=tap-rating&units=${ids.A},${ids.B}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'dashboard of ward A (XLSX)',
    ['GET', () => `/api/dashboard.xlsx?unit=${ids.A}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 200, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'dashboard of ward A (CSV)',
    ['GET', () => `/api/dashboard.csv?unit=${ids.A}&from=2026-01-01&to=2026-06-30&table=trend`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 200, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'compare A and B (CSV)',
    ['GET', () => `/api/compare.csv?definition=tap-rating&units=${ids.A},${ids.B}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'compare A and B (XLSX)',
    ['GET', () => `/api/compare.xlsx?definition=tap-rating&units=${ids.A},${ids.B}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'rank the units of Hà Nội (XLSX)',
    ['GET', () => `/api/rankings.xlsx?definition=tap-rating&parent=${ids.P}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 200, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'dashboard of Hà Nội (XLSX)',
    ['GET', () => `/api/dashboard.xlsx?unit=${ids.P}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 200, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'dashboard of Hà Nội (CSV)',
    ['GET', () => `/api/dashboard.csv?unit=${ids.P}&from=2026-01-01&to=2026-06-30&table=comments`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 200, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'report of Hà Nội (PDF)',
    ['GET', () => `/api/reports/unit.pdf?definition=tap-rating&unit=${ids.P}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 200, leader_P: 200, leader_B: 403, anonymous: 401 },
  ],
  [
    'list ratings held for review',
    ['GET', () => '/api/rating-holds?status=all'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 200, anonymous: 401 },
  ],
  [
    'decide a held rating',
    empty('POST', () => '/api/rating-holds/999999/decision'),
    { admin: 422, ha_P: 422, ha_Q: 422, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'dashboard page of ward A',
    ['GET', () => `/staff/dashboard?unit=${ids.A}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 200, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 403, anonymous: 302 },
  ],
  [
    'dashboard page of Hà Nội',
    ['GET', () => `/staff/dashboard?unit=${ids.P}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 200, leader_P: 200, leader_B: 403, anonymous: 302 },
  ],
  [
    'ranking page of Hà Nội',
    ['GET', () => `/staff/ranking?definition=tap-rating&parent=${ids.P}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 200, leader_P: 200, leader_B: 403, anonymous: 302 },
  ],
  [
    'comparison page of A and B',
    ['GET', () => `/staff/compare?definition=tap-rating&u=${ids.A}&u=${ids.B}&from=2026-01-01&to=2026-06-30`],
    { admin: 200, ha_P: 200, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 403, anonymous: 302 },
  ],
  [
    'form entry page of ward A',
    ['GET', () => `/staff/surveys/${ids.wave}/entry?unit=${ids.A}`],
    { admin: 200, ha_P: 200, ha_Q: 404, staff_A: 200, staff_B: 404, staff_P: 404, leader_P: 403, leader_B: 403, anonymous: 302 },
  ],
  [
    'survey tablet page of the wave over ward A',
    ['GET', () => `/staff/surveys/${ids.wave}/tablet`],
    { admin: 200, ha_P: 200, ha_Q: 404, staff_A: 200, staff_B: 404, staff_P: 404, leader_P: 403, leader_B: 403, anonymous: 302 },
  ],
  [
    'alerts page',
    ['GET', () => '/staff/alerts'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 302 },
  ],
  [
    'held ratings page',
    ['GET', () => '/staff/holds'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 200, leader_B: 200, anonymous: 302 },
  ],
  [
    'list alerts',
    ['GET', () => '/api/alerts'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 401 },
  ],
  [
    'alerts as CSV',
    ['GET', () => '/api/alerts.csv?status=all'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 401 },
  ],
  [
    'alerts as XLSX',
    ['GET', () => '/api/alerts.xlsx'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 200, staff_B: 200, staff_P: 200, leader_P: 200, leader_B: 200, anonymous: 401 },
  ],
  [
    'scan for alerts',
    ['POST', () => '/api/alerts/scan'],
    { admin: 200, ha_P: 200, ha_Q: 200, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'acknowledge an alert',
    empty('POST', () => '/api/alerts/999999/acknowledge'),
    { admin: 422, ha_P: 422, ha_Q: 422, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'subscribe a webhook',
    empty('POST', () => '/api/webhooks'),
    { admin: 422, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'list webhooks',
    ['GET', () => '/api/webhooks'],
    { admin: 200, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'deliver webhooks now',
    ['POST', () => '/api/webhooks/deliver'],
    { admin: 200, ha_P: 403, ha_Q: 403, staff_A: 403, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'import forms of a wave',
    empty(
      'POST',
      () => `/api/survey-waves/${ids.wave}/imports`,
      () => new FormData(),
    ),
    { admin: 422, ha_P: 422, ha_Q: 422, staff_A: 422, staff_B: 422, staff_P: 422, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
  [
    'enter a form of ward A',
    empty(
      'POST',
      () => `/api/survey-waves/${ids.wave}/responses`,
      () => ({ code: `S${ids.wave}-${ids.A}-0001`, answers: { 'service.staff.1': 9 } }),
    ),
    { admin: 422, ha_P: 422, ha_Q: 403, staff_A: 422, staff_B: 403, staff_P: 403, leader_P: 403, leader_B: 403, anonymous: 401 },
  ],
];

describe('authorization matrix: role × route × scope', () => {
  const cases = MATRIX.flatMap(([name, [method, path, body], expected]) =>
    (Object.entries(expected) as [Who, number][]).map(([who, status]) => [name, who, method, path, body, status] as const),
  );
  it.each(cases)('%s as %s', async (_name, who, method, path, body, status) => {
    const res = await call(who, method, path(), body?.());
    expect(res.status).toBe(status);
    if (status >= 400 && path().startsWith('/api/')) {
      const body = await res.json(); // every refusal is JSON, even on a PDF route
      expect(body.error.message.vi.length).toBeGreaterThan(0);
      expect(body.error.message.en.length).toBeGreaterThan(0);
    } else if (status >= 400) {
      // A page's refusal is a page, in Vietnamese.
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toMatch(/<html lang="vi">/);
    }
  });

  it('shows unit staff of a unit with units below it that unit alone, in every format and on the page', async () => {
    const comment = 'Cán bộ phường Ba Đình rất nhiệt tình';
    for (const extra of [{ comment }, {}, {}]) {
      t.clock.now += 60_000; // a minute apart, so the kiosk counts each
      expect((await kioskTap(t, { level: 5, ...extra })).status).toBe(201);
    }
    const q = `unit=${ids.P}&from=2026-01-01&to=2026-06-30`;
    const dashboard = async (who: Who) =>
      (await (await call(who, 'GET', `/api/dashboard?${q}`)).json()) as { reach: string; tap: { n: number }; comments: { text: string }[] };
    const whole = await dashboard('ha_P');
    expect(whole).toMatchObject({ reach: 'subtree', tap: { n: 3 } });
    expect(whole.comments.map((c) => c.text)).toEqual([comment]);
    expect(await dashboard('staff_P')).toMatchObject({ reach: 'unit', tap: { n: 0 }, comments: [] });

    const csv = async (who: Who) => (await call(who, 'GET', `/api/dashboard.csv?${q}&table=comments`)).text();
    expect(await csv('ha_P')).toContain(comment);
    expect(await csv('staff_P')).not.toContain(comment);

    const cells = async (who: Who) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await (await call(who, 'GET', `/api/dashboard.xlsx?${q}`)).arrayBuffer());
      const texts: string[] = [];
      wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value)))));
      return texts;
    };
    expect(await cells('ha_P')).toContain(comment);
    expect(await cells('staff_P')).not.toContain(comment);

    const pdf = async (who: Who) =>
      (await readPdf(new Uint8Array(await (await call(who, 'GET', `/api/reports/unit.pdf?definition=tap-rating&${q}`)).arrayBuffer())))
        .text;
    const [wholeReport, ownReport] = [await pdf('ha_P'), await pdf('staff_P')];
    expect(wholeReport).toMatch(/n = 3\b/);
    expect(wholeReport).not.toContain('không gồm các đơn vị trực thuộc');
    expect(ownReport).toContain('Thành phố Hà Nội (riêng đơn vị, không gồm các đơn vị trực thuộc)');
    expect(ownReport).not.toMatch(/n = 3\b/);

    const page = async (who: Who) => (await call(who, 'GET', `/staff/dashboard?${q}`)).text();
    expect(await page('ha_P')).toContain(comment);
    const own = await page('staff_P');
    expect(own).not.toContain(comment);
    expect(own).toContain('không gồm các đơn vị trực thuộc');
  });

  it('creating an account is for admins only', async () => {
    const account = (username: string) => ({
      username,
      displayName: 'Cán bộ mới',
      role: 'unit_staff',
      unitId: ids.A,
      password: 'a long enough password',
    });
    for (const who of ['ha_P', 'staff_A', 'leader_P'] as const)
      expect((await call(who, 'POST', '/api/users', account(`x.${who}`))).status).toBe(403);
    expect((await call('anonymous', 'POST', '/api/users', account('x.anon'))).status).toBe(401);
    expect((await call('admin', 'POST', '/api/users', account('canbo.moi'))).status).toBe(201);
    expect((await call('admin', 'POST', '/api/users', account('canbo.moi'))).status).toBe(409);
  });

  it('lists to each person only the units in their scope', async () => {
    const names = async (who: Who) =>
      ((await (await call(who, 'GET', '/api/units')).json()) as { name: string }[]).map((u) => u.name).sort();
    expect(await names('staff_A')).toEqual(['Phường Ba Đình', 'Phường Trúc Bạch']);
    expect(await names('leader_B')).toEqual(['Phường Hoàn Kiếm']);
    expect(await names('ha_Q')).toEqual(['Phường Sài Gòn', 'Thành phố Hồ Chí Minh']);
    expect((await names('admin')).length).toBe(6);
  });

  it('covers every staff route of the API document', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    const PUBLIC = [
      '/api/health',
      '/api/ratings',
      '/api/methodologies',
      '/api/compute/{definitionId}',
      '/api/verify',
      '/api/auth/login',
      '/api/auth/logout',
      '/api/survey-self',
    ];
    /** Kiosks' own calls, with the device key (their refusals are tested in kiosks.test.ts). */
    const DEVICE = ['/api/kiosks/{id}/heartbeat'];
    /** What other systems may call with a service account's key (tested in service-accounts.test.ts). */
    const SERVICE_KEY = [
      '/api/rating-links',
      '/api/transactions/batch',
      '/api/transactions/changes',
      '/api/reports/unit.pdf',
      '/api/reports/units.pdf',
    ];
    const tested = [
      '/api/kiosks',
      '/api/kiosks/{id}',
      '/api/kiosks/{id}/key',
      '/api/kiosks/{id}/revoke',
      '/api/callbacks',
      '/api/callbacks/{ratingId}',
      '/api/units',
      '/api/units/{id}',
      '/api/units/{id}/merge',
      '/api/units/{id}/counters',
      '/api/counters/{id}',
      '/api/procedures',
      '/api/procedures/{id}',
      '/api/imports/procedures',
      '/api/units/{id}/ratings/summary',
      '/api/indices',
      '/api/transactions/{id}/rating-token',
      '/api/rating-links',
      '/api/users',
      '/api/users/{id}/unlock',
      '/api/users/{id}',
      '/api/service-accounts',
      '/api/service-accounts/{id}/keys',
      '/api/service-accounts/{id}/revoke',
      '/api/audit',
      '/api/auth/me',
      '/api/imports/transactions',
      '/api/imports/transactions/errors',
      '/api/name-aliases',
      '/api/name-aliases/{id}',
      '/api/transactions/batch',
      '/api/transactions/changes',
      '/api/survey-waves',
      '/api/survey-waves/{id}',
      '/api/survey-waves/{id}/respondents',
      '/api/survey-waves/{id}/responses',
      '/api/survey-waves/{id}/forms/{code}',
      '/api/survey-waves/{id}/close',
      '/api/survey-waves/{id}/imports',
      '/api/survey-waves/{id}/forms.pdf',
      '/api/survey-waves/{id}/links',
      '/api/rankings',
      '/api/rankings.csv',
      '/api/verify/stored',
      '/api/dashboard',
      '/api/dashboard.xlsx',
      '/api/dashboard.csv',
      '/api/compare.csv',
      '/api/compare',
      '/api/compare.xlsx',
      '/api/rankings.xlsx',
      '/api/alerts',
      '/api/alerts.csv',
      '/api/alerts.xlsx',
      '/api/alerts/scan',
      '/api/alerts/{id}/acknowledge',
      '/api/rating-holds',
      '/api/rating-holds/{id}/decision',
      '/api/webhooks',
      '/api/webhooks/deliver',
      '/api/reports/unit.pdf',
      '/api/reports/units.pdf',
      ...PAR_ROUTES,
    ];
    expect(Object.keys(doc.paths).sort()).toEqual([...PUBLIC, ...DEVICE, ...tested].sort());
    for (const path of PUBLIC) {
      const method = Object.keys(doc.paths[path])[0] as string;
      const res = await call(
        'anonymous',
        method.toUpperCase(),
        path.replace('{definitionId}', 'tap-rating'),
        method === 'post' ? {} : undefined,
      );
      expect(res.status, path).not.toBe(401);
    }
    // The document says the same: staff operations need the session cookie, public ones nothing,
    // a rating a kiosk key or a link, and what other systems may call the session or a service key.
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, { security?: unknown }>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        const expected =
          path === '/api/ratings'
            ? [{ deviceKey: [] }, {}]
            : DEVICE.includes(path)
              ? [{ deviceKey: [] }]
              : PUBLIC.includes(path)
                ? []
                : SERVICE_KEY.includes(path)
                  ? [{ session: [] }, { serviceKey: [] }]
                  : [{ session: [] }];
        expect(operation.security, `${method} ${path}`).toEqual(expected);
      }
    }
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['deviceKey', 'serviceKey', 'session']);
  });

  it('records who issued a rating token, without the token', async () => {
    const log = (await (await call('admin', 'GET', '/api/audit?entity=transaction')).json()) as {
      action: string;
      userId: number;
      after: object;
    }[];
    expect(log.length).toBeGreaterThan(0);
    expect(log[0]!.action).toBe('rating_token.issue');
    expect(JSON.stringify(log)).not.toMatch(/"token":/);
  });
});

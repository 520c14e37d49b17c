import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { hashPassword } from '../../api/platform/auth/secrets.js';
import { users } from '../../api/platform/db/schema.js';
import { loadEnv } from '../../api/platform/env.js';
import { seedDemo } from '../../api/seed/generate.js';
import { createApp } from '../../server/app.js';
import { TEST_PASSWORD_COST } from './app.js';
import { openTestStore, sqlOn } from './store.js';

export const DEMO_PASSWORD = 'a long admin password';
/** The tests' clock, 23 November 2026, 10:00 in Hà Nội: the demo runs from 23 May 2025 to 22 November 2026. */
export const DEMO_NOW = Date.parse('2026-11-23T03:00:00Z');
/** The period most report tests read: the demo's current year up to the close of its survey (31 October). */
export const FROM = '2026-01-01';
export const TO = '2026-10-31';

type Figure = { value: number | null; n: number };
/** The parts of GET /api/dashboard the tests compare with independent counts. */
export type DashboardFigures = {
  tap: Figure;
  coverage: { ratings: number; dossiers: number; share: number };
  trend: (Figure & { period: string })[];
  channels: (Figure & { channel: string })[];
  counters: Figure[];
  heat: { weekday: number; hour: number; n: number }[];
  reasons: { code: string; count: number }[];
  sipas: { headline: Figure; elements: Figure[]; criteria: (Figure & { id: string })[] };
  service: { components: { id: string; value: number | null }[] };
};

/**
 * The demo province (a smaller copy: 30,000 ratings) behind the real app on a real database, with
 * an admin signed in; the clock stands at 23 November 2026, 10:00 in Hà Nội.
 */
export async function openDemo() {
  const opened = await openTestStore();
  const { store, dir } = opened;
  const env = { ...loadEnv({}), DATABASE_PATH: join(dir, 'test.sqlite'), SEED_DEMO: 'never' as const, PASSWORD_COST: TEST_PASSWORD_COST };
  await seedDemo(store, { ratings: 30_000, now: DEMO_NOW });
  await store.db
    .insert(users)
    .values({
      username: 'admin',
      displayName: 'Quản trị',
      passwordHash: await hashPassword(DEMO_PASSWORD, TEST_PASSWORD_COST),
      role: 'admin',
      createdAt: new Date(),
    })
    .run();
  const app = createApp({ store, env, now: () => DEMO_NOW });
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0] as string;
  const sql = sqlOn(store);
  /** An admin's GET, answered 200. */
  const get = async (url: string) => {
    const answer = await app.request(url, { headers: { cookie } });
    expect(answer.status, url).toBe(200);
    return answer;
  };
  return {
    dir,
    store,
    app,
    cookie,
    ...sql,
    get,
    unitId: async (code: string) => ((await sql.query('select id from units where code = ?', code))[0] as { id: number }).id,
    /** Current wards, the first few by id. */
    wards: async (limit: number) =>
      (await sql.query("select id, name from units where kind = 'ward' and valid_to is null order by id limit ?", limit)) as {
        id: number;
        name: string;
      }[],
    dashboard: async (unit: number, from = FROM, to = TO) =>
      (await (await get(`/api/dashboard?unit=${unit}&from=${from}&to=${to}`)).json()) as DashboardFigures,
    /** A downloaded workbook, checked to be one. */
    workbook: async (url: string) => {
      const answer = await get(url);
      expect(answer.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await answer.arrayBuffer());
      return wb;
    },
    close: () => opened.close(),
  };
}

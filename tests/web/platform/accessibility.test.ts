import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_KEY, kioskTap, makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen } from '../../helpers/browser.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let t: TestApp;
let server: Awaited<ReturnType<typeof listen>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const cookies = {} as Record<'ha' | 'staff' | 'leader' | 'admin', string>;
const at = {} as Record<'wave' | 'par' | 'token' | 'household', string>;

beforeAll(async () => {
  t = await makeTestApp({}, { realClock: true });
  cookies.admin = await t.addUser('quantri', 'admin', null);
  cookies.ha = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
  cookies.staff = await t.addStaff();
  cookies.leader = await t.addUser('lanhdao.hanoi', 'leader', t.ward.parentId);
  const wave = await t.call(
    'POST',
    '/api/survey-waves',
    {
      name: 'SIPAS 2026',
      definitionId: 'sipas-qd1001-2023',
      from: '2026-01-01',
      to: '2026-12-31',
      unitIds: [t.ward.id],
      populations: { [t.ward.id]: 500 },
    },
    cookies.admin,
  );
  at.wave = String(((await wave.json()) as { wave: { id: number } }).wave.id);
  const links = await t.call('POST', `/api/survey-waves/${at.wave}/links`, { unit: t.ward.id }, cookies.staff);
  at.household = new URL(((await links.json()) as { url: string }[])[0]!.url).pathname;
  const par = await t.call(
    'POST',
    '/api/par-assessments',
    { unitId: t.ward.id, year: 2025, definitionId: 'par-province-qd876-2022' },
    cookies.staff,
  );
  at.par = String(((await par.json()) as { id: number }).id);
  const token = await t.call('POST', `/api/transactions/${t.dossiers[0]!.id}/rating-token`, undefined, cookies.staff);
  at.token = new URL(((await token.json()) as { url: string }).url).pathname;
  await kioskTap(t, { level: 2, followUp: { phone: '0912345678', consent: true } });
  server = await listen(t);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

/** WCAG 2.1 A and AA violations axe-core finds on a page, each with where. */
async function violations(page: Page) {
  await page.addScriptTag({ path: AXE });
  const found = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })).violations;
  })) as { id: string; nodes: { target: string[] }[] }[];
  return found.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Each page, who looks at it, and the status it answers (refusals are pages too). */
const PAGES: [string, keyof typeof cookies | null, () => string, number?][] = [
  ['home', null, () => '/'],
  ['sign-in', null, () => '/login?next=%2Fstaff%2Fpar'],
  ['kiosk', null, () => `/kiosk/bd-q1#key=${DEVICE_KEY}`],
  ['kiosk not set up', null, () => '/kiosk/bd-q1'],
  ['rating link', null, () => at.token],
  ['household survey', null, () => at.household],
  ['not found', null, () => '/nowhere', 404],
  ['staff home (Home Affairs)', 'ha', () => '/staff'],
  ['staff home (unit staff)', 'staff', () => '/staff'],
  ['dashboard', 'ha', () => `/staff/dashboard?unit=${t.ward.id}&from=2026-01-01&to=2026-12-31`],
  ['ranking', 'ha', () => `/staff/ranking?definition=tap-rating&parent=${t.ward.parentId}&from=2026-01-01&to=2026-12-31`],
  ['compare', 'leader', () => '/staff/compare'],
  ['alerts', 'ha', () => '/staff/alerts?status=all'],
  ['held ratings', 'ha', () => '/staff/holds'],
  ['rating slips', 'staff', () => '/staff/links'],
  ['PAR list', 'staff', () => '/staff/par'],
  ['PAR assessment (unit)', 'staff', () => `/staff/par/${at.par}`],
  ['PAR assessment (leader)', 'leader', () => `/staff/par/${at.par}`],
  ['PAR results', 'leader', () => '/staff/par/results?year=2025&definitionId=par-province-qd876-2022'],
  ['kiosk fleet', 'ha', () => '/staff/kiosks'],
  ['call-backs', 'staff', () => '/staff/callbacks'],
  ['form entry', 'staff', () => `/staff/surveys/${at.wave}/entry?unit=${t.ward.id}`],
  ['survey tablet', 'staff', () => `/staff/surveys/${at.wave}/tablet`],
  ['accounts', 'admin', () => '/staff/users'],
  ['service accounts', 'admin', () => '/staff/users/service-accounts'],
  ['webhooks', 'admin', () => '/staff/webhooks'],
  ['survey waves (Home Affairs)', 'ha', () => '/staff/surveys'],
  ['survey waves (leader)', 'leader', () => '/staff/surveys'],
  ['units and procedures', 'ha', () => '/staff/units'],
  ['dossier import', 'staff', () => '/staff/imports'],
  ['refused page', 'leader', () => '/staff/links', 403],
];

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  it('finds violations where there are some (the check itself works)', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.setContent('<html><body><img src="x.png"><button></button></body></html>');
    const found = await violations(page);
    expect(found.some((v) => v.startsWith('image-alt'))).toBe(true);
    expect(found.some((v) => v.startsWith('button-name'))).toBe(true);
    await page.context().close();
  });

  it.each(PAGES)('%s has no violations', async (_name, who, path, status = 200) => {
    // The pages' CSP allows no inline script; axe is the test's own, so this context lets it in.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    if (who) {
      const [name, ...value] = cookies[who].split('=');
      await context.addCookies([{ name: name as string, value: value.join('='), url: server.url }]);
    }
    const page = await context.newPage();
    expect((await page.goto(`${server.url}${path()}`))?.status()).toBe(status);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });
});

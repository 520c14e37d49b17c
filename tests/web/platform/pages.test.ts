import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const langHref = (html: string) => /<a class="lang-link" href="([^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');

describe('every page', () => {
  it('switches language keeping the page’s filters, and a sign-in’s next page', async () => {
    const cookie = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
    const filtered = await t.app.request(`/staff/dashboard?unit=${t.ward.id}&from=2026-01-01&to=2026-03-31`, { headers: { cookie } });
    expect(langHref(await filtered.text())).toBe(`/staff/dashboard?unit=${t.ward.id}&from=2026-01-01&to=2026-03-31&lang=en`);
    const english = await t.app.request(`/staff/par?state=published&lang=en`, { headers: { cookie } });
    expect(langHref(await english.text())).toBe('/staff/par?state=published');
    const login = await t.app.request(`/login?next=${encodeURIComponent('/staff/par?year=2025')}`);
    expect(langHref(await login.text())).toBe(`/login?next=${encodeURIComponent('/staff/par?year=2025')}&lang=en`);
  });

  it('answers an unknown address with a page in the asked language, and the API with JSON', async () => {
    const page = await t.app.request('/staff/nowhere?lang=en');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('No such address');
    const api = await t.app.request('/api/nowhere');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('offers a sign-in on the home page', async () => {
    const html = await (await t.app.request('/?lang=en')).text();
    expect(html).toContain('<a class="button primary" href="/login?lang=en">Sign in</a>');
  });
});

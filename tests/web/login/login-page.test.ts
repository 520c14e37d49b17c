import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNext } from '../../../web/platform/session.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

/** Where the sign-in page will send the browser after signing in. */
const nextOf = async (next: string) => {
  const html = await (await t.app.request(`/login?next=${encodeURIComponent(next)}`)).text();
  return /data-next="([^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
};

describe('the sign-in page', () => {
  it('goes back to the page that sent it there, filters and all', async () => {
    expect(await nextOf('/staff/dashboard?unit=3&from=2025-01-01')).toBe('/staff/dashboard?unit=3&from=2025-01-01');
    expect(await nextOf('/staff/alerts')).toBe('/staff/alerts');
  });

  it('never sends the browser to another site, however the address is dressed', async () => {
    for (const next of ['/\\evil.example', '/\t/evil.example/', '//evil.example', 'https://evil.example/', '/\\/evil.example', ' /x', '']) {
      expect(await nextOf(next), JSON.stringify(next)).toBe('/staff');
    }
    expect(safeNext(undefined)).toBe('/staff');
    expect(safeNext('/%5Cevil.example')).toBe('/%5Cevil.example'); // encoded: a path on this site
  });
});

import { describe, expect, it } from 'vitest';
import { citizenPages } from '../../helpers/browser.js';

const f = citizenPages({});

describe('the pages’ own font', () => {
  it('is served with the app and used by the pages, whatever fonts the machine has', async () => {
    for (const weight of ['regular', 'semibold', 'bold']) {
      const res = await f.t.app.request(`/vendor/fonts/be-vietnam-pro-${weight}.ttf`);
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0, 1, 0, 0])); // a TrueType font
    }
    const page = await (await f.browser.newContext()).newPage();
    await page.goto(`${f.server.url}/login`);
    await page.evaluate(() => document.fonts.ready);
    const loaded = await page.evaluate(() =>
      [...document.fonts]
        .filter((face) => face.family.replaceAll('"', '') === 'Be Vietnam Pro' && face.status === 'loaded')
        .map((face) => face.weight),
    );
    expect(loaded).toContain('400');
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^"Be Vietnam Pro"/);
  });
});

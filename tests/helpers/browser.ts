import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { makeTestApp, type TestApp } from './app.js';

/** Chromium, headless, with the flags this closed network needs: CHROMIUM_PATH's, or npm's (tests/setup/tools.ts). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Serves a test app on a free loopback port. */
export async function listen(t: TestApp): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

/** A page of a staff member already signed in: their session cookie (`name=value`) set for the server. */
export async function signedInPage(browser: Browser, url: string, cookie: string, viewport = { width: 1280, height: 1000 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const [name, ...value] = cookie.split('=');
  await context.addCookies([{ name: name as string, value: value.join('='), url }]);
  return context.newPage();
}

/**
 * For the citizen pages: one test app on the real clock with the kiosk settings given, served on
 * loopback, and one Chromium, for the whole file; the ratings stored, in order.
 */
export function citizenPages(overrides: Partial<TestApp['env']>) {
  const fixture = {} as { t: TestApp; server: Awaited<ReturnType<typeof listen>>; browser: Browser };
  beforeAll(async () => {
    fixture.t = await makeTestApp(overrides, { realClock: true });
    fixture.server = await listen(fixture.t);
    fixture.browser = await launchChromium();
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.server?.close();
    await fixture.t?.close();
  });
  const rows = async () =>
    (await fixture.t.query('select level, counted, rated_at, idempotency_key from ratings order by id')) as {
      level: number;
      counted: number;
      rated_at: number;
      idempotency_key: string;
    }[];
  return Object.assign(fixture, { rows });
}

export const visible = (page: Page, id: string) => page.locator(`#${id}`).isVisible();

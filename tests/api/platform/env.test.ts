import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../api/platform/auth/secrets.js';
import { loadEnv } from '../../../api/platform/env.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_PATH).toBe('data/sipas.sqlite');
    // Kiosk screens that never reveal the answer: no reason screen, and the repeat guard no longer than the thanks.
    expect(env.KIOSK_REASON_MAX_LEVEL).toBe(0);
    expect(env.KIOSK_REPEAT_WINDOW_SECONDS).toBeLessThanOrEqual(env.KIOSK_THANKS_SECONDS);
    expect(env.PASSWORD_COST).toBe(17); // OWASP: scrypt N = 2^17, r = 8, p = 1
  });

  it('hashes passwords at OWASP’s scrypt parameters unless told otherwise', async () => {
    const hash = await hashPassword('a long enough password');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword('a long enough password', hash)).toBe(true);
    expect(await verifyPassword('another password', hash)).toBe(false);
  });

  it('names every bad setting', () => {
    expect(() => loadEnv({ PORT: 'eighty', KIOSK_REPEAT_WINDOW_SECONDS: '-1', PUBLIC_BASE_URL: 'not a url' })).toThrow(
      /PORT[\s\S]*KIOSK_REPEAT_WINDOW_SECONDS[\s\S]*PUBLIC_BASE_URL/,
    );
  });

  it('refuses a kiosk repeat window longer than its thank-you screen', () => {
    expect(() => loadEnv({ KIOSK_REPEAT_WINDOW_SECONDS: '10', KIOSK_THANKS_SECONDS: '5' })).toThrow(
      /KIOSK_REPEAT_WINDOW_SECONDS: must not exceed KIOSK_THANKS_SECONDS/,
    );
    expect(loadEnv({ KIOSK_REPEAT_WINDOW_SECONDS: '10', KIOSK_THANKS_SECONDS: '10' }).KIOSK_REPEAT_WINDOW_SECONDS).toBe(10);
  });

  it('reads numbers and leaves empty values to their defaults', () => {
    expect(loadEnv({ PORT: '8080', DATABASE_PATH: '', KIOSK_REPEAT_WINDOW_SECONDS: '0' })).toMatchObject({
      PORT: 8080,
      DATABASE_PATH: 'data/sipas.sqlite',
      KIOSK_REPEAT_WINDOW_SECONDS: 0,
    });
  });

  it('writes ratings to PostgreSQL in one lane unless told otherwise, and refuses none', () => {
    expect(loadEnv({}).DATABASE_WRITE_LANES).toBe(1);
    expect(loadEnv({ DATABASE_WRITE_LANES: '4' }).DATABASE_WRITE_LANES).toBe(4);
    expect(() => loadEnv({ DATABASE_WRITE_LANES: '0' })).toThrow(/DATABASE_WRITE_LANES/);
  });

  it('reads TRUST_PROXY as a number of proxies', () => {
    expect(loadEnv({}).TRUST_PROXY).toBe(0);
    expect(loadEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
    expect(loadEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(() => loadEnv({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });
});

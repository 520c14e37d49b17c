import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
/** OWASP's current scrypt parameters: N = 2^17, r = 8, p = 1 (128 MiB of memory a hash). */
export const PASSWORD_COST = 17;
const SCRYPT = { r: 8, p: 1, maxmem: 512 * 1024 * 1024 };
const KEY_LENGTH = 32;

/**
 * Password hash as `scrypt$N$r$p$salt$hash` (base64url) with N = 2^cost, so parameters can be
 * raised later: a sign-in rehashes a password stored at other ones (see needsRehash).
 */
export async function hashPassword(password: string, cost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** cost;
  const hash = await scryptAsync(password.normalize('NFC'), salt, KEY_LENGTH, { ...SCRYPT, N });
  return ['scrypt', N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Whether a stored hash was made with other parameters than the cost asked for now. */
export function needsRehash(stored: string, cost: number): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) !== 2 ** cost || Number(r) !== SCRYPT.r || Number(p) !== SCRYPT.p;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(expected, actual);
}

/** A random URL-safe secret: 256 bits by default; rating tokens use 128 to keep the receipt QR small. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 hex: secrets are stored only as their hash (the database alone opens nothing); also file and input digests. */
export function sha256(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}

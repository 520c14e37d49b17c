import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { sha256 } from '../platform/auth/secrets.js';
import { STAFF_DEVICE_COOKIE, sessionUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { clientIp } from '../platform/proxy.js';
import type { HOLD_REASONS } from '../platform/vocabulary.js';

export type HoldReason = (typeof HOLD_REASONS)[number];

/** Where a rating through a link came from, as far as integrity rules care. */
export interface LinkOrigin {
  addressHash: string;
  staffSession: boolean;
  staffDevice: boolean;
}

export async function linkOrigin(c: Context, deps: AppDeps): Promise<LinkOrigin> {
  return {
    addressHash: sha256(clientIp(c, deps)),
    staffSession: (await sessionUser(c, deps)) !== undefined,
    staffDevice: getCookie(c, STAFF_DEVICE_COOKIE) !== undefined,
  };
}

/**
 * The integrity rules of a rating through a link: it is held out of every count, for Home Affairs
 * to review, when it comes from a browser signed in as staff or one that ever was, from the
 * address the link was issued from, or within LINK_MIN_SECONDS of issue. None of these is a
 * citizen's usual path (the receipt goes home with them), each is how a unit would rate itself.
 */
export function holdReasons(
  link: { createdAt: Date; issuedFrom: string | null },
  origin: LinkOrigin,
  now: number,
  minSeconds: number,
): HoldReason[] {
  const reasons: HoldReason[] = [];
  if (origin.staffSession) reasons.push('staff_session');
  if (origin.staffDevice) reasons.push('staff_device');
  if (link.issuedFrom !== null && link.issuedFrom === origin.addressHash) reasons.push('issuer_address');
  if (now - link.createdAt.getTime() < minSeconds * 1000) reasons.push('too_soon');
  return reasons;
}

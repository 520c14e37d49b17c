import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SESSION_COOKIE } from './auth/session.js';
import type { AppDeps } from './context.js';
import { type Bilingual, errorBody, HttpError, sendError } from './errors.js';

/** Hono's own 400/415 (unreadable body, wrong content type) in the API's error shape. */
function describeHttpException(status: number): [string, Bilingual] {
  if (status === 400)
    return ['malformed_body', { vi: 'Nội dung gửi lên không phải JSON hợp lệ', en: 'The request body is not valid JSON' }];
  if (status === 415) {
    return [
      'unsupported_media_type',
      { vi: 'Cần gửi dữ liệu JSON (Content-Type: application/json)', en: 'Send JSON (Content-Type: application/json)' },
    ];
  }
  return ['bad_request', { vi: 'Yêu cầu không hợp lệ', en: 'Bad request' }];
}

/**
 * Any error as the one refusal shape with its status (Hono's own 400/415 included); anything
 * unexpected is logged and becomes a bilingual 500. Pages show the same message as HTML.
 */
export function describeError(err: Error): {
  status: ContentfulStatusCode;
  body: ReturnType<typeof errorBody>;
  headers?: Record<string, string>;
} {
  if (err instanceof HttpError)
    return { status: err.status, body: errorBody(err.code, err.bilingual, err.fields, err.lines, err.linesTotal), headers: err.headers };
  if (err instanceof HTTPException) return { status: err.status, body: errorBody(...describeHttpException(err.status)) };
  console.error(err);
  return { status: 500, body: errorBody('internal', { vi: 'Lỗi hệ thống, vui lòng thử lại', en: 'Internal error, please try again' }) };
}

/** Every refusal of the API in the one error shape. */
export const onError: ErrorHandler = (err, c) => {
  const { status, body, headers } = describeError(err);
  return c.json(body, status, headers);
};

export const NOT_FOUND = new HttpError(404, 'not_found', { vi: 'Không tìm thấy địa chỉ này', en: 'No such address' });
export const notFound = (c: Context) => onError(NOT_FOUND, c);

const headersFraming = (frameAncestors: string[]) =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors,
    },
    // Rating links carry a token in their path: never send it on as a Referer.
    referrerPolicy: 'no-referrer',
    xFrameOptions: frameAncestors.includes("'none'") ? 'DENY' : false,
  });

/** The embeddable rating, the one thing other sites may frame. */
export const EMBED_PATH = '/embed/rate';

/**
 * No page may be shown inside another site's frame, but the embeddable rating may, inside the
 * sites listed in EMBED_ORIGINS (and none when the list is empty).
 */
export function securityHeaders(deps: AppDeps): MiddlewareHandler {
  const framed = headersFraming(["'none'"]);
  const embedded = headersFraming(deps.env.EMBED_ORIGINS.length ? deps.env.EMBED_ORIGINS : ["'none'"]);
  return (c, next) => (c.req.path === EMBED_PATH ? embedded(c, next) : framed(c, next));
}

const CROSS_SITE = new HttpError(403, 'cross_site_request', {
  vi: 'Yêu cầu từ trang web khác bị từ chối',
  en: 'Requests from another site are refused',
});

/**
 * A write that carries the session cookie must come from our own pages (CSRF defence beside
 * SameSite=Lax and the JSON-only bodies); cookie-less callers such as other systems are unaffected.
 */
export function sameOriginWrites(deps: AppDeps): MiddlewareHandler {
  const safe = new Set(['GET', 'HEAD', 'OPTIONS']);
  return async (c, next) => {
    if (!safe.has(c.req.method) && getCookie(c, SESSION_COOKIE)) {
      const origin = c.req.header('origin');
      const allowed = [new URL(c.req.url).origin, deps.env.PUBLIC_BASE_URL ? new URL(deps.env.PUBLIC_BASE_URL).origin : null];
      if (origin && !allowed.includes(origin)) return sendError(c, CROSS_SITE);
      // Browsers that send no Origin still say where a request came from.
      const site = c.req.header('sec-fetch-site');
      if (site && site !== 'same-origin' && site !== 'none') return sendError(c, CROSS_SITE);
    }
    await next();
  };
}

/** Bodies larger than this are refused before they are read (files have their own limits). */
export const BODY_LIMITS = {
  /** A rating: level, reasons, a 1,000-character comment, answers. */
  rating: 16 * 1024,
  /** Up to 10,000 dossiers from one-stop software in one call. */
  batch: 16 * 1024 * 1024,
  /** Everything else a person or system posts as JSON. */
  json: 256 * 1024,
};

const tooLarge = (max: number) =>
  new HttpError(
    413,
    'payload_too_large',
    { vi: `Nội dung gửi lên quá lớn (tối đa ${max / 1024} KB)`, en: `The request body is too large (at most ${max / 1024} KB)` },
    [{ field: 'body', code: 'too_large', message: { vi: `Tối đa ${max / 1024} KB`, en: `At most ${max / 1024} KB` } }],
  );

/** The routes that take files, each with its own (larger) limit. */
const FILE_UPLOADS = /^\/api\/(imports\/|survey-waves\/[^/]+\/imports$|par-assessments\/[^/]+\/items\/[^/]+\/evidence$)/;

/**
 * Every body on /api but a file upload has a size limit, checked on the declared length and
 * while reading, so a 300 MB body is refused without being read. A body of declared length is
 * judged by the header alone (node stops reading it there): Hono's limiter would first turn the
 * request into a web `Request` with a body stream, a third of a rating's HTTP cost.
 */
export function bodyLimits(): MiddlewareHandler {
  const limiter = (max: number) => bodyLimit({ maxSize: max, onError: (c) => sendError(c, tooLarge(max)) });
  const limiters = { rating: limiter(BODY_LIMITS.rating), batch: limiter(BODY_LIMITS.batch), json: limiter(BODY_LIMITS.json) };
  return async (c, next) => {
    const path = c.req.path;
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || FILE_UPLOADS.test(path)) return next();
    const kind = path === '/api/ratings' ? 'rating' : path === '/api/transactions/batch' ? 'batch' : 'json';
    const max = BODY_LIMITS[kind];
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined)
      return Number(declared) > max ? sendError(c, tooLarge(max)) : next();
    return limiters[kind](c, next);
  };
}

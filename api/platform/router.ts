import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.js';
import { sendError, validationError } from './errors.js';

/** An OpenAPIHono whose validation failures answer 422 with bilingual field errors. */
export function newRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return sendError(c, validationError(result.error, (result as { data?: unknown }).data));
    },
  });
}

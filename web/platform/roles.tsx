import type { MiddlewareHandler } from 'hono';
import { roleRefusal } from '../../api/platform/auth/roles.js';
import type { AppEnv } from '../../api/platform/context.js';
import type { USER_ROLES } from '../../api/platform/vocabulary.js';
import { langOf } from './i18n.js';
import { Layout, StaffHead } from './layout.js';

/** A staff page only these roles use (after requirePageUser): anyone else gets a 403 page saying whose it is. */
export function requirePageRole(...roles: (typeof USER_ROLES)[number][]): MiddlewareHandler<AppEnv> {
  const refusal = roleRefusal(roles);
  return async (c, next) => {
    if (roles.includes(c.get('user').role)) return next();
    const lang = langOf(c.req.query('lang'));
    return c.html(
      <Layout lang={lang} title={refusal.bilingual[lang]} bodyClass="page">
        <main>
          <StaffHead lang={lang} user={c.get('user')} />
          <p class="notice error" role="alert">
            {refusal.bilingual[lang]}
          </p>
        </main>
      </Layout>,
      403,
    );
  };
}

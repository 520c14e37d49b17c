import { parseArgs } from 'node:util';
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { hashPassword, newSecret } from '../platform/auth/secrets.js';
import { openStore } from '../platform/db/open.js';
import { units, users } from '../platform/db/schema.js';
import { loadEnv } from '../platform/env.js';
import { USER_ROLES } from '../platform/vocabulary.js';

/**
 * `npm run create-admin -- <username>` or `npm run create-user -- <username> --role <role> --unit <code>`.
 * The password comes from NEW_USER_PASSWORD, or is drawn at random and printed once.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { role: { type: 'string', default: 'admin' }, unit: { type: 'string' }, name: { type: 'string' } },
});
const username = positionals[0];
const role = values.role as (typeof USER_ROLES)[number];
if (!username || !/^[a-z0-9._-]{3,64}$/.test(username) || !USER_ROLES.includes(role) || (role !== 'admin' && !values.unit)) {
  console.error(`Usage: npm run create-user -- <username> --role <${USER_ROLES.join('|')}> --unit <unit code> [--name "Họ tên"]`);
  process.exit(2);
}
const password = process.env.NEW_USER_PASSWORD ?? newSecret(12);
if (password.length < 12) {
  console.error('NEW_USER_PASSWORD must have at least 12 characters');
  process.exit(2);
}
const env = loadEnv();
const store = await openStore(env);
try {
  const unit = values.unit
    ? await store.db
        .select({ id: units.id })
        .from(units)
        .where(and(eq(units.code, values.unit), isNull(units.validTo)))
        .get()
    : undefined;
  if (values.unit && !unit) throw new Error(`No current unit with code ${values.unit}`);
  if (await store.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get())
    throw new Error(`${username} exists already`);
  const passwordHash = await hashPassword(password, env.PASSWORD_COST);
  const now = Date.now();
  await store.transaction(async (tx) => {
    const row = await tx
      .insert(users)
      .values({
        username,
        displayName: (values.name ?? username).normalize('NFC'),
        passwordHash,
        role,
        unitId: unit?.id ?? null,
        createdAt: new Date(now),
      })
      .returning({ id: users.id })
      .get();
    await recordAudit(tx, now, {
      userId: null,
      action: 'user.create',
      entity: 'user',
      entityId: row.id,
      after: { username, role, unitId: unit?.id ?? null },
    });
  });
  console.log(`Created ${role} ${username}${process.env.NEW_USER_PASSWORD ? '' : ` with password ${password}`}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await store.close();
}

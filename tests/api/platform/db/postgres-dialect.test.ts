import { describe, expect, it } from 'vitest';
import { insertDefaults } from '../../../../api/platform/db/postgres.js';

describe('SQLite query text on PostgreSQL', () => {
  it('turns the NULL an insert writes for a left-out column into DEFAULT, and nothing else', () => {
    expect(insertDefaults('insert into "units" ("id", "code", "parent_id") values (null, $1, null), (null, $2, $3) returning "id"')).toBe(
      'insert into "units" ("id", "code", "parent_id") values (default, $1, default), (default, $2, $3) returning "id"',
    );
    expect(
      insertDefaults('insert into "t" ("id", "n") values (null, $1) on conflict ("n") do update set "x" = null where "y" is null'),
    ).toBe('insert into "t" ("id", "n") values (default, $1) on conflict ("n") do update set "x" = null where "y" is null');
    const select = 'select "id" from "t" where "x" = null or ("y", null) is not null';
    expect(insertDefaults(select)).toBe(select);
  });
});

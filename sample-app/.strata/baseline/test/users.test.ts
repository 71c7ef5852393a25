import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { User } from '../src/db/models/user.ts';
import { UserRepository, type UserInput, type UserRow } from '../src/db/repositories/user-repository.ts';
import { insertRow } from '../src/db/repositories/inserts.ts';
import { readById, readPage } from '../src/db/repositories/reads.ts';
import { visibleValues } from '../src/db/repositories/shapes.ts';
import { UserService } from '../src/services/user-service.ts';
import { userBody, userRow } from './factories/user.ts';
import { BAD_IDS, BAD_PAGES, countRows, expectStrictJson, setupTestApp, statementsOf } from './helpers.ts';

/** The body without fields the API never returns. */
function visible(body: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...body };
  delete copy.hashedPassword;
  delete copy.password;
  return copy;
}

describe('/users', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await setupTestApp());
  });
  afterAll(async () => {
    await app.close();
  });
  /** A valid body; unique fields are fresh and required parents exist. */
  const validBody = (overrides: Record<string, unknown> = {}) => userBody(app, overrides);

  const create = async (given?: Record<string, unknown>) => {
    const body = given ?? (await validBody());
    const res = await app.inject({ method: 'POST', url: '/users', payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it('POST creates a row and returns it with id and timestamps', async () => {
    const body = await validBody();
    const created = await create(body);
    expect(created).toMatchObject(visible(body));
    expect(created.id).toBeGreaterThan(0);
    expect(Date.parse(created.createdAt)).not.toBeNaN();
    expect(Date.parse(created.updatedAt)).not.toBeNaN();
    expect(created).not.toHaveProperty('hashedPassword');
    expect(created).not.toHaveProperty('password');
  });

  it('POST validates JSON as sent: no type coercion, no NUL bytes, no numbers that overflow', async () => {
    await expectStrictJson(app, '/users', validBody);
  });

  it('POST rejects unknown properties, id and timestamps (no mass assignment)', async () => {
    for (const extra of [{ id: 999_999 }, { createdAt: '2020-01-01T00:00:00Z' }, { isAdmin: true }]) {
      const res = await app.inject({ method: 'POST', url: '/users', payload: { ...(await validBody()), ...extra } });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION');
    }
  });

  it('POST with a value of the wrong shape is a 400', async () => {
    const cases: Array<[string, unknown]> = [['isActive', 'maybe']];
    for (const [field, value] of cases) {
      const res = await app.inject({
        method: 'POST',
        url: '/users',
        payload: { ...(await validBody()), [field]: value },
      });
      expect(res.statusCode, field).toBe(400);
    }
  });

  it('POST without a required field is a 400', async () => {
    const body = await validBody();
    delete body.email;
    const res = await app.inject({ method: 'POST', url: '/users', payload: body });
    expect(res.statusCode).toBe(400);
  });

  it('POST with email over 255 characters is a 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/users',
      payload: { ...(await validBody()), email: 'x'.repeat(256) },
    });
    expect(res.statusCode).toBe(400);
  });

  it('POST with a duplicate email is a 409', async () => {
    const first = await validBody();
    await create(first);
    const res = await app.inject({
      method: 'POST',
      url: '/users',
      payload: { ...(await validBody()), email: first.email },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONFLICT');
    expect(res.json().message).toBe('User with this email already exists');
    expect(res.body).not.toMatch(/INSERT|SELECT|constraint/i);
    // Unique regardless of case: a unique index on lower(email).
    const shouted = await app.inject({
      method: 'POST',
      url: '/users',
      payload: { ...(await validBody()), email: String(first.email).toUpperCase() },
    });
    expect(shouted.statusCode).toBe(409);
    expect(shouted.json().message).toBe('User with this email already exists');
  });

  it('GET /:id returns the row, 404 when absent, 400 when malformed', async () => {
    const created = await create();
    const found = await app.inject({ method: 'GET', url: `/users/${created.id}` });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual(created);
    const missing = await app.inject({ method: 'GET', url: '/users/2147483647' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NOT_FOUND');
    for (const bad of BAD_IDS) {
      const res = await app.inject({ method: 'GET', url: `/users/${bad}` });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code, bad).toBe('VALIDATION');
    }
  });

  it('GET / pages with limit and offset and reports the total', async () => {
    for (let i = 0; i < 3; i++) await create();
    const res = await app.inject({ method: 'GET', url: '/users?limit=2&offset=1' });
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.items).toHaveLength(2);
    expect(page.limit).toBe(2);
    expect(page.offset).toBe(1);
    expect(page.total).toBeGreaterThanOrEqual(3);
    const defaults = (await app.inject({ method: 'GET', url: '/users' })).json();
    expect(defaults.limit).toBe(20);
    expect(defaults.offset).toBe(0);
  });

  it('GET / reports the exact total on a full page, the last page and past the end', async () => {
    for (let i = 0; i < 3; i++) await create();
    const total = await countRows(app, 'users');
    for (const [query, items] of [
      [`limit=2&offset=0`, 2],
      [`limit=2&offset=${total - 1}`, 1],
      [`limit=2&offset=${total + 5}`, 0],
      [`limit=100&offset=${total}`, 0],
    ] as const) {
      const page = (await app.inject({ method: 'GET', url: `/users?${query}` })).json();
      expect(page.items, query).toHaveLength(items);
      expect(page.total, query).toBe(total);
    }
  });

  it('GET / bounds limit and offset', async () => {
    for (const query of BAD_PAGES) {
      const res = await app.inject({ method: 'GET', url: `/users?${query}` });
      expect(res.statusCode, query).toBe(400);
    }
  });

  it('GET / sorts by whitelisted columns with id as the tiebreak', async () => {
    for (let i = 0; i < 3; i++) await create();
    const desc = (await app.inject({ method: 'GET', url: '/users?sort=-id&limit=100' })).json();
    const ids = desc.items.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    const asc = (await app.inject({ method: 'GET', url: '/users?sort=createdAt&limit=100' })).json();
    expect(asc.items.length).toBeGreaterThan(0);
    for (const bad of ['nope', 'id;drop table x', '-']) {
      const res = await app.inject({ method: 'GET', url: `/users?sort=${encodeURIComponent(bad)}` });
      expect(res.statusCode, bad).toBe(400);
    }
  });

  it('GET / rejects unknown query parameters', async () => {
    const res = await app.inject({ method: 'GET', url: '/users?bogus=1' });
    expect(res.statusCode).toBe(400);
  });

  it('GET / searches string columns case-insensitively, with wildcards taken literally', async () => {
    const body = await validBody();
    const created = await create(body);
    const term = String(body.email).toUpperCase();
    const page = (
      await app.inject({ method: 'GET', url: `/users?search=${encodeURIComponent(term)}&limit=100` })
    ).json();
    expect(page.items.map((r: { id: number }) => r.id)).toContain(created.id);
    const none = (await app.inject({ method: 'GET', url: '/users?search=%25%25%25_' })).json();
    expect(none.total).toBe(0);
  });

  it('GET / filters on isActive', async () => {
    await create({ ...(await validBody()), isActive: true });
    await create({ ...(await validBody()), isActive: false });
    const page = (await app.inject({ method: 'GET', url: '/users?isActive=false&limit=100' })).json();
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((r: Record<string, unknown>) => r.isActive === false)).toBe(true);
  });

  it('PATCH changes given fields; {} is a 400; a missing id is a 404', async () => {
    const created = await create();
    const next = await validBody();
    const res = await app.inject({ method: 'PATCH', url: `/users/${created.id}`, payload: { email: next.email } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().email).toEqual(visible(next).email);
    expect(Date.parse(res.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    const empty = await app.inject({ method: 'PATCH', url: `/users/${created.id}`, payload: {} });
    expect(empty.statusCode).toBe(400);
    const missing = await app.inject({ method: 'PATCH', url: '/users/2147483647', payload: next });
    expect(missing.statusCode).toBe(404);
  });

  it('password is stored as a salted hash, never returned, and verifies', async () => {
    const body = await validBody();
    const created = await create(body);
    const again = await create({ ...(await validBody()), password: body.password });
    for (const res of [
      await app.inject({ method: 'GET', url: `/users/${created.id}` }),
      await app.inject({ method: 'GET', url: '/users?limit=100' }),
      await app.inject({ method: 'PATCH', url: `/users/${created.id}`, payload: { password: 'another secret value' } }),
    ]) {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toMatch(/scrypt\$|hashedPassword|"password"/);
      expect(res.body).not.toContain(String(body.password));
    }
    // Reads never even select the hash.
    const reads = await statementsOf(app, async () => {
      await app.inject({ method: 'GET', url: `/users/${created.id}` });
      await app.inject({ method: 'GET', url: '/users?limit=100' });
    });
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.join('\n')).not.toContain('hashed_password');
    const rows = await app.db.database.query<{ id: number; h: string }>(
      'SELECT id, "hashed_password" AS h FROM "users" WHERE id = ANY($1)',
      [[created.id, again.id]],
    );
    expect(rows.every((r) => r.h.startsWith('scrypt$'))).toBe(true);
    expect(rows[0]!.h).not.toBe(rows[1]!.h); // salted: the same password hashes differently
    const service = new UserService(app.db.sequelize, app.db.secrets);
    expect(await service.verifyPassword(created.id, 'another secret value')).toBe(true);
    expect(await service.verifyPassword(created.id, String(body.password))).toBe(false);
    expect(await service.verifyPassword(2_147_483_647, 'another secret value')).toBe(false);
    const short = await app.inject({
      method: 'POST',
      url: '/users',
      payload: { ...(await validBody()), password: 'x' },
    });
    expect(short.statusCode).toBe(400);
  });

  it('inserts and reads take SQL built once per shape, and return what the ORM reads', async () => {
    const values = (await userRow(app)) as unknown as UserInput;
    const inserted = await insertRow<UserRow>(User, { ...values });
    // A hook, validator or setter added to the model makes the ORM create its rows: this test then goes.
    expect(inserted, 'the model qualifies for direct inserts').toBeDefined();
    const orm = await new UserRepository().getById(inserted!.id);
    expect(inserted).toEqual(visibleValues(User, orm!));
    expect(await readById(User, inserted!.id)).toEqual(inserted);
    const page = await readPage<UserRow>(User, {
      filters: { id: inserted!.id },
      sort: [['id', 'ASC']],
      limit: 5,
      offset: 0,
    });
    expect(page).toEqual({ rows: [inserted], count: 1 });
  });

  it("the repository joins the caller's transaction and bulk-creates in one statement", async () => {
    const repo = new UserRepository();
    const rolledBack = await userRow(app);
    let id = 0;
    await app.db.sequelize
      .transaction(async (transaction) => {
        id = (await repo.create(rolledBack as unknown as UserInput, { transaction })).id;
        expect(await repo.getById(id, { transaction })).not.toBeNull();
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await repo.getById(id)).toBeNull();

    const bodies = [await userRow(app), await userRow(app), await userRow(app)];
    const statements: string[] = [];
    const options = app.db.sequelize.options;
    const logging = options.logging;
    options.logging = (sql: string) => void statements.push(sql);
    try {
      const rows = await repo.bulkCreate(bodies as unknown as UserInput[]);
      expect(rows).toHaveLength(3);
      expect(rows.every((r) => r.id > 0)).toBe(true);
    } finally {
      options.logging = logging;
    }
    expect(statements.filter((s) => s.includes('INSERT'))).toHaveLength(1);
  });

  it('DELETE removes the row: 204, then 404', async () => {
    const created = await create();
    const res = await app.inject({ method: 'DELETE', url: `/users/${created.id}` });
    expect(res.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/users/${created.id}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/users/${created.id}` })).statusCode).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { Subscription } from '../src/db/models/subscription.ts';
import {
  SubscriptionRepository,
  type SubscriptionInput,
  type SubscriptionRow,
} from '../src/db/repositories/subscription-repository.ts';
import { insertRow } from '../src/db/repositories/inserts.ts';
import { readById, readPage } from '../src/db/repositories/reads.ts';
import { visibleValues } from '../src/db/repositories/shapes.ts';
import { subscriptionBody, subscriptionRow } from './factories/subscription.ts';
import { BAD_IDS, BAD_PAGES, countRows, expectStrictJson, setupTestApp } from './helpers.ts';

/** The body without fields the API never returns. */
function visible(body: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...body };
  delete copy.internalNote;
  return copy;
}

describe('/subscriptions', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await setupTestApp());
  });
  afterAll(async () => {
    await app.close();
  });
  /** A valid body; unique fields are fresh and required parents exist. */
  const validBody = (overrides: Record<string, unknown> = {}) => subscriptionBody(app, overrides);

  const create = async (given?: Record<string, unknown>) => {
    const body = given ?? (await validBody());
    const res = await app.inject({ method: 'POST', url: '/subscriptions', payload: body });
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
    expect(created).not.toHaveProperty('internalNote');
  });

  it('POST validates JSON as sent: no type coercion, no NUL bytes, no numbers that overflow', async () => {
    await expectStrictJson(app, '/subscriptions', validBody);
  });

  it('POST rejects unknown properties, id and timestamps (no mass assignment)', async () => {
    for (const extra of [{ id: 999_999 }, { createdAt: '2020-01-01T00:00:00Z' }, { isAdmin: true }]) {
      const res = await app.inject({
        method: 'POST',
        url: '/subscriptions',
        payload: { ...(await validBody()), ...extra },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION');
    }
  });

  it('POST with a value of the wrong shape is a 400', async () => {
    const cases: Array<[string, unknown]> = [
      ['plan', 'bogus'],
      ['seats', 'abc'],
      ['usageBytes', '12a'],
      ['discountRate', 'abc'],
      ['price', '1x5'],
      ['autoRenew', 'maybe'],
      ['startsOn', '2024-13-45'],
      ['renewedAt', 'yesterday'],
      ['externalId', 'not-a-uuid'],
      ['tokenLimit', 'abc'],
      ['ownerId', 'abc'],
    ];
    for (const [field, value] of cases) {
      const res = await app.inject({
        method: 'POST',
        url: '/subscriptions',
        payload: { ...(await validBody()), [field]: value },
      });
      expect(res.statusCode, field).toBe(400);
    }
  });

  it('POST without a required field is a 400', async () => {
    const body = await validBody();
    delete body.price;
    const res = await app.inject({ method: 'POST', url: '/subscriptions', payload: body });
    expect(res.statusCode).toBe(400);
  });

  it('POST with couponCode over 40 characters is a 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/subscriptions',
      payload: { ...(await validBody()), couponCode: 'x'.repeat(41) },
    });
    expect(res.statusCode).toBe(400);
  });

  it('POST with a duplicate externalId is a 409', async () => {
    const first = await validBody();
    await create(first);
    const res = await app.inject({
      method: 'POST',
      url: '/subscriptions',
      payload: { ...(await validBody()), externalId: first.externalId },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONFLICT');
    expect(res.json().message).toBe('Subscription with this external_id already exists');
    expect(res.body).not.toMatch(/INSERT|SELECT|constraint/i);
  });

  it('GET /:id returns the row, 404 when absent, 400 when malformed', async () => {
    const created = await create();
    const found = await app.inject({ method: 'GET', url: `/subscriptions/${created.id}` });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual(created);
    const missing = await app.inject({ method: 'GET', url: '/subscriptions/2147483647' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NOT_FOUND');
    for (const bad of BAD_IDS) {
      const res = await app.inject({ method: 'GET', url: `/subscriptions/${bad}` });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code, bad).toBe('VALIDATION');
    }
  });

  it('GET / pages with limit and offset and reports the total', async () => {
    for (let i = 0; i < 3; i++) await create();
    const res = await app.inject({ method: 'GET', url: '/subscriptions?limit=2&offset=1' });
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.items).toHaveLength(2);
    expect(page.limit).toBe(2);
    expect(page.offset).toBe(1);
    expect(page.total).toBeGreaterThanOrEqual(3);
    const defaults = (await app.inject({ method: 'GET', url: '/subscriptions' })).json();
    expect(defaults.limit).toBe(20);
    expect(defaults.offset).toBe(0);
  });

  it('GET / reports the exact total on a full page, the last page and past the end', async () => {
    for (let i = 0; i < 3; i++) await create();
    const total = await countRows(app, 'subscriptions', 'deleted_at IS NULL');
    for (const [query, items] of [
      [`limit=2&offset=0`, 2],
      [`limit=2&offset=${total - 1}`, 1],
      [`limit=2&offset=${total + 5}`, 0],
      [`limit=100&offset=${total}`, 0],
    ] as const) {
      const page = (await app.inject({ method: 'GET', url: `/subscriptions?${query}` })).json();
      expect(page.items, query).toHaveLength(items);
      expect(page.total, query).toBe(total);
    }
  });

  it('GET / bounds limit and offset', async () => {
    for (const query of BAD_PAGES) {
      const res = await app.inject({ method: 'GET', url: `/subscriptions?${query}` });
      expect(res.statusCode, query).toBe(400);
    }
  });

  it('GET / sorts by whitelisted columns with id as the tiebreak', async () => {
    for (let i = 0; i < 3; i++) await create();
    const desc = (await app.inject({ method: 'GET', url: '/subscriptions?sort=-id&limit=100' })).json();
    const ids = desc.items.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    const asc = (await app.inject({ method: 'GET', url: '/subscriptions?sort=createdAt&limit=100' })).json();
    expect(asc.items.length).toBeGreaterThan(0);
    for (const bad of ['nope', 'id;drop table x', '-']) {
      const res = await app.inject({ method: 'GET', url: `/subscriptions?sort=${encodeURIComponent(bad)}` });
      expect(res.statusCode, bad).toBe(400);
    }
  });

  it('GET / rejects unknown query parameters', async () => {
    const res = await app.inject({ method: 'GET', url: '/subscriptions?bogus=1' });
    expect(res.statusCode).toBe(400);
  });

  it('GET / searches string columns case-insensitively, with wildcards taken literally', async () => {
    const body = await validBody();
    const created = await create(body);
    const term = String(body.couponCode).toUpperCase();
    const page = (
      await app.inject({ method: 'GET', url: `/subscriptions?search=${encodeURIComponent(term)}&limit=100` })
    ).json();
    expect(page.items.map((r: { id: number }) => r.id)).toContain(created.id);
    const none = (await app.inject({ method: 'GET', url: '/subscriptions?search=%25%25%25_' })).json();
    expect(none.total).toBe(0);
  });

  it('GET / filters on autoRenew', async () => {
    await create({ ...(await validBody()), autoRenew: true });
    await create({ ...(await validBody()), autoRenew: false });
    const page = (await app.inject({ method: 'GET', url: '/subscriptions?autoRenew=false&limit=100' })).json();
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((r: Record<string, unknown>) => r.autoRenew === false)).toBe(true);
  });

  it('PATCH changes given fields; {} is a 400; a missing id is a 404', async () => {
    const created = await create();
    const next = await validBody();
    const res = await app.inject({
      method: 'PATCH',
      url: `/subscriptions/${created.id}`,
      payload: { price: next.price },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().price).toEqual(visible(next).price);
    expect(Date.parse(res.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    const empty = await app.inject({ method: 'PATCH', url: `/subscriptions/${created.id}`, payload: {} });
    expect(empty.statusCode).toBe(400);
    const missing = await app.inject({ method: 'PATCH', url: '/subscriptions/2147483647', payload: next });
    expect(missing.statusCode).toBe(404);
  });

  it('a soft-deleted row frees its externalId for a new row', async () => {
    const body = await validBody();
    const first = await create(body);
    expect((await app.inject({ method: 'DELETE', url: `/subscriptions/${first.id}` })).statusCode).toBe(204);
    const second = await create({ ...(await validBody()), externalId: body.externalId });
    expect(second.id).not.toBe(first.id);
  });

  it('inserts and reads take SQL built once per shape, and return what the ORM reads', async () => {
    const values = (await subscriptionRow(app)) as unknown as SubscriptionInput;
    const inserted = await insertRow<SubscriptionRow>(Subscription, { ...values });
    // A hook, validator or setter added to the model makes the ORM create its rows: this test then goes.
    expect(inserted, 'the model qualifies for direct inserts').toBeDefined();
    const orm = await new SubscriptionRepository().getById(inserted!.id);
    expect(inserted).toEqual(visibleValues(Subscription, orm!));
    expect(await readById(Subscription, inserted!.id)).toEqual(inserted);
    const page = await readPage<SubscriptionRow>(Subscription, {
      filters: { id: inserted!.id },
      sort: [['id', 'ASC']],
      limit: 5,
      offset: 0,
    });
    expect(page).toEqual({ rows: [inserted], count: 1 });
  });

  it("the repository joins the caller's transaction and bulk-creates in one statement", async () => {
    const repo = new SubscriptionRepository();
    const rolledBack = await subscriptionRow(app);
    let id = 0;
    await app.db.sequelize
      .transaction(async (transaction) => {
        id = (await repo.create(rolledBack as unknown as SubscriptionInput, { transaction })).id;
        expect(await repo.getById(id, { transaction })).not.toBeNull();
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await repo.getById(id)).toBeNull();

    const bodies = [await subscriptionRow(app), await subscriptionRow(app), await subscriptionRow(app)];
    const statements: string[] = [];
    const options = app.db.sequelize.options;
    const logging = options.logging;
    options.logging = (sql: string) => void statements.push(sql);
    try {
      const rows = await repo.bulkCreate(bodies as unknown as SubscriptionInput[]);
      expect(rows).toHaveLength(3);
      expect(rows.every((r) => r.id > 0)).toBe(true);
    } finally {
      options.logging = logging;
    }
    expect(statements.filter((s) => s.includes('INSERT'))).toHaveLength(1);
  });

  it('DELETE removes the row: 204, then 404', async () => {
    const created = await create();
    const res = await app.inject({ method: 'DELETE', url: `/subscriptions/${created.id}` });
    expect(res.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/subscriptions/${created.id}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/subscriptions/${created.id}` })).statusCode).toBe(404);
  });
});

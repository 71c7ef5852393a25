import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { UserRepository, type UserInput } from '../../src/db/repositories/user-repository.ts';
import { SubscriptionRepository, type SubscriptionInput } from '../../src/db/repositories/subscription-repository.ts';
import { subscriptionBody, subscriptionRow, createSubscription } from '../factories/subscription.ts';
import { userRow, createUser } from '../factories/user.ts';
import { countRows, setupTestApp, statementsOf } from '../helpers.ts';

// Subscription.owner → User (ON DELETE CASCADE), and User.subscriptions back.
describe('Subscription.owner → User', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await setupTestApp());
  });
  afterAll(async () => {
    await app.close();
  });

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  const count = (table: string, where?: string) => countRows(app, table, where);

  it('include=owner embeds the User on GET /:id and on lists', async () => {
    const parent = await createUser(app);
    const child = await createSubscription(app, { ownerId: parent.id });
    const one = await get(`/subscriptions/${child.id}?include=owner`);
    expect(one.owner).toEqual(parent);
    const page = await get(`/subscriptions?include=owner&ownerId=${parent.id}`);
    expect(page.items.map((c: { owner: { id: number } }) => c.owner.id)).toEqual([parent.id]);
    const plain = await get(`/subscriptions/${child.id}`);
    expect(plain).not.toHaveProperty('owner');
  });

  it('include=subscriptions embeds the subscriptions of a User', async () => {
    const parent = await createUser(app);
    const a = await createSubscription(app, { ownerId: parent.id });
    const b = await createSubscription(app, { ownerId: parent.id });
    const one = await get(`/users/${parent.id}?include=subscriptions`);
    expect(one.subscriptions.map((c: { id: number }) => c.id)).toEqual([a.id, b.id]);
  });

  it('include=subscriptions holds at most INCLUDE_LIMIT subscriptions per User; the nested route pages through all', async () => {
    const parent = await createUser(app);
    const limit = app.settings.includeLimit;
    const kids = [];
    for (let i = 0; i < limit + 5; i++) kids.push(await subscriptionRow(app, { ownerId: parent.id }));
    await new SubscriptionRepository().bulkCreate(kids as unknown as SubscriptionInput[]);
    const one = await get(`/users/${parent.id}?include=subscriptions`);
    expect(one.subscriptions).toHaveLength(limit);
    const nested = await get(`/users/${parent.id}/subscriptions?limit=1`);
    expect(nested.total).toBe(limit + 5);
  });

  it('include takes only declared relations (400 otherwise)', async () => {
    for (const url of ['/subscriptions?include=nope', '/subscriptions?include=owner,nope', '/users/1?include=nope']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
    }
  });

  it('GET /users/:id/subscriptions pages through the subscriptions; 404 when the User is absent', async () => {
    const parent = await createUser(app);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createSubscription(app, { ownerId: parent.id })).id);
    const first = await get(`/users/${parent.id}/subscriptions?limit=2`);
    expect(first.total).toBe(3);
    expect(first.items.map((c: { id: number }) => c.id)).toEqual(ids.slice(0, 2));
    const rest = await get(`/users/${parent.id}/subscriptions?limit=2&offset=2`);
    expect(rest.items.map((c: { id: number }) => c.id)).toEqual(ids.slice(2));
    const missing = await app.inject({ method: 'GET', url: '/users/2147483647/subscriptions' });
    expect(missing.statusCode).toBe(404);
    const tooMany = await app.inject({ method: 'GET', url: `/users/${parent.id}/subscriptions?limit=101` });
    expect(tooMany.statusCode).toBe(400);
  });

  it('a Subscription whose User does not exist is a 409, not a 500', async () => {
    const body = await subscriptionBody(app, { ownerId: 2_147_483_647 });
    const res = await app.inject({ method: 'POST', url: '/subscriptions', payload: body });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('FOREIGN_KEY_VIOLATION');
    expect(res.body).not.toMatch(/INSERT|constraint|fk_/i);
  });

  it('deleting a User deletes its subscriptions in the database (cascade)', async () => {
    const parent = await createUser(app);
    const child = await createSubscription(app, { ownerId: parent.id });
    expect((await app.inject({ method: 'DELETE', url: `/users/${parent.id}` })).statusCode).toBe(204);
    expect(await count('subscriptions', `id = ${child.id}`)).toBe(0);
    expect((await app.inject({ method: 'GET', url: `/subscriptions/${child.id}` })).statusCode).toBe(404);
  });

  describe('with 1,000 users', () => {
    let seeded: number[] = [];
    beforeAll(async () => {
      const parents = new UserRepository();
      const children = new SubscriptionRepository();
      const bodies = [];
      for (let i = 0; i < 1000; i++) bodies.push(await userRow(app));
      seeded = (await parents.bulkCreate(bodies as unknown as UserInput[])).map((p) => p.id);
      const kids = [];
      for (const id of seeded) for (let i = 0; i < 2; i++) kids.push(await subscriptionRow(app, { ownerId: id }));
      await children.bulkCreate(kids as unknown as SubscriptionInput[]);
    }, 120_000);

    it('listing 100 users with their subscriptions runs exactly as many statements as listing 1', async () => {
      const one = await statementsOf(app, () => get('/users?include=subscriptions&limit=1'));
      const hundred = await statementsOf(app, () => get('/users?include=subscriptions&limit=100'));
      expect(hundred.length).toBe(one.length);
      expect(hundred.length).toBeLessThanOrEqual(3);
      const children = await statementsOf(app, () => get('/subscriptions?include=owner&limit=100'));
      expect(children.length).toBe(2);
    });

    it('every page of GET /users?include=subscriptions holds each User once, with all its subscriptions', async () => {
      const seen = new Map<number, number>();
      let total = -1;
      for (let offset = 0; ; offset += 100) {
        const page = await get(`/users?include=subscriptions&limit=100&offset=${offset}`);
        total = page.total;
        for (const p of page.items as Array<{ id: number; subscriptions: Array<{ ownerId: number }> }>) {
          expect(seen.has(p.id), `id ${p.id} twice`).toBe(false);
          expect(p.subscriptions.every((c) => c.ownerId === p.id)).toBe(true);
          seen.set(p.id, p.subscriptions.length);
        }
        if (page.items.length < 100) break;
      }
      expect(seen.size).toBe(total);
      expect(total).toBe(await count('users'));
      expect(seeded.every((id) => seen.get(id) === 2)).toBe(true);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { UserRepository, type UserInput } from '../../src/db/repositories/user-repository.ts';
import { TagRepository, type TagInput } from '../../src/db/repositories/tag-repository.ts';
import { tagBody, tagRow, createTag } from '../factories/tag.ts';
import { userRow, createUser } from '../factories/user.ts';
import { countRows, setupTestApp, statementsOf } from '../helpers.ts';

// Tag.createdBy → User (ON DELETE RESTRICT), and User.tags back.
describe('Tag.createdBy → User', () => {
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

  it('include=createdBy embeds the User on GET /:id and on lists', async () => {
    const parent = await createUser(app);
    const child = await createTag(app, { createdById: parent.id });
    const one = await get(`/tags/${child.id}?include=createdBy`);
    expect(one.createdBy).toEqual(parent);
    const page = await get(`/tags?include=createdBy&createdById=${parent.id}`);
    expect(page.items.map((c: { createdBy: { id: number } }) => c.createdBy.id)).toEqual([parent.id]);
    const plain = await get(`/tags/${child.id}`);
    expect(plain).not.toHaveProperty('createdBy');
  });

  it('include=tags embeds the tags of a User', async () => {
    const parent = await createUser(app);
    const a = await createTag(app, { createdById: parent.id });
    const b = await createTag(app, { createdById: parent.id });
    const one = await get(`/users/${parent.id}?include=tags`);
    expect(one.tags.map((c: { id: number }) => c.id)).toEqual([a.id, b.id]);
  });

  it('include=tags holds at most INCLUDE_LIMIT tags per User; the nested route pages through all', async () => {
    const parent = await createUser(app);
    const limit = app.settings.includeLimit;
    const kids = [];
    for (let i = 0; i < limit + 5; i++) kids.push(await tagRow(app, { createdById: parent.id }));
    await new TagRepository().bulkCreate(kids as unknown as TagInput[]);
    const one = await get(`/users/${parent.id}?include=tags`);
    expect(one.tags).toHaveLength(limit);
    const nested = await get(`/users/${parent.id}/tags?limit=1`);
    expect(nested.total).toBe(limit + 5);
  });

  it('include takes only declared relations (400 otherwise)', async () => {
    for (const url of ['/tags?include=nope', '/tags?include=createdBy,nope', '/users/1?include=nope']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
    }
  });

  it('GET /users/:id/tags pages through the tags; 404 when the User is absent', async () => {
    const parent = await createUser(app);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createTag(app, { createdById: parent.id })).id);
    const first = await get(`/users/${parent.id}/tags?limit=2`);
    expect(first.total).toBe(3);
    expect(first.items.map((c: { id: number }) => c.id)).toEqual(ids.slice(0, 2));
    const rest = await get(`/users/${parent.id}/tags?limit=2&offset=2`);
    expect(rest.items.map((c: { id: number }) => c.id)).toEqual(ids.slice(2));
    const missing = await app.inject({ method: 'GET', url: '/users/2147483647/tags' });
    expect(missing.statusCode).toBe(404);
    const tooMany = await app.inject({ method: 'GET', url: `/users/${parent.id}/tags?limit=101` });
    expect(tooMany.statusCode).toBe(400);
  });

  it('a Tag whose User does not exist is a 409, not a 500', async () => {
    const body = await tagBody(app, { createdById: 2_147_483_647 });
    const res = await app.inject({ method: 'POST', url: '/tags', payload: body });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('FOREIGN_KEY_VIOLATION');
    expect(res.body).not.toMatch(/INSERT|constraint|fk_/i);
  });

  it('deleting a User that tags still refer to is a 409, and nothing is deleted (restrict)', async () => {
    const parent = await createUser(app);
    const child = await createTag(app, { createdById: parent.id });
    const res = await app.inject({ method: 'DELETE', url: `/users/${parent.id}` });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('FOREIGN_KEY_VIOLATION');
    expect(await count('users', `id = ${parent.id}`)).toBe(1);
    expect(await count('tags', `id = ${child.id}`)).toBe(1);
  });

  describe('with 1,000 users', () => {
    let seeded: number[] = [];
    beforeAll(async () => {
      const parents = new UserRepository();
      const children = new TagRepository();
      const bodies = [];
      for (let i = 0; i < 1000; i++) bodies.push(await userRow(app));
      seeded = (await parents.bulkCreate(bodies as unknown as UserInput[])).map((p) => p.id);
      const kids = [];
      for (const id of seeded) for (let i = 0; i < 2; i++) kids.push(await tagRow(app, { createdById: id }));
      await children.bulkCreate(kids as unknown as TagInput[]);
    }, 120_000);

    it('listing 100 users with their tags runs exactly as many statements as listing 1', async () => {
      const one = await statementsOf(app, () => get('/users?include=tags&limit=1'));
      const hundred = await statementsOf(app, () => get('/users?include=tags&limit=100'));
      expect(hundred.length).toBe(one.length);
      expect(hundred.length).toBeLessThanOrEqual(3);
      const children = await statementsOf(app, () => get('/tags?include=createdBy&limit=100'));
      expect(children.length).toBe(2);
    });

    it('every page of GET /users?include=tags holds each User once, with all its tags', async () => {
      const seen = new Map<number, number>();
      let total = -1;
      for (let offset = 0; ; offset += 100) {
        const page = await get(`/users?include=tags&limit=100&offset=${offset}`);
        total = page.total;
        for (const p of page.items as Array<{ id: number; tags: Array<{ createdById: number }> }>) {
          expect(seen.has(p.id), `id ${p.id} twice`).toBe(false);
          expect(p.tags.every((c) => c.createdById === p.id)).toBe(true);
          seen.set(p.id, p.tags.length);
        }
        if (page.items.length < 100) break;
      }
      expect(seen.size).toBe(total);
      expect(total).toBe(await count('users'));
      expect(seeded.every((id) => seen.get(id) === 2)).toBe(true);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { UserRepository, type UserInput } from '../../src/db/repositories/user-repository.ts';
import { CommentRepository, type CommentInput } from '../../src/db/repositories/comment-repository.ts';
import { commentBody, commentRow, createComment } from '../factories/comment.ts';
import { userRow, createUser } from '../factories/user.ts';
import { countRows, setupTestApp, statementsOf } from '../helpers.ts';

// Comment.author → User (ON DELETE SET NULL), and User.comments back.
describe('Comment.author → User', () => {
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

  it('include=author embeds the User on GET /:id and on lists', async () => {
    const parent = await createUser(app);
    const child = await createComment(app, { authorId: parent.id });
    const one = await get(`/comments/${child.id}?include=author`);
    expect(one.author).toEqual(parent);
    const page = await get(`/comments?include=author&authorId=${parent.id}`);
    expect(page.items.map((c: { author: { id: number } }) => c.author.id)).toEqual([parent.id]);
    const plain = await get(`/comments/${child.id}`);
    expect(plain).not.toHaveProperty('author');
  });

  it('include=comments embeds the comments of a User', async () => {
    const parent = await createUser(app);
    const a = await createComment(app, { authorId: parent.id });
    const b = await createComment(app, { authorId: parent.id });
    const one = await get(`/users/${parent.id}?include=comments`);
    expect(one.comments.map((c: { id: number }) => c.id)).toEqual([a.id, b.id]);
  });

  it('include=comments holds at most INCLUDE_LIMIT comments per User; the nested route pages through all', async () => {
    const parent = await createUser(app);
    const limit = app.settings.includeLimit;
    const kids = [];
    for (let i = 0; i < limit + 5; i++) kids.push(await commentRow(app, { authorId: parent.id }));
    await new CommentRepository().bulkCreate(kids as unknown as CommentInput[]);
    const one = await get(`/users/${parent.id}?include=comments`);
    expect(one.comments).toHaveLength(limit);
    const nested = await get(`/users/${parent.id}/comments?limit=1`);
    expect(nested.total).toBe(limit + 5);
  });

  it('include takes only declared relations (400 otherwise)', async () => {
    for (const url of ['/comments?include=nope', '/comments?include=author,nope', '/users/1?include=nope']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
    }
  });

  it('GET /users/:id/comments pages through the comments; 404 when the User is absent', async () => {
    const parent = await createUser(app);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createComment(app, { authorId: parent.id })).id);
    const first = await get(`/users/${parent.id}/comments?limit=2`);
    expect(first.total).toBe(3);
    expect(first.items.map((c: { id: number }) => c.id)).toEqual(ids.slice(0, 2));
    const rest = await get(`/users/${parent.id}/comments?limit=2&offset=2`);
    expect(rest.items.map((c: { id: number }) => c.id)).toEqual(ids.slice(2));
    const missing = await app.inject({ method: 'GET', url: '/users/2147483647/comments' });
    expect(missing.statusCode).toBe(404);
    const tooMany = await app.inject({ method: 'GET', url: `/users/${parent.id}/comments?limit=101` });
    expect(tooMany.statusCode).toBe(400);
  });

  it('a Comment whose User does not exist is a 409, not a 500', async () => {
    const body = await commentBody(app, { authorId: 2_147_483_647 });
    const res = await app.inject({ method: 'POST', url: '/comments', payload: body });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('FOREIGN_KEY_VIOLATION');
    expect(res.body).not.toMatch(/INSERT|constraint|fk_/i);
  });

  it('deleting a User sets comments.author_id to NULL (set-null)', async () => {
    const parent = await createUser(app);
    const child = await createComment(app, { authorId: parent.id });
    expect((await app.inject({ method: 'DELETE', url: `/users/${parent.id}` })).statusCode).toBe(204);
    expect((await get(`/comments/${child.id}`)).authorId).toBeNull();
  });

  describe('with 1,000 users', () => {
    let seeded: number[] = [];
    beforeAll(async () => {
      const parents = new UserRepository();
      const children = new CommentRepository();
      const bodies = [];
      for (let i = 0; i < 1000; i++) bodies.push(await userRow(app));
      seeded = (await parents.bulkCreate(bodies as unknown as UserInput[])).map((p) => p.id);
      const kids = [];
      for (const id of seeded) for (let i = 0; i < 2; i++) kids.push(await commentRow(app, { authorId: id }));
      await children.bulkCreate(kids as unknown as CommentInput[]);
    }, 120_000);

    it('listing 100 users with their comments runs exactly as many statements as listing 1', async () => {
      const one = await statementsOf(app, () => get('/users?include=comments&limit=1'));
      const hundred = await statementsOf(app, () => get('/users?include=comments&limit=100'));
      expect(hundred.length).toBe(one.length);
      expect(hundred.length).toBeLessThanOrEqual(3);
      const children = await statementsOf(app, () => get('/comments?include=author&limit=100'));
      expect(children.length).toBe(2);
    });

    it('every page of GET /users?include=comments holds each User once, with all its comments', async () => {
      const seen = new Map<number, number>();
      let total = -1;
      for (let offset = 0; ; offset += 100) {
        const page = await get(`/users?include=comments&limit=100&offset=${offset}`);
        total = page.total;
        for (const p of page.items as Array<{ id: number; comments: Array<{ authorId: number }> }>) {
          expect(seen.has(p.id), `id ${p.id} twice`).toBe(false);
          expect(p.comments.every((c) => c.authorId === p.id)).toBe(true);
          seen.set(p.id, p.comments.length);
        }
        if (page.items.length < 100) break;
      }
      expect(seen.size).toBe(total);
      expect(total).toBe(await count('users'));
      expect(seeded.every((id) => seen.get(id) === 2)).toBe(true);
    });
  });
});

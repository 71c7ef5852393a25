import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { createPost } from '../factories/post.ts';
import { createUser } from '../factories/user.ts';
import { setupTestApp } from '../helpers.ts';

// Written by hand: top authors by published posts, checked against the database.
describe('GET /analytics/top-authors counts published posts', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await setupTestApp());
  });
  afterAll(async () => {
    await app.close();
  });

  it('ranks authors by published posts, drafts not counted, ties by id', async () => {
    const [a, b, c] = [await createUser(app), await createUser(app), await createUser(app)];
    const plan: Array<[Record<string, unknown>, number, number]> = [
      [a, 3, 1],
      [b, 5, 0],
      [c, 3, 4],
    ];
    const toPublish: number[] = [];
    for (const [user, published, drafts] of plan) {
      for (let i = 0; i < published + drafts; i++) {
        const post = await createPost(app, { authorId: user.id, published: false });
        if (i < published) toPublish.push(post.id);
      }
    }
    const publish = await app.inject({ method: 'PATCH', url: '/posts/publish-all', payload: { ids: toPublish } });
    expect(publish.json()).toEqual({ updated: toPublish.length });

    const res = await app.inject({ method: 'GET', url: '/analytics/top-authors?limit=3' });
    expect(res.statusCode, res.body).toBe(200);
    const expected = await app.db.database.query<{ id: number; posts: string }>(
      'SELECT author_id::int AS id, count(*)::text AS posts FROM posts WHERE published GROUP BY author_id ORDER BY count(*) DESC, author_id LIMIT 3',
    );
    expect(res.json().items.map((r: { id: number; posts: string }) => ({ id: r.id, posts: r.posts }))).toEqual(
      expected,
    );
    expect(res.json().items.map((r: { id: number }) => r.id)).toEqual([b.id, a.id, c.id]);
    expect(res.json().items[0].posts).toBe('5');
  });

  it('bounds limit to 1..100', async () => {
    for (const limit of ['0', '101', 'x']) {
      expect((await app.inject({ method: 'GET', url: `/analytics/top-authors?limit=${limit}` })).statusCode).toBe(400);
    }
  });
});

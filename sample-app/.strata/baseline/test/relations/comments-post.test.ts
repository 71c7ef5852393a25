import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { PostRepository, type PostInput } from '../../src/db/repositories/post-repository.ts';
import { CommentRepository, type CommentInput } from '../../src/db/repositories/comment-repository.ts';
import { commentBody, commentRow, createComment } from '../factories/comment.ts';
import { postRow, createPost } from '../factories/post.ts';
import { createUser } from '../factories/user.ts';
import { countRows, setupTestApp, statementsOf } from '../helpers.ts';

// Comment.post → Post (ON DELETE CASCADE), and Post.comments back.
describe('Comment.post → Post', () => {
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

  it('include=post embeds the Post on GET /:id and on lists', async () => {
    const parent = await createPost(app);
    const child = await createComment(app, { postId: parent.id });
    const one = await get(`/comments/${child.id}?include=post`);
    expect(one.post).toEqual(parent);
    const page = await get(`/comments?include=post&postId=${parent.id}`);
    expect(page.items.map((c: { post: { id: number } }) => c.post.id)).toEqual([parent.id]);
    const plain = await get(`/comments/${child.id}`);
    expect(plain).not.toHaveProperty('post');
  });

  it('include=comments embeds the comments of a Post', async () => {
    const parent = await createPost(app);
    const a = await createComment(app, { postId: parent.id });
    const b = await createComment(app, { postId: parent.id });
    const one = await get(`/posts/${parent.id}?include=comments`);
    expect(one.comments.map((c: { id: number }) => c.id)).toEqual([a.id, b.id]);
  });

  it('include=comments holds at most INCLUDE_LIMIT comments per Post; the nested route pages through all', async () => {
    const parent = await createPost(app);
    const limit = app.settings.includeLimit;
    const kids = [];
    for (let i = 0; i < limit + 5; i++) kids.push(await commentRow(app, { postId: parent.id }));
    await new CommentRepository().bulkCreate(kids as unknown as CommentInput[]);
    const one = await get(`/posts/${parent.id}?include=comments`);
    expect(one.comments).toHaveLength(limit);
    const nested = await get(`/posts/${parent.id}/comments?limit=1`);
    expect(nested.total).toBe(limit + 5);
  });

  it('include takes only declared relations (400 otherwise)', async () => {
    for (const url of ['/comments?include=nope', '/comments?include=post,nope', '/posts/1?include=nope']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
    }
  });

  it('GET /posts/:id/comments pages through the comments; 404 when the Post is absent', async () => {
    const parent = await createPost(app);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createComment(app, { postId: parent.id })).id);
    const first = await get(`/posts/${parent.id}/comments?limit=2`);
    expect(first.total).toBe(3);
    expect(first.items.map((c: { id: number }) => c.id)).toEqual(ids.slice(0, 2));
    const rest = await get(`/posts/${parent.id}/comments?limit=2&offset=2`);
    expect(rest.items.map((c: { id: number }) => c.id)).toEqual(ids.slice(2));
    const missing = await app.inject({ method: 'GET', url: '/posts/2147483647/comments' });
    expect(missing.statusCode).toBe(404);
    const tooMany = await app.inject({ method: 'GET', url: `/posts/${parent.id}/comments?limit=101` });
    expect(tooMany.statusCode).toBe(400);
  });

  it('a Comment whose Post does not exist is a 409, not a 500', async () => {
    const body = await commentBody(app, { postId: 2_147_483_647 });
    const res = await app.inject({ method: 'POST', url: '/comments', payload: body });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('FOREIGN_KEY_VIOLATION');
    expect(res.body).not.toMatch(/INSERT|constraint|fk_/i);
  });

  it('deleting a Post deletes its comments in the database (cascade)', async () => {
    const parent = await createPost(app);
    const child = await createComment(app, { postId: parent.id });
    expect((await app.inject({ method: 'DELETE', url: `/posts/${parent.id}` })).statusCode).toBe(204);
    expect(await count('comments', `id = ${child.id}`)).toBe(0);
    expect((await app.inject({ method: 'GET', url: `/comments/${child.id}` })).statusCode).toBe(404);
  });
  it('deleting a User cascades through posts to comments', async () => {
    const top = await createUser(app);
    const parent = await createPost(app, { authorId: top.id });
    const child = await createComment(app, { postId: parent.id });
    expect((await app.inject({ method: 'DELETE', url: `/users/${top.id}` })).statusCode).toBe(204);
    expect(await count('posts', `id = ${parent.id}`)).toBe(0);
    expect(await count('comments', `id = ${child.id}`)).toBe(0);
  });

  describe('with 1,000 posts', () => {
    let seeded: number[] = [];
    beforeAll(async () => {
      const parents = new PostRepository();
      const children = new CommentRepository();
      const bodies = [];
      for (let i = 0; i < 1000; i++) bodies.push(await postRow(app));
      seeded = (await parents.bulkCreate(bodies as unknown as PostInput[])).map((p) => p.id);
      const kids = [];
      for (const id of seeded) for (let i = 0; i < 2; i++) kids.push(await commentRow(app, { postId: id }));
      await children.bulkCreate(kids as unknown as CommentInput[]);
    }, 120_000);

    it('listing 100 posts with their comments runs exactly as many statements as listing 1', async () => {
      const one = await statementsOf(app, () => get('/posts?include=comments&limit=1'));
      const hundred = await statementsOf(app, () => get('/posts?include=comments&limit=100'));
      expect(hundred.length).toBe(one.length);
      expect(hundred.length).toBeLessThanOrEqual(3);
      const children = await statementsOf(app, () => get('/comments?include=post&limit=100'));
      expect(children.length).toBe(2);
    });

    it('every page of GET /posts?include=comments holds each Post once, with all its comments', async () => {
      const seen = new Map<number, number>();
      let total = -1;
      for (let offset = 0; ; offset += 100) {
        const page = await get(`/posts?include=comments&limit=100&offset=${offset}`);
        total = page.total;
        for (const p of page.items as Array<{ id: number; comments: Array<{ postId: number }> }>) {
          expect(seen.has(p.id), `id ${p.id} twice`).toBe(false);
          expect(p.comments.every((c) => c.postId === p.id)).toBe(true);
          seen.set(p.id, p.comments.length);
        }
        if (page.items.length < 100) break;
      }
      expect(seen.size).toBe(total);
      expect(total).toBe(await count('posts'));
      expect(seeded.every((id) => seen.get(id) === 2)).toBe(true);
    });
  });
});

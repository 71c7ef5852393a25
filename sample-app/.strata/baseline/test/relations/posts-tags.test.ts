import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { createPost } from '../factories/post.ts';
import { createTag } from '../factories/tag.ts';
import { countRows, setupTestApp, statementsOf } from '../helpers.ts';

// Post.tags ↔ Tag.posts, through post_tags (ON DELETE CASCADE on both keys).
describe('Post.tags ↔ Tag.posts', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await setupTestApp());
  });
  afterAll(async () => {
    await app.close();
  });

  const req = (method: 'GET' | 'PUT' | 'DELETE', url: string) => app.inject({ method, url });
  const get = async (url: string) => {
    const res = await req('GET', url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  const count = (table: string, where?: string) => countRows(app, table, where);
  const ids = (rows: Array<{ id: number }>) => rows.map((r) => r.id);

  it('PUT links (twice is a no-op), include shows the links on both sides, DELETE unlinks', async () => {
    const a = await createPost(app);
    const x = await createTag(app);
    const y = await createTag(app);
    for (const t of [x, y, x]) {
      expect((await req('PUT', `/posts/${a.id}/tags/${t.id}`)).statusCode).toBe(204);
    }
    expect(await count('post_tags', `post_id = ${a.id}`)).toBe(2);
    const linked = await get(`/posts/${a.id}?include=tags`);
    expect(ids(linked.tags)).toEqual([x.id, y.id]);
    const page = await get(`/posts?include=tags&limit=100`);
    expect(ids(page.items.find((p: { id: number }) => p.id === a.id).tags)).toEqual([x.id, y.id]);
    const reverse = await get(`/tags/${x.id}?include=posts`);
    expect(ids(reverse.posts)).toEqual([a.id]);

    expect((await req('DELETE', `/posts/${a.id}/tags/${x.id}`)).statusCode).toBe(204);
    const unlinked = await get(`/posts/${a.id}?include=tags`);
    expect(ids(unlinked.tags)).toEqual([y.id]);
    expect((await req('DELETE', `/posts/${a.id}/tags/${x.id}`)).statusCode).toBe(404);
  });

  it('include=tags holds at most INCLUDE_LIMIT tags per Post, the lowest ids, on GET /:id and on lists', async () => {
    const a = await createPost(app);
    const b = await createPost(app);
    const limit = app.settings.includeLimit;
    const linked: number[] = [];
    for (let i = 0; i < limit + 3; i++) {
      const t = await createTag(app);
      linked.push(t.id);
      expect((await req('PUT', `/posts/${a.id}/tags/${t.id}`)).statusCode).toBe(204);
    }
    await req('PUT', `/posts/${b.id}/tags/${linked[0]}`);
    const capped = await get(`/posts/${a.id}?include=tags`);
    expect(ids(capped.tags)).toEqual(linked.slice(0, limit));
    const page = await get(`/posts?include=tags&limit=100&sort=-id`);
    expect(page.items.find((p: { id: number }) => p.id === a.id).tags).toHaveLength(limit);
    expect(ids(page.items.find((p: { id: number }) => p.id === b.id).tags)).toEqual([linked[0]]);
  });

  it('linking a missing Tag is a 409; linking from a missing Post is a 404', async () => {
    const a = await createPost(app);
    const missingTarget = await req('PUT', `/posts/${a.id}/tags/2147483647`);
    expect(missingTarget.statusCode).toBe(409);
    expect(missingTarget.json().code).toBe('FOREIGN_KEY_VIOLATION');
    const x = await createTag(app);
    expect((await req('PUT', `/posts/2147483647/tags/${x.id}`)).statusCode).toBe(404);
    expect((await req('PUT', `/posts/${a.id}/tags/abc`)).statusCode).toBe(400);
  });

  it('deleting a Tag removes its links but not the posts, and the other way round', async () => {
    const a = await createPost(app);
    const x = await createTag(app);
    await req('PUT', `/posts/${a.id}/tags/${x.id}`);
    expect((await req('DELETE', `/tags/${x.id}`)).statusCode).toBe(204);
    expect(await count('post_tags', `tag_id = ${x.id}`)).toBe(0);
    expect(await count('posts', `id = ${a.id}`)).toBe(1);

    const y = await createTag(app);
    await req('PUT', `/posts/${a.id}/tags/${y.id}`);
    expect((await req('DELETE', `/posts/${a.id}`)).statusCode).toBe(204);
    expect(await count('post_tags', `post_id = ${a.id}`)).toBe(0);
    expect(await count('tags', `id = ${y.id}`)).toBe(1);
  });

  it('listing 50 posts with their tags runs exactly as many statements as listing 1', async () => {
    const x = await createTag(app);
    for (let i = 0; i < 50; i++) {
      const a = await createPost(app);
      await req('PUT', `/posts/${a.id}/tags/${x.id}`);
    }
    const one = (await statementsOf(app, () => get('/posts?include=tags&limit=1'))).length;
    const fifty = (await statementsOf(app, () => get('/posts?include=tags&limit=50'))).length;
    expect(fifty).toBe(one);
    expect(fifty).toBeLessThanOrEqual(4);
  });
});

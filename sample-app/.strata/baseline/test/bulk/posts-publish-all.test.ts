import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { createPost } from '../factories/post.ts';
import { setupTestApp } from '../helpers.ts';

describe('PATCH /posts/publish-all', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await setupTestApp());
  });
  afterAll(async () => {
    await app.close();
  });

  const patch = (payload: unknown) =>
    app.inject({ method: 'PATCH', url: '/posts/publish-all', payload: payload as Record<string, unknown> });

  it('sets published = true on the given rows in one statement and reports how many changed', async () => {
    const a = await createPost(app);
    const b = await createPost(app);
    const untouched = await createPost(app);
    const res = await patch({ ids: [a.id, b.id, b.id, 2_147_483_647] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: 2 });
    // The raw layer reads int8 as text: ids are compared as text.
    const rows = await app.db.database.query<{ id: string; value: unknown }>(
      'SELECT id::text AS id, "published" AS value FROM "posts" WHERE id = ANY($1::bigint[]) ORDER BY id',
      [[a.id, b.id, untouched.id]],
    );
    expect(rows.filter((r) => r.id !== String(untouched.id)).map((r) => r.value)).toEqual([true, true]);
    expect(rows).toHaveLength(3);
  });

  it('rejects an empty list, a bad id and unknown properties with 400', async () => {
    for (const body of [{ ids: [] }, { ids: ['x'] }, { ids: [1], extra: true }, {}])
      expect((await patch(body)).statusCode).toBe(400);
  });
});

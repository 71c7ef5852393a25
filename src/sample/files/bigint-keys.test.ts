import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { createUser } from './factories/user.ts';
import { setupTestApp } from './helpers.ts';

// Written by hand: keys are bigint, and travel as JSON integers up to 2^53 - 1.
describe('bigint keys', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await setupTestApp());
  });
  afterAll(async () => {
    await app.close();
  });

  it('an id past 32 bits is a JSON integer on the way in and out, and so is a key that points at it', async () => {
    const user = await createUser(app);
    const big = 5_000_000_000 + user.id;
    await app.db.database.query('UPDATE users SET id = $1 WHERE id = $2', [big, user.id]);
    const res = await app.inject({ method: 'GET', url: `/users/${big}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().id).toBe(big);
    const post = await app.inject({
      method: 'POST',
      url: '/posts',
      payload: { title: 'big', content: 'c', authorId: big },
    });
    expect(post.statusCode, post.body).toBe(201);
    expect(post.json().authorId).toBe(big);
    const list = await app.inject({ method: 'GET', url: `/posts?authorId=${big}` });
    expect(list.json().items.map((p: { authorId: number }) => p.authorId)).toEqual([big]);
  });

  it('a stored id past 2^53 - 1 is refused when read, never rounded: a 500 that names no SQL and shows no stack', async () => {
    const user = await createUser(app);
    await app.db.database.query('UPDATE users SET id = $1 WHERE id = $2', ['9007199254740993', user.id]);
    try {
      const res = await app.inject({ method: 'GET', url: '/users?limit=100&sort=-id' });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toMatch(/9007199254740992|at .*\.ts|SELECT/);
    } finally {
      await app.db.database.query('DELETE FROM users WHERE id = $1', ['9007199254740993']);
    }
  });

  it('an id past 2^53 - 1 is a 400 on the way in, never rounded to another row', async () => {
    for (const id of ['9007199254740992', '9007199254740993', '99999999999999999999']) {
      const res = await app.inject({ method: 'GET', url: `/users/${id}` });
      expect(res.statusCode, id).toBe(400);
    }
  });
});

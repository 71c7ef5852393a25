import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { setupTestApp } from '../helpers.ts';

describe('GET /analytics/posts-window', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await setupTestApp());
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers with the rows of the query', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/analytics/posts-window?since=2024-02-29T12%3A00%3A00.000Z&until=2024-02-29&published=true&search=x&minAuthorId=9000000000&minTitleLength=1.5&weight=1.50&requestId=7f1c2d9e-0b6a-4c3e-9f5d-2a8b4c6d8e0f&titles=%7B%7D&limit=10',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(Array.isArray(res.json().items)).toBe(true);
  });

  it('rejects unknown query parameters', async () => {
    const res = await app.inject({ method: 'GET', url: '/analytics/posts-window?bogus=1' });
    expect(res.statusCode).toBe(400);
  });
});

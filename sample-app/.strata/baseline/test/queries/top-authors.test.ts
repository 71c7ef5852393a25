import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { setupTestApp } from '../helpers.ts';

describe('GET /analytics/top-authors', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await setupTestApp());
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers with the rows of the query', async () => {
    const res = await app.inject({ method: 'GET', url: '/analytics/top-authors?limit=10' });
    expect(res.statusCode, res.body).toBe(200);
    expect(Array.isArray(res.json().items)).toBe(true);
  });

  it('rejects unknown query parameters', async () => {
    const res = await app.inject({ method: 'GET', url: '/analytics/top-authors?bogus=1' });
    expect(res.statusCode).toBe(400);
  });
});

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { setupTestApp } from './helpers.ts';

describe('app', () => {
  let app: App;
  let databaseUrl: string;
  beforeAll(async () => {
    ({ app, databaseUrl } = await setupTestApp());
  });
  afterAll(async () => {
    await app.close();
  });

  it('GET /health reaches the database', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('survives the database dropping every connection (a restart): no crash, the pools reconnect', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const { rowCount } = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    await admin.end();
    expect(rowCount).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
  });

  it('serves the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toMatch(/^3\./);
  });

  it('answers unknown routes with a catalogued 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });

  it('rejects malformed JSON with 400 and no stack trace', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/health',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.body).not.toMatch(/\bat .+\.ts:\d+/);
  });
});

describe('when the database is down', () => {
  it('GET /health answers 503, not 500', async () => {
    const { loadSettings } = await import('../src/config.ts');
    const { buildApp } = await import('../src/app.ts');
    const settings = loadSettings({
      DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:1/none',
      DB_ACQUIRE_TIMEOUT_MS: '2000',
    });
    const down = await buildApp({ settings, logger: false });
    try {
      const res = await down.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('DB_UNAVAILABLE');
    } finally {
      await down.close();
    }
  });
});

describe('client errors and shutdown speak the error shape with the right label', () => {
  it('413, 415 and the 503 while closing', async () => {
    const { buildApp } = await import('../src/app.ts');
    const { testSettings, createTestDatabase } = await import('./helpers.ts');
    const app = await buildApp({
      settings: testSettings(await createTestDatabase('_labels'), { HTTP_BODY_LIMIT: '1024' }),
      logger: false,
    });
    app.post('/echo', async (request) => request.body);
    await app.ready();
    try {
      const big = await app.inject({ method: 'POST', url: '/echo', payload: { text: 'x'.repeat(2048) } });
      expect(big.statusCode).toBe(413);
      expect(big.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      const xml = await app.inject({
        method: 'POST',
        url: '/echo',
        headers: { 'content-type': 'text/xml' },
        payload: '<a/>',
      });
      expect(xml.statusCode).toBe(415);
      expect(xml.json()).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    } finally {
      const closing = app.close();
      const late = await app.inject({ method: 'GET', url: '/health' }).catch(() => undefined);
      await closing;
      // Whether it meets the closing app or the closed pools, a late request gets a 503 in the app's shape, never a 500.
      if (late) {
        expect(late.statusCode, late.body).toBe(503);
        expect(late.json()).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
        expect(['SHUTTING_DOWN', 'DB_UNAVAILABLE']).toContain(late.json().code);
      }
    }
  });
});

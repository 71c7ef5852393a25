import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { userRow } from '../factories/user.ts';
import { countRows, setupTestApp } from '../helpers.ts';

describe('POST /users/bulk', () => {
  let app: App;
  /** Foreign keys shared by every row, so building thousands of rows makes no requests. */
  let shared: Record<string, unknown> = {};
  beforeAll(async () => {
    ({ app } = await setupTestApp());
    const base = await userRow(app);
    shared = Object.fromEntries([].map((k) => [k, base[k]]));
  });
  afterAll(async () => {
    await app.close();
  });

  const rows = async (n: number) => {
    const out: Array<Record<string, unknown>> = [];
    for (let i = 0; i < n; i++) out.push(await userRow(app, shared));
    return out;
  };
  const count = () => countRows(app, 'users');
  const bulk = (payload: unknown) =>
    app.inject({ method: 'POST', url: '/users/bulk', payload: payload as Record<string, unknown>[] });

  it('inserts every new row: inserted equals the real change in row count', async () => {
    const before = await count();
    const res = await bulk(await rows(25));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ inserted: 25, skipped: 0 });
    expect((await count()) - before).toBe(25);
  });

  it('skips rows that hit a unique key, duplicates inside the batch included: inserted + skipped = submitted', async () => {
    const fresh = await rows(10);
    await bulk(fresh.slice(0, 4));
    const before = await count();
    const submitted = [...fresh, fresh[5]!, fresh[6]!];
    const res = await bulk(submitted);
    expect(res.statusCode, res.body).toBe(200);
    const { inserted, skipped } = res.json();
    expect(inserted + skipped).toBe(submitted.length);
    expect(inserted).toBe(6);
    expect((await count()) - before).toBe(inserted);
  });

  it('takes more rows than one statement could bind as VALUES (over 65,535 parameters)', async () => {
    const n = Math.ceil(65_535 / 4) + 1_000;
    const before = await count();
    const res = await bulk(await rows(n));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().inserted).toBe(n);
    expect((await count()) - before).toBe(n);
  }, 60_000);

  it('a bad row rejects the whole request with 400, and nothing is inserted', async () => {
    const before = await count();
    const batch = await rows(3);
    batch[1] = { ...batch[1], unknownField: 1 };
    expect((await bulk(batch)).statusCode).toBe(400);
    expect((await bulk([])).statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('an oversized request is a 413', async () => {
    const res = await bulk(Array.from({ length: 50_001 }, () => ({})));
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });
});

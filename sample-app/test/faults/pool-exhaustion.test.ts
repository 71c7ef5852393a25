/**
 * Drill 2: every connection of both pools is taken. A request must not queue
 * for long: it answers 503 within the acquire timeout (at most 5 s by default),
 * and once the connections come back the pools are idle and serve again.
 */
import type pg from 'pg';
import type { Transaction } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { bounded, DB_503_CODES, inProcessApp, isShaped503, ormPool, rawPool, waitFor } from './support.ts';

const POOL = 2;
/** The default acquire timeout will be at most this. */
const ACQUIRE_BOUND_MS = 5_000;
/** Scheduling slack on a shared 2-core machine (the timeout itself is the 5 s). */
const SLACK_MS = 500;
/** How long the drill waits for an answer at all, so today's figure can be reported (the default was 30 s). */
const GIVE_UP_MS = 35_000;

describe('drill 2: pool exhaustion', () => {
  let app: App;
  const rawHeld: pg.PoolClient[] = [];
  const ormHeld: Transaction[] = [];

  const releaseAll = async () => {
    for (const client of rawHeld.splice(0)) client.release();
    await Promise.all(ormHeld.splice(0).map((t) => t.rollback().catch(() => {})));
  };

  beforeAll(async () => {
    // Small pools and the default acquire timeout (DB_ACQUIRE_TIMEOUT_MS left unset on purpose).
    const env: Record<string, string> = { DB_POOL_SIZE: String(POOL), DB_MAX_OVERFLOW: '0', DB_ACQUIRE_TIMEOUT_MS: '' };
    ({ app } = await inProcessApp('_pool', env));
  });

  afterAll(async () => {
    await releaseAll();
    if (app) await bounded(app.close(), 10_000);
  });

  it(
    'answers 503 within the acquire timeout on both layers, then the pools are idle and serve again',
    async () => {
      // Warm both routes up, so the drill measures waiting for a connection, not first-use costs.
      expect((await app.inject({ method: 'GET', url: '/analytics/top-authors?limit=5' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/users' })).statusCode).toBe(200);

      // Take every connection: raw clients checked out, ORM transactions left open.
      for (let i = 0; i < POOL; i++) rawHeld.push(await app.db.database.pool.connect());
      for (let i = 0; i < POOL; i++) ormHeld.push(await app.db.sequelize.transaction());
      expect(rawPool(app)).toMatchObject({ total: POOL, idle: 0 });
      expect(ormPool(app)).toMatchObject({ using: POOL, available: 0 });

      const raw = app.inject({ method: 'GET', url: '/analytics/top-authors?limit=5' });
      const orm = app.inject({ method: 'GET', url: '/users' });
      const [rawResult, ormResult] = await Promise.all([bounded(raw, GIVE_UP_MS), bounded(orm, GIVE_UP_MS)]);
      const describeResult = (r: typeof rawResult) =>
        r.done ? `${r.value.statusCode} after ${r.ms} ms: ${r.value.body.slice(0, 200)}` : `no answer in ${r.ms} ms`;
      const summary = `raw route: ${describeResult(rawResult)}\nORM route: ${describeResult(ormResult)}`;
      console.log(`[drill 2: pool exhaustion]\n${summary}`);

      await releaseAll();
      // Whatever was still waiting gets a connection now and finishes.
      await Promise.all([bounded(raw, 10_000), bounded(orm, 10_000)]);

      for (const [name, r] of [
        ['raw route', rawResult],
        ['ORM route', ormResult],
      ] as const) {
        // Soft: the checks after the release below still run and report.
        expect.soft(r.done, `${name} answered at all (${summary})`).toBe(true);
        if (!r.done) continue;
        expect.soft(r.ms, `${name}: time to answer (${summary})`).toBeLessThanOrEqual(ACQUIRE_BOUND_MS + SLACK_MS);
        const outcome = { status: r.value.statusCode, body: r.value.json() as unknown };
        expect.soft(isShaped503(outcome), `${name}: a 503 with code ${DB_503_CODES.join('|')} (${summary})`).toBe(true);
      }

      // Released: the pools are back to idle, nobody waits.
      const idle = await waitFor(() => {
        const r = rawPool(app);
        const o = ormPool(app);
        return r.waiting === 0 && r.total === r.idle && o.waiting === 0 && o.using === 0 && o.size === o.available;
      }, 5_000);
      expect(idle, `pools idle: raw ${JSON.stringify(rawPool(app))}, ORM ${JSON.stringify(ormPool(app))}`).toBe(true);

      const again = await Promise.all([
        bounded(app.inject({ method: 'GET', url: '/analytics/top-authors?limit=5' }), 5_000),
        bounded(app.inject({ method: 'GET', url: '/users' }), 5_000),
      ]);
      expect(again.map((r) => (r.done ? r.value.statusCode : `no answer in ${r.ms} ms`))).toEqual([200, 200]);
    },
    // The give-up bound, the release and the checks after it.
    GIVE_UP_MS + 30_000,
  );
});

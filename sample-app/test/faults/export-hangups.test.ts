/**
 * Drill 3: clients hang up on GET /users/export after the first chunk, again
 * and again, on a small raw pool. Each hang-up must give its connection back
 * (in a usable state): afterwards raw routes answer promptly and nothing waits.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { bounded, call, countPrefixed, csvBody, inProcessApp, rawPool, tag, waitFor } from './support.ts';

const SEEDED = 50_000;
const HANGUPS = 50;
/** No export should take longer than this to send its first chunk. */
const FIRST_CHUNK_BOUND_MS = 5_000;
/** "Promptly" for a small raw request once the hang-ups are over. */
const PROMPT_MS = 2_000;
/** The hang-ups stop early once the pool is evidently stuck: more of them would only add 5 s each. */
const MAX_CONSECUTIVE_FAILURES = 3;
const HANGUPS_BUDGET_MS = 40_000;

interface HangUp {
  status?: number;
  firstChunkMs?: number;
  error?: string;
}

/** GET /users/export on a fresh socket, destroyed as soon as the first chunk of the body arrives. */
function hangUp(base: URL): Promise<HangUp> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: HangUp) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const request = http.get({ host: base.hostname, port: base.port, path: '/users/export', agent: false }, (res) => {
      res.once('data', () => finish({ status: res.statusCode, firstChunkMs: Date.now() - started }));
      res.once('end', () => finish({ status: res.statusCode, error: 'ended before the drill hung up' }));
    });
    request.on('error', (error) => finish({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    const timer = setTimeout(
      () => finish({ error: `no first chunk in ${FIRST_CHUNK_BOUND_MS} ms` }),
      FIRST_CHUNK_BOUND_MS,
    );
  });
}

describe('drill 3: export hang-ups', () => {
  let app: App;
  let base: URL;

  beforeAll(async () => {
    // A small raw pool; the acquire timeout at its coming default (5 s) keeps a leak from stalling the drill for 30 s.
    ({ app } = await inProcessApp('_export', {
      DB_POOL_SIZE: '2',
      DB_MAX_OVERFLOW: '0',
      DB_ACQUIRE_TIMEOUT_MS: '5000',
    }));
    // One statement seeds the table: enough rows that an export is many chunks long.
    await app.db.database.query(
      `INSERT INTO users (email, username, hashed_password, is_active)
       SELECT 'seed' || g || '@drill.test', 'seed' || g, 'scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', g % 2 = 0 FROM generate_series(1, $1::int) AS g`,
      [SEEDED],
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  }, 90_000);

  afterAll(async () => {
    // Bounded: a pool with a client never given back would keep close() waiting for ever.
    if (app) await bounded(app.close(), 10_000);
  });

  it(`${HANGUPS} exports hung up after the first chunk leave the raw pool usable`, async () => {
    const hangUps: HangUp[] = [];
    const budget = Date.now() + HANGUPS_BUDGET_MS;
    let consecutive = 0;
    for (let i = 0; i < HANGUPS && consecutive < MAX_CONSECUTIVE_FAILURES && Date.now() < budget; i++) {
      const h = await hangUp(base);
      hangUps.push(h);
      consecutive = h.status === 200 && h.firstChunkMs !== undefined ? 0 : consecutive + 1;
    }
    const good = hangUps.filter((h) => h.status === 200 && h.firstChunkMs !== undefined);
    const failures = hangUps
      .map((h, i) => ({ i: i + 1, ...h }))
      .filter((h) => !(h.status === 200 && h.firstChunkMs !== undefined));
    const pool = rawPool(app);

    const topAuthors = await call(base.origin, 'GET', '/analytics/top-authors?limit=5', PROMPT_MS);
    const prefix = tag('exp');
    const imported = await call(base.origin, 'POST', '/users/import', 5_000, {
      type: 'text/csv',
      data: csvBody(prefix, 5),
    });
    const full = await call(base.origin, 'GET', '/users/export', 20_000);
    const lines = typeof full.body === 'string' ? full.body.trimEnd().split('\n').length : 0;
    const users = await bounded(app.db.database.query<{ n: number }>('SELECT count(*)::int AS n FROM users'), 5_000);
    const settled = await waitFor(() => {
      const p = rawPool(app);
      return p.waiting === 0 && p.total === p.idle;
    }, 3_000);

    const show = (o: typeof topAuthors) =>
      `${o.error ?? o.status} in ${o.end - o.start} ms${o.status !== undefined && o.status !== 200 ? `: ${JSON.stringify(o.body)?.slice(0, 160)}` : ''}`;
    const summary = [
      `hang-ups: ${hangUps.length} of ${HANGUPS} tried, ${good.length} got a first chunk (max ${Math.max(0, ...good.map((h) => h.firstChunkMs!))} ms); ` +
        `failures: ${
          failures.length
            ? failures
                .slice(0, 8)
                .map((f) => `#${f.i} ${f.status ?? ''} ${f.error ?? ''}`)
                .join('; ')
            : 'none'
        }`,
      `raw pool right after the hang-ups: ${JSON.stringify(pool)}; after the checks: ${JSON.stringify(rawPool(app))}`,
      `GET /analytics/top-authors: ${show(topAuthors)}`,
      `POST /users/import (5 rows): ${show(imported)}`,
      `GET /users/export: ${show(full)}, ${lines} lines`,
    ].join('\n');
    console.log(`[drill 3: export hang-ups]\n${summary}`);

    expect(hangUps.length, summary).toBe(HANGUPS);
    expect(failures, summary).toEqual([]);
    expect(topAuthors.status, summary).toBe(200);
    expect(imported.status, summary).toBe(200);
    expect(imported.body, summary).toEqual({ inserted: 5, skipped: 0 });
    const rows = await bounded(countPrefixed(app.db.database.pool, prefix), 5_000);
    expect(rows.done ? rows.value : `no answer in ${rows.ms} ms`, 'imported rows in the table').toBe(5);
    expect(full.status, summary).toBe(200);
    expect(users.done, 'counting users answered').toBe(true);
    if (users.done) expect(lines - 1, summary).toBe(users.value[0]!.n);
    expect(settled, `raw pool idle, no waiting clients: ${JSON.stringify(rawPool(app))}`).toBe(true);
  }, 80_000);
});

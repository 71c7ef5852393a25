/**
 * Drill 4: more CSV imports at once than the raw pool has connections. They
 * may queue, but every one must succeed and every row must land: an import
 * must never hold one connection while it waits for another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { bounded, countPrefixed, csvBody, inProcessApp, rawPool, tag, waitFor } from './support.ts';

const POOL = 2;
const ROWS = 25;
/** How long a batch may take in all; small imports on 2 connections need a fraction of it. */
const BATCH_BOUND_MS = 20_000;

describe('drill 4: concurrent imports on a small raw pool', () => {
  let app: App;

  beforeAll(async () => {
    // The acquire timeout at its coming default (5 s): a deadlock then ends in errors instead of 30 s waits.
    ({ app } = await inProcessApp('_imports', {
      DB_POOL_SIZE: String(POOL),
      DB_MAX_OVERFLOW: '0',
      DB_ACQUIRE_TIMEOUT_MS: '5000',
    }));
  });

  afterAll(async () => {
    // Bounded: a pool with a client never given back would keep close() waiting for ever.
    if (app) await bounded(app.close(), 10_000);
  });

  it.each([2, 4])(
    '%ix the pool size of CSV imports at once all succeed, and every row is in the table',
    async (factor) => {
      // Start from an idle pool even when the batch before left requests queued (each ends within its acquire timeout).
      await waitFor(() => rawPool(app).waiting === 0 && rawPool(app).total === rawPool(app).idle, 15_000);
      const n = POOL * factor;
      const prefixes = Array.from({ length: n }, (_, i) => tag(`imp${factor}x${i}`));
      const started = Date.now();
      const results = await Promise.all(
        prefixes.map((prefix) =>
          bounded(
            app.inject({
              method: 'POST',
              url: '/users/import',
              headers: { 'content-type': 'text/csv' },
              payload: csvBody(prefix, ROWS),
            }),
            BATCH_BOUND_MS,
          ),
        ),
      );
      const batchMs = Date.now() - started;
      const rows = await bounded(Promise.all(prefixes.map((p) => countPrefixed(app.db.database.pool, p))), 10_000);
      const pool = rawPool(app);

      const answers = results.map((r) => (r.done ? `${r.value.statusCode} in ${r.ms} ms` : `no answer in ${r.ms} ms`));
      const bodies = [
        ...new Set(results.map((r) => (r.done && r.value.statusCode !== 200 ? r.value.body.slice(0, 160) : ''))),
      ].filter(Boolean);
      const summary = [
        `${n} imports of ${ROWS} rows on a pool of ${POOL}: batch took ${batchMs} ms`,
        `answers: ${answers.join(', ')}`,
        ...(bodies.length ? [`error bodies: ${bodies.join(' | ')}`] : []),
        `rows in the table per import: ${rows.done ? rows.value.join(', ') : `no answer in ${rows.ms} ms`}`,
        `raw pool after: ${JSON.stringify(pool)}`,
      ].join('\n');
      console.log(`[drill 4: concurrent imports, ${factor}x]\n${summary}`);

      expect(
        results.map((r) => (r.done ? r.value.statusCode : 'no answer')),
        summary,
      ).toEqual(prefixes.map(() => 200));
      for (const r of results) if (r.done) expect(r.value.json()).toEqual({ inserted: ROWS, skipped: 0 });
      expect(rows.done ? rows.value : 'no answer', summary).toEqual(prefixes.map(() => ROWS));
      // Nothing is left waiting for a connection once the batch is over.
      expect(await waitFor(() => rawPool(app).waiting === 0, 10_000), JSON.stringify(rawPool(app))).toBe(true);
    },
    // The batch bound, the row count and the settle check.
    BATCH_BOUND_MS + 30_000,
  );
});

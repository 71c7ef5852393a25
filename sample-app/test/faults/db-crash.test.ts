/**
 * Drill 1: PostgreSQL crashes (kill -9 of the postmaster) with a burst of
 * requests in flight, then comes back on the same data dir and port. The app
 * must stay up, answer 503 with the error shape during the outage (never a 500,
 * never a hang), and serve again within 5 s of the restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp } from '../../src/db/migrator.ts';
import { createDatabase } from '../helpers.ts';
import {
  bounded,
  call,
  isShaped503,
  sleep,
  startAppProcess,
  tag,
  waitFor,
  type AppProcess,
  type Outcome,
} from './support.ts';
import { OwnPostgres } from './own-postgres.ts';

const CYCLES = 5;
const CONCURRENCY = 50;
/** Every request is answered within this, outage or not. */
const REQUEST_BOUND_MS = 6_000;
/** How long the database stays down in each cycle. */
const OUTAGE_MS = 1_500;
/** Requests started this long after the restart completed must all succeed. */
const RECOVERY_BOUND_MS = 5_000;
/** Load kept on after the recovery bound, to check that it holds. */
const STEADY_MS = 1_500;

/** Both data layers are in the burst: ORM reads and writes, and a raw-pool route (a transaction on a pg client). */
const KINDS = ['list', 'create', 'raw'] as const;

interface Sample extends Outcome {
  kind: (typeof KINDS)[number];
}

interface Cycle {
  n: number;
  killAt: number;
  readyAt?: number;
  /** restart done -> first 2xx of a request started after the kill. */
  recoveryMs?: number;
  samples: Sample[];
}

describe('drill 1: database crash under load', () => {
  let pg: OwnPostgres | undefined;
  let app: AppProcess | undefined;
  let loading = false;
  let workers: Array<Promise<void>> = [];
  const samples: Sample[] = [];

  beforeAll(async () => {
    pg = await OwnPostgres.create();
    await pg.start();
    const url = await createDatabase(pg.url(), 'drill');
    await migrateUp(url);
    app = await startAppProcess({ DATABASE_URL: url, LOG_LEVEL: 'warn' });
  });

  afterAll(async () => {
    loading = false;
    // Workers end within one bounded request each.
    await Promise.race([Promise.all(workers), sleep(REQUEST_BOUND_MS + 1_000)]);
    await app?.kill();
    await pg?.destroy();
  });

  /** One client of the burst: GET /users?limit=100, POST /users and GET /analytics/top-authors in turn, each bounded. */
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; loading && i < 1_000_000; i++) {
      const kind = KINDS[(i + w) % KINDS.length]!;
      const id = tag('c');
      const outcome =
        kind === 'list'
          ? await call(app!.base, 'GET', '/users?limit=100', REQUEST_BOUND_MS)
          : kind === 'raw'
            ? await call(app!.base, 'GET', '/analytics/top-authors?limit=5', REQUEST_BOUND_MS)
            : await call(app!.base, 'POST', '/users', REQUEST_BOUND_MS, {
                type: 'application/json',
                data: JSON.stringify({
                  email: `${id}@drill.test`,
                  username: id,
                  password: 'correct horse battery staple',
                }),
              });
      samples.push({ ...outcome, kind });
      // Do not spin on fast failures (a refused connection, a 503).
      if (outcome.status === undefined || outcome.status >= 300) await sleep(25);
    }
  };

  const ok = (s: Sample) => s.status === 200 || s.status === 201;
  /** What a request may come to while the database is down or coming back: success, or a shaped 503. */
  const acceptable = (s: Sample) => ok(s) || isShaped503(s);
  const describeSample = (s: Sample, t0: number) =>
    `${s.kind} +${s.start - t0}ms..+${s.end - t0}ms ${s.error ?? s.status} ${s.error ? '' : JSON.stringify(s.body).slice(0, 160)}`;

  it(`stays up, answers 503 during each of ${CYCLES} outages and recovers within ${RECOVERY_BOUND_MS} ms of each restart`, async () => {
    const server = pg!;
    const proc = app!;
    loading = true;
    workers = Array.from({ length: CONCURRENCY }, (_, w) => worker(w));
    // Warm up: the burst is being served before the first crash.
    const warm = await waitFor(() => samples.filter(ok).length >= CONCURRENCY, 15_000);
    expect(warm, 'the app served the burst before any crash').toBe(true);

    const cycles: Cycle[] = [];
    let death: string | undefined;
    for (let n = 1; n <= CYCLES; n++) {
      const cycle: Cycle = { n, killAt: Date.now(), samples: [] };
      cycles.push(cycle);
      await server.crash();
      await sleep(OUTAGE_MS);
      if (!proc.alive()) {
        death = `during outage ${n}`;
        break;
      }
      await server.start();
      cycle.readyAt = Date.now();
      await sleep(RECOVERY_BOUND_MS + STEADY_MS);
      if (!proc.alive()) {
        death = `after restart ${n}`;
        break;
      }
    }
    loading = false;
    await Promise.race([Promise.all(workers), sleep(REQUEST_BOUND_MS + 1_000)]);

    // Each sample belongs to the cycle whose kill came last before it ended.
    for (const s of samples) {
      const owner = [...cycles].reverse().find((c) => s.end > c.killAt);
      owner?.samples.push(s);
    }
    const t0 = cycles[0]!.killAt;
    const report: string[] = [];
    const bad: string[] = [];
    const notRecovered: string[] = [];
    for (const c of cycles) {
      const readyAt = c.readyAt ?? Number.POSITIVE_INFINITY;
      const firstOk = c.samples
        .filter((s) => ok(s) && s.start > c.killAt && s.end >= readyAt)
        .sort((a, b) => a.end - b.end)[0];
      if (firstOk && c.readyAt !== undefined) c.recoveryMs = firstOk.end - c.readyAt;
      const count = (p: (s: Sample) => boolean) => c.samples.filter(p).length;
      const latencies = c.samples.map((s) => s.end - s.start);
      report.push(
        `cycle ${c.n}: kill at +${c.killAt - t0}ms, restart done ${c.readyAt === undefined ? 'never' : `+${c.readyAt - t0}ms`}, ` +
          `recovery ${c.recoveryMs ?? '-'}ms; ${c.samples.length} answers: ${count(ok)} 2xx, ${count((s) => s.status === 503)} 503, ` +
          `${count((s) => s.status === 500)} 500, ${count((s) => s.error === 'hang')} hung (>${REQUEST_BOUND_MS}ms), ` +
          `${count((s) => s.error !== undefined && s.error !== 'hang')} transport errors; max latency ${Math.max(0, ...latencies)}ms`,
      );
      for (const s of c.samples) {
        if (!acceptable(s)) bad.push(`cycle ${c.n}: ${describeSample(s, t0)}`);
        // After the recovery bound, nothing but success.
        if (c.readyAt !== undefined && s.start >= c.readyAt + RECOVERY_BOUND_MS && !ok(s))
          notRecovered.push(`cycle ${c.n}: ${describeSample(s, t0)}`);
      }
    }
    const ended = proc.alive() ? undefined : await bounded(proc.exited, 1_000);
    const exit = ended?.done ? ended.value : undefined;
    const logged = [...proc.loggedErrors()].map(([what, n]) => `  ${n}x ${what}`);
    const summary = [
      ...report,
      `errors the app logged:\n${logged.join('\n') || '  none'}`,
      death
        ? `APP DIED ${death}: exit code ${exit?.code} signal ${exit?.signal} at +${(exit?.at ?? t0) - t0}ms`
        : 'app alive',
    ].join('\n');
    // The crash's stack goes to the log only: in an assertion message vitest would read it as the test's own stack.
    const tail = death ? `\napp output (tail):\n${proc.output().slice(-3_000)}` : '';
    console.log(`[drill 1: database crash]\n${summary}${tail}`);

    expect(death, summary).toBeUndefined();
    expect(bad.slice(0, 20), `${bad.length} answers were neither 2xx nor a shaped 503 (or hung)\n${summary}`).toEqual(
      [],
    );
    expect(notRecovered.slice(0, 20), `${notRecovered.length} failures after the recovery bound`).toEqual([]);
    for (const c of cycles) {
      expect(c.recoveryMs, `cycle ${c.n} recovered`).toBeDefined();
      expect(c.recoveryMs!, `cycle ${c.n} recovery time`).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
    }
  }, 120_000);
});

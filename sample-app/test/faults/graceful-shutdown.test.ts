/**
 * Drill 5: SIGTERM while the app has an idle keep-alive connection, requests
 * in flight and an upload that stalled half-way. The process must exit 0
 * within the grace period, the requests in flight must complete normally, and
 * nothing of the stalled upload may be committed.
 */
import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp } from '../../src/db/migrator.ts';
import { createTestDatabase } from '../helpers.ts';
import { bounded, countPrefixed, csvRows, sleep, startAppProcess, tag, waitFor, type AppProcess } from './support.ts';

/** The grace period: SHUTDOWN_GRACE_MS when set (and handed to the app), else today's fixed 10 s. */
const GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS || 10_000);
const BLOCKED_GETS = 4;
const SLOW_UPLOADS = 2;
const SLOW_CHUNKS = 5;
const ROWS_PER_CHUNK = 20;

interface Answer {
  status?: number;
  body: string;
  error?: string;
  at?: number;
}

/** A request on a socket of its own whose body the drill writes by hand; `answer` settles when it ends either way. */
function openRequest(port: number, method: string, path: string, headers: Record<string, string | number>) {
  const request = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false });
  const answer = new Promise<Answer>((resolve) => {
    request.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body, at: Date.now() }));
      res.on('error', (error) => resolve({ status: res.statusCode, body, error: error.message, at: Date.now() }));
    });
    request.on('error', (error) =>
      resolve({ body: '', error: (error as NodeJS.ErrnoException).code ?? error.message, at: Date.now() }),
    );
  });
  return { request, answer };
}

describe('drill 5: graceful shutdown', () => {
  let app: AppProcess | undefined;
  let url = '';
  let admin: pg.Client | undefined;
  let locker: pg.Client | undefined;
  const requests: http.ClientRequest[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    url = await createTestDatabase('_shutdown');
    await migrateUp(url);
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    app = await startAppProcess({ DATABASE_URL: url, SHUTDOWN_GRACE_MS: String(GRACE_MS) });
  });

  afterAll(async () => {
    for (const request of requests) request.destroy();
    agent.destroy();
    await app?.kill();
    await locker?.end().catch(() => {});
    await admin?.end().catch(() => {});
  });

  it(
    `SIGTERM: exit 0 within ${GRACE_MS} ms, in-flight requests complete, the stalled upload leaves nothing behind`,
    async () => {
      const proc = app!;
      const port = Number(new URL(proc.base).port);
      const db = admin!;

      // (a) A keep-alive connection that made a request and now sits idle.
      let keepAliveClosedAt: number | undefined;
      const keepAlive = await new Promise<number | undefined>((resolve, reject) => {
        const request = http.get({ host: '127.0.0.1', port, path: '/health', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        });
        request.on('socket', (socket) => socket.once('close', () => (keepAliveClosedAt ??= Date.now())));
        request.on('error', reject);
        request.setTimeout(5_000, () => request.destroy(new Error('no answer from /health')));
      });
      expect(keepAlive).toBe(200);

      // (c) The stalled upload: a header line and a few rows of a body said to be 10 MB, then nothing.
      const stalledPrefix = tag('stall');
      const stalledCsv = csvRows(stalledPrefix, 3);
      const stalled = openRequest(port, 'POST', '/users/import', {
        'content-type': 'text/csv',
        'content-length': 10_000_000,
      });
      requests.push(stalled.request);
      stalled.request.write(`${[stalledCsv.header, ...stalledCsv.rows].join('\n')}\n`);
      // The app has the upload's COPY open (both of its connections) before the signal.
      const copying = await waitFor(async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY%'`,
        );
        return rows[0]!.n >= 1;
      }, 10_000);
      expect(copying, 'the stalled upload reached COPY').toBe(true);

      // (b1) Uploads in flight that keep sending and finish after the signal.
      const slowPrefixes = Array.from({ length: SLOW_UPLOADS }, (_, i) => tag(`slow${i}`));
      const slow = slowPrefixes.map((prefix) => {
        const { header, rows } = csvRows(prefix, SLOW_CHUNKS * ROWS_PER_CHUNK);
        const body = Buffer.from(`${[header, ...rows].join('\n')}\n`);
        const open = openRequest(port, 'POST', '/users/import', {
          'content-type': 'text/csv',
          'content-length': body.length,
        });
        requests.push(open.request);
        // Split at row boundaries: the header and the first rows now, the rest after SIGTERM.
        const lineEnds: number[] = [];
        for (let i = 0; i < body.length; i++) if (body[i] === 0x0a) lineEnds.push(i + 1);
        const cuts = Array.from({ length: SLOW_CHUNKS }, (_, k) => lineEnds[(k + 1) * ROWS_PER_CHUNK]!);
        const chunks = cuts.map((end, k) => body.subarray(k === 0 ? 0 : cuts[k - 1], end));
        open.request.write(chunks[0]);
        return { ...open, prefix, rest: chunks.slice(1) };
      });

      // (b2) ORM reads in flight: GET /posts waits on a lock the drill holds, and gets it after the signal.
      locker = new pg.Client({ connectionString: url });
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE posts IN ACCESS EXCLUSIVE MODE');
      const blocked = Array.from({ length: BLOCKED_GETS }, () => {
        const open = openRequest(port, 'GET', '/posts?limit=5', {});
        requests.push(open.request);
        open.request.end();
        return open;
      });
      const waiting = await waitFor(async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0]!.n >= BLOCKED_GETS;
      }, 10_000);
      expect(waiting, 'the GETs are waiting on the lock').toBe(true);

      const termAt = Date.now();
      expect(proc.child.kill('SIGTERM')).toBe(true);

      // The requests in flight go on: the uploads send the rest of their rows, the lock is let go.
      const sending = (async () => {
        for (let k = 0; k < SLOW_CHUNKS - 1; k++) {
          await sleep(200);
          for (const s of slow) s.request.write(s.rest[k]);
        }
        for (const s of slow) s.request.end();
      })();
      await sleep(1_000);
      await locker.query('COMMIT');
      await sending;

      const exit = await bounded(proc.exited, GRACE_MS + 5_000);
      const [blockedAnswers, slowAnswers] = await Promise.all([
        Promise.all(blocked.map((b) => bounded(b.answer, 2_000))),
        Promise.all(slow.map((s) => bounded(s.answer, 2_000))),
      ]);
      const stalledAnswer = await bounded(stalled.answer, 2_000);
      const slowRows = await Promise.all(slowPrefixes.map((p) => countPrefixed(db, p)));
      const stalledRows = await countPrefixed(db, stalledPrefix);

      const show = (r: Awaited<ReturnType<typeof bounded<Answer>>>) =>
        r.done
          ? `${r.value.status ?? r.value.error}${r.value.at ? ` at +${r.value.at - termAt}ms` : ''}${r.value.status !== 200 ? ` ${r.value.body.slice(0, 120)}` : ''}`
          : 'no answer';
      const summary = [
        exit.done
          ? `exit: code ${exit.value.code}, signal ${exit.value.signal}, ${exit.value.at - termAt} ms after SIGTERM (grace ${GRACE_MS} ms)`
          : `exit: still running ${exit.ms} ms after SIGTERM (grace ${GRACE_MS} ms)`,
        `in-flight GET /posts: ${blockedAnswers.map(show).join(', ')}`,
        `in-flight uploads: ${slowAnswers.map(show).join(', ')}; rows ${slowRows.join(', ')} of ${SLOW_CHUNKS * ROWS_PER_CHUNK}`,
        `stalled upload: ${show(stalledAnswer)}; rows committed ${stalledRows}`,
        `idle keep-alive socket: ${keepAliveClosedAt === undefined ? 'still open' : `closed at +${keepAliveClosedAt - termAt}ms`}`,
      ].join('\n');
      const logged = [...proc.loggedErrors()].map(([what, n]) => `  ${n}x ${what}`).join('\n');
      console.log(`[drill 5: graceful shutdown]\n${summary}\napp errors:\n${logged || '  none'}`);

      expect.soft(exit.done, summary).toBe(true);
      if (exit.done) {
        expect.soft(exit.value.code, summary).toBe(0);
        expect.soft(exit.value.signal, summary).toBeNull();
        expect.soft(exit.value.at - termAt, summary).toBeLessThanOrEqual(GRACE_MS);
      }
      expect
        .soft(
          blockedAnswers.map((r) => (r.done ? r.value.status : 'no answer')),
          summary,
        )
        .toEqual(blocked.map(() => 200));
      expect
        .soft(
          slowAnswers.map((r) => (r.done ? r.value.status : 'no answer')),
          summary,
        )
        .toEqual(slow.map(() => 200));
      expect.soft(slowRows, summary).toEqual(slow.map(() => SLOW_CHUNKS * ROWS_PER_CHUNK));
      expect.soft(stalledRows, summary).toBe(0);
      expect
        .soft(stalledAnswer.done && stalledAnswer.value.status === 200, 'the stalled upload did not succeed')
        .toBe(false);
      expect.soft(keepAliveClosedAt, 'the idle keep-alive connection was closed').toBeDefined();
    },
    GRACE_MS + 45_000,
  );
});

// Requests of the generated service against the Fastify + pg ceiling (bench/ceiling-server.ts),
// side by side in one run: GET /users/:id, GET /users?limit=100 and POST /tags, autocannon with
// 32 connections, rounds interleaved, medians. Both servers are processes of their own with the
// same pool size, on one embedded PostgreSQL with 1,000 users; the app runs compiled, as in
// production. Writes docs/bench.md's http section.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { runMigrations } from '../src/snapshot/apply.ts';
import { freePort } from '../test/helpers.ts';
import { startPostgres } from './postgres.ts';
import { measuredOn, median, target, writeSection } from './report.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE = path.join(ROOT, 'sample-app');
const TSX = path.join(SAMPLE, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const TSC = path.join(SAMPLE, 'node_modules', 'typescript', 'bin', 'tsc');
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const POOL = 5;
const USERS = 1_000;
const HASH = `scrypt$10$8$1$${'A'.repeat(22)}$${'B'.repeat(43)}`;

/** Starts a server process and waits until it answers. */
async function serve(args: string[], cwd: string, env: Record<string, string>, probe: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, TSX_TSCONFIG_PATH: undefined, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(probe)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`${args.join(' ')} did not answer ${probe}`);
}

/** What each measured route sends: by-id reads cycle through the users; creates insert tags with fresh names. */
const ROUTES = {
  byId: { name: '`GET /users/:id`', goal: 0.75, request: (n: number) => ({ path: `/users/${1 + (n % USERS)}` }) },
  list: { name: '`GET /users?limit=100`', goal: 0.9, request: () => ({ path: '/users?limit=100' }) },
  create: {
    name: '`POST /tags`',
    goal: 0.6,
    request: (n: number) => ({
      path: '/tags',
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `tag-${n}`, createdById: 1 + (n % USERS) }),
    }),
  },
};
type Route = keyof typeof ROUTES;

/** A counter shared by every run, so that no two creates send the same (unique) tag name. */
let sent = 0;

/** Requests per second of one autocannon run over a route. */
async function rate(base: string, route: Route, seconds: number): Promise<number> {
  const result = await autocannon({
    url: base,
    connections: 32,
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, ...ROUTES[route].request(sent++) }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${base} ${route}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

async function main(): Promise<void> {
  const server = await startPostgres('strata-http-');
  const children: ChildProcess[] = [];
  try {
    await runMigrations(SAMPLE, server.url, 'up');
    const db = new pg.Client({ connectionString: server.url });
    await db.connect();
    await db.query(
      `INSERT INTO users (email, username, hashed_password) SELECT 'user' || g || '@example.com', 'user' || g, $1 FROM generate_series(1, ${USERS}) g`,
      [HASH],
    );
    await db.end();
    const [appPort, ceilingPort] = [await freePort(), await freePort()];
    const app = `http://127.0.0.1:${appPort}`;
    const ceiling = `http://127.0.0.1:${ceilingPort}`;
    const env = { DATABASE_URL: server.url, DB_POOL_SIZE: String(POOL), LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
    // The app as it runs in production: compiled (`npm run build`), then `node dist/server.js`.
    execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: SAMPLE, stdio: 'inherit' });
    children.push(await serve(['dist/server.js'], SAMPLE, { ...env, PORT: String(appPort) }, `${app}/health`));
    children.push(await serve([TSX, 'bench/ceiling-server.ts'], ROOT, { ...env, PORT: String(ceilingPort) }, `${ceiling}/users/1`));
    const rows: string[] = [];
    for (const route of Object.keys(ROUTES) as Route[]) {
      // Warm both (JIT, pools), then interleave.
      await rate(app, route, 2);
      await rate(ceiling, route, 2);
      const ours: number[] = [];
      const top: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        ours.push(await rate(app, route, SECONDS));
        top.push(await rate(ceiling, route, SECONDS));
      }
      const ratios = ours.map((x, i) => x / (top[i] ?? Number.NaN));
      const line = `| ${ROUTES[route].name} | ${median(ours).toFixed(0)} req/s | ${median(top).toFixed(0)} req/s | ${median(ratios).toFixed(2)}× (${ratios.map((r) => r.toFixed(2)).join(', ')}) | ${target(`≥ ${ROUTES[route].goal}×`, median(ratios) >= ROUTES[route].goal)} |`;
      rows.push(line);
      console.log(line);
    }
    writeSection(
      'http',
      [
        `${measuredOn('npm run bench:http')}: autocannon, 32 connections, ${ROUNDS} interleaved rounds of ${SECONDS} s, medians; pool ${POOL}, ${USERS.toLocaleString('en')} users, LOG_LEVEL=warn; the app compiled (\`npm run build\`, \`node dist/server.js\`).`,
        '',
        '| request | generated app | Fastify + pg ceiling | ratio (per round) | target |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await server.stop();
  }
}

await main();

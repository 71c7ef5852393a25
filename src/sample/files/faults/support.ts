/**
 * Shared pieces of the fault drills: bounded waits, a real app process, a
 * PostgreSQL of a drill's own that can be killed and restarted, and CSV rows
 * for imports. Nothing here mocks the database, the driver or the ORM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type pg from 'pg';
import { buildApp, type App } from '../../src/app.ts';
import { migrateUp } from '../../src/db/migrator.ts';
import { IMPORT_COLUMNS } from '../../src/db/queries/user-copy.ts';
import { freePort } from '../global-setup.ts';
import { createTestDatabase, testSettings } from '../helpers.ts';

/** The scratch copy of the app (holds src/ and node_modules/). */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the condition holds; false (never a throw) when `ms` ran out, so callers can report figures. */
export async function waitFor(condition: () => boolean | Promise<boolean>, ms: number, every = 50): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (
      await Promise.resolve()
        .then(condition)
        .catch(() => false)
    )
      return true;
    if (Date.now() >= end) return false;
    await sleep(every);
  }
}

export type Bounded<T> = { done: true; value: T; ms: number } | { done: false; ms: number };

/** Awaits a promise for at most `ms`: how long it took, or that it did not settle. Rejections pass through. */
export async function bounded<T>(promise: Promise<T>, ms: number): Promise<Bounded<T>> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    const winner = await Promise.race([promise.then((value) => ({ value })), timeout]);
    return winner === 'timeout'
      ? { done: false, ms: Date.now() - started }
      : { done: true, value: winner.value, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** What a request over a real socket came to. */
export interface Outcome {
  status?: number;
  body?: unknown;
  /** 'hang' when no answer came within the bound; otherwise the transport error's code. */
  error?: string;
  start: number;
  end: number;
}

function errorCode(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'hang';
  return e.cause?.code ?? e.code ?? e.cause?.message ?? e.name ?? 'error';
}

/** One request over a real keep-alive socket (node's fetch), bounded by `timeoutMs`; never throws. */
export async function call(
  base: string,
  method: string,
  url: string,
  timeoutMs: number,
  body?: { type: string; data: string },
): Promise<Outcome> {
  const start = Date.now();
  try {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: body ? { 'content-type': body.type } : undefined,
      body: body?.data,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (an export): the text is the body.
    }
    return { status: res.status, body: parsed, start, end: Date.now() };
  } catch (error) {
    return { error: errorCode(error), start, end: Date.now() };
  }
}

/** True when a body has the app's error shape {statusCode, code, error, message}. */
export function isErrorShape(body: unknown, status: number): boolean {
  const b = body as Record<string, unknown> | null;
  return (
    typeof b === 'object' &&
    b !== null &&
    b.statusCode === status &&
    typeof b.code === 'string' &&
    typeof b.error === 'string' &&
    typeof b.message === 'string'
  );
}

/** The 503 codes the app will use when the database cannot serve a request. */
export const DB_503_CODES = ['DB_UNAVAILABLE', 'DB_TIMEOUT'];

/** A 503 with the JSON error shape and one of the given codes. */
export function isShaped503(outcome: { status?: number; body?: unknown }, codes = DB_503_CODES): boolean {
  return (
    outcome.status === 503 &&
    isErrorShape(outcome.body, 503) &&
    codes.includes(String((outcome.body as { code: unknown }).code))
  );
}

/** A short unique tag for emails and usernames (lower case, no separators). */
export function tag(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

/** Values for each import column; the drills follow IMPORT_COLUMNS so they keep up with the copy module. */
const COLUMN_VALUES: Record<string, (prefix: string, i: number) => string> = {
  email: (p, i) => `${p}.${i}@drill.test`,
  username: (p, i) => `${p}_${i}`.slice(-50),
  hashed_password: () => 'scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
  is_active: () => 'true',
};

/** A CSV body for POST /users/import: the header line and n rows whose emails start with `${prefix}.`. */
export function csvRows(prefix: string, n: number, from = 0): { header: string; rows: string[] } {
  const names = IMPORT_COLUMNS.map((c) => c.name);
  const missing = names.filter((c) => !(c in COLUMN_VALUES));
  if (missing.length > 0) throw new Error(`the drills do not know how to fill import columns ${missing.join(', ')}`);
  const rows: string[] = [];
  for (let i = from; i < from + n; i++) rows.push(names.map((c) => COLUMN_VALUES[c]!(prefix, i)).join(','));
  return { header: names.join(','), rows };
}

export function csvBody(prefix: string, n: number): string {
  const { header, rows } = csvRows(prefix, n);
  return `${[header, ...rows].join('\n')}\n`;
}

/** Users whose email starts with `${prefix}.`, counted on a connection of the caller's. */
export async function countPrefixed(client: pg.ClientBase | pg.Pool, prefix: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE email LIKE $1`, [
    `${prefix}.%`,
  ]);
  return rows[0]!.n;
}

/** An in-process app on a migrated database of this worker's own (shared PostgreSQL), with extra env settings. */
export async function inProcessApp(suffix: string, env: Record<string, string>): Promise<{ app: App; url: string }> {
  const url = await createTestDatabase(suffix);
  await migrateUp(url);
  const app = await buildApp({ settings: testSettings(url, { LOG_LEVEL: 'warn', ...env }), logger: false });
  await app.ready();
  return { app, url };
}

/** The ORM pool's counters (sequelize-pool); the typings of ConnectionManager leave `pool` out. */
export interface OrmPoolStats {
  size: number;
  available: number;
  using: number;
  waiting: number;
}

export function ormPool(app: App): OrmPoolStats {
  const pool = (app.db.sequelize.connectionManager as unknown as { pool: OrmPoolStats }).pool;
  return { size: pool.size, available: pool.available, using: pool.using, waiting: pool.waiting };
}

export function rawPool(app: App): { total: number; idle: number; waiting: number } {
  const pool = app.db.database.pool;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

/** The app as a real child process: `tsx src/server.ts`, in a process group of its own. */
export interface AppProcess {
  child: ChildProcess;
  base: string;
  alive: () => boolean;
  /** Resolves with how the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** The last lines the app wrote (stdout and stderr). */
  output: () => string;
  /** Distinct `type: message` of the errors the app logged (pino level >= 50), with counts. */
  loggedErrors: () => Map<string, number>;
  /** SIGKILLs the whole group (tsx runs the app in a child of its own) and waits, bounded. */
  kill: () => Promise<void>;
}

export async function startAppProcess(env: Record<string, string>, readyMs = 45_000): Promise<AppProcess> {
  const port = await freePort();
  // detached: a process group of its own, so a cleanup kill reaches tsx's child too.
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/server.ts'], {
    cwd: ROOT,
    env: { SECRET_HASH_COST: '10', ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const loggedErrors = new Map<string, number>();
  // pino writes one JSON object per line; the errors are kept by kind, not one by one.
  const tally = (line: string) => {
    let entry: { level?: number; msg?: string; err?: { type?: string; message?: string } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      return;
    }
    if ((entry.level ?? 0) < 50) return;
    const key = `${entry.msg ?? ''}: ${entry.err?.type ?? ''}: ${entry.err?.message ?? ''}`.slice(0, 240);
    loggedErrors.set(key, (loggedErrors.get(key) ?? 0) + 1);
  };
  // One keeper per stream, so that a line split across chunks is joined again.
  const keeper = () => {
    let partial = '';
    return (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-20_000);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) tally(line);
    };
  };
  child.stdout?.on('data', keeper());
  child.stderr?.on('data', keeper());
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  const kill = async () => {
    const pid = child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
    await bounded(exited, 5_000);
  };
  const base = `http://127.0.0.1:${port}`;
  const ready = await waitFor(
    async () => alive() && (await call(base, 'GET', '/health', 2_000)).status === 200,
    readyMs,
    200,
  );
  if (!ready) {
    await kill();
    throw new Error(`the app did not answer GET /health within ${readyMs} ms:\n${output}`);
  }
  return { child, base, alive, exited, output: () => output, loggedErrors: () => loggedErrors, kill };
}

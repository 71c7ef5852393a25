import type { FieldType } from '../src/field-types.ts';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { stripVTControlCharacters } from 'node:util';
import path from 'node:path';
import { main } from '../src/cli.ts';

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(prefix = 'strata-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the CLI in-process; returns the exit code, stdout lines and stderr text. */
export async function strata(argv: string[], cwd: string): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  let err = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(argv, { out: (line) => out.push(line), cwd });
    return { code, out, err };
  } finally {
    process.stderr.write = write;
  }
}

/** The action of each file in a run's log (`      create  src/x.ts`), by path. */
export function logActions(out: string[]): Map<string, string> {
  return new Map(
    out.flatMap((line) => {
      const m = /^\s*(\w+) {2}(\S+)$/.exec(line);
      return m ? [[m[2]!, m[1]!] as const] : [];
    }),
  );
}

/**
 * A strata runner whose clock (STRATA_NOW) moves one second each call from `start`, so every
 * migration gets a new, stable name; `env` is set for that call only.
 */
export function clockedStrata(start: string, cwd: () => string) {
  let clock = Date.parse(start);
  return async (argv: string[], env: Record<string, string> = {}) => {
    clock += 1000;
    const saved = { ...process.env };
    Object.assign(process.env, { STRATA_NOW: new Date(clock).toISOString(), ...env });
    try {
      return await strata(argv, cwd());
    } finally {
      process.env = saved;
    }
  };
}

/** The SQL a generated project's migrations run (up), as its own `scripts/migrate.ts sql` writes it out (no database). */
export function migrationScript(projectRoot: string): string {
  const tsx = path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const run = spawnSync(process.execPath, [tsx, 'scripts/migrate.ts', 'sql', 'up'], { cwd: projectRoot, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`scripts/migrate.ts sql failed: ${run.stderr}`);
  return run.stdout;
}

/** squawk's version: the one the issue's figures were taken with. */
const SQUAWK_VERSION = '2.66.0';

/**
 * The squawk binary, installed on first use into node_modules/.cache (npm squawk-cli picks its
 * platform's binary from optional packages, and a lockfile made on one platform cannot list the others').
 */
function squawkBin(): string {
  const dir = path.resolve(import.meta.dirname, '..', 'node_modules', '.cache', `squawk-${SQUAWK_VERSION}`);
  const bin = path.join(dir, 'node_modules', '.bin', 'squawk');
  if (!existsSync(bin)) {
    const npm = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', dir, `squawk-cli@${SQUAWK_VERSION}`], { encoding: 'utf8' });
    if (npm.status !== 0 || !existsSync(bin)) throw new Error(`could not install squawk-cli@${SQUAWK_VERSION}: ${npm.stderr}`);
  }
  return bin;
}

/** The rules squawk is run without: the seeds want varchar length limits, and every migration runs in a transaction or is resumable. */
export const SQUAWK_EXCLUDED = ['prefer-text-field', 'prefer-robust-stmts'];

/**
 * Runs squawk (npm squawk-cli, PostgreSQL 15) on SQL; returns the issues it reports (rule and message, one per line).
 * A script of several migrations (`-- <name>` before each, as db:sql writes it) is judged one file per migration,
 * so each must set its own timeouts.
 */
export function squawk(sql: string): { issues: string[]; output: string; files: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'squawk-'));
  try {
    const parts = sql.split(/^-- (?=[0-9]{14}_[a-z0-9_]+\n)/m).filter((p) => p.trim());
    const files = parts.map((part, i) => {
      const file = `${String(i).padStart(3, '0')}.sql`;
      writeFileSync(path.join(dir, file), part.replace(/^[0-9]{14}_[a-z0-9_]+\n/, ''));
      return file;
    });
    const bin = squawkBin();
    const run = spawnSync(bin, ['--pg-version', '15', '--exclude', SQUAWK_EXCLUDED.join(','), ...files], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const output = stripVTControlCharacters(`${run.stdout}${run.stderr}`);
    if (run.status !== 0 && !/Found \d+ issue/.test(output)) throw new Error(`squawk did not run: ${output}`);
    return { issues: output.split('\n').filter((l) => /^(warning|error)\[/.test(l)), output, files: files.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A hash of every file (path and bytes) under a folder, node_modules aside. */
export function hashTree(root: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() || e.isDirectory())
    .map((e) => ({ rel: path.relative(root, path.join(e.parentPath, e.name)), file: e.isFile() }))
    .filter(({ rel }) => !rel.split(path.sep).includes('node_modules'))
    .sort((a, b) => a.rel.localeCompare(b.rel));
  for (const { rel, file } of files) {
    hash.update(`${rel}\0`);
    if (file) hash.update(readFileSync(path.join(root, rel)));
  }
  return hash.digest('hex');
}

/** A model with every type, SQL reserved words as columns, soft delete and a composite index. */
export const ORDER = [
  'generate',
  'model',
  'Order',
  'user:string{60}:unique',
  'order:integer:index',
  'total:decimal{12,2}=0',
  'ref:uuid=random',
  'placedOn:date:optional',
  'shippedAt:datetime:optional',
  'meta:json:optional',
  'status:enum{new,paid,shipped}=new',
  'weight:float:optional',
  'big:bigint:optional',
  'note:text:hidden:optional',
  '--index',
  'status,order',
  '--soft-delete',
];

/** The Product of the issue's walkthrough. */
export const PRODUCT = [
  'generate',
  'model',
  'Product',
  'name:string{120}:unique',
  'price:decimal{10,2}',
  'stock:integer=0',
  'isActive:boolean=true:index',
  'description:text:optional',
  '--index',
  'name,isActive',
];

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Fields of every type, with its modifiers and arguments, as a user writes them. */
export const EVERY_TYPE: Record<FieldType, string[]> = {
  string: ['title:string{40}:index', 'nick:string:optional:unique', 'contactEmail:string:unique'],
  text: ['body:text', 'note:text:optional=hello'],
  integer: ['rank:integer=0:index', 'score:integer:optional'],
  bigint: ['views:bigint=0', 'hits:bigint:unique:optional'],
  float: ['ratio:float:optional', 'weight:float=1.5'],
  decimal: ['price:decimal{12,3}=0', 'tax:decimal:optional'],
  boolean: ['active:boolean=true:index'],
  date: ['startsOn:date:optional', 'endsOn:date=2024-02-29'],
  datetime: ['seenAt:datetime=now', 'closedAt:datetime:optional'],
  uuid: ['ref:uuid=random:unique'],
  json: ['meta:json:optional', 'settings:json={"a":1}'],
  enum: ['state:enum{new,done}=new'],
  references: ['owner:references{Owner}:cascade', 'editor:references{Owner}:set-null:optional'],
  password: ['password:password', 'pin:password{12}:optional'],
};

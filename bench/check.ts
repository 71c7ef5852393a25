// Times of `strata check`, each a fresh process, median of 3, all in one run:
// - the sample app;
// - a generated project of 200 models (each with a reference to the one before): cold (no cache),
//   warm (nothing changed: the cache answers), and --changed after a one-file change;
// - a synthetic 1,500-file Express/Fastify + Sequelize + pg backend (bench/synthetic-backend.ts):
//   cold with its peak RSS, and --changed after a one-file change.
// The CLI runs compiled (npm run build) when dist/ is up to date, as an installed strata does.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli.ts';
import { writeSyntheticBackend } from './synthetic-backend.ts';
import { measuredOn, median, target, writeSection } from './report.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'strata.js');
const RSS = path.join(ROOT, 'bench', 'rss-preload.mjs');
const MODELS = Number(process.env.MODELS ?? 200);
const FILES = Number(process.env.FILES ?? 1500);

/** One `strata check` run: wall time (ms) and peak RSS (MB). */
function run(cwd: string, args: string[] = []): { ms: number; rssMb: number } {
  const start = process.hrtime.bigint();
  const r = spawnSync('node', ['--import', RSS, BIN, 'check', ...args], { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`check failed in ${cwd}: ${r.stdout}${r.stderr}`);
  const rss = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  return { ms, rssMb: rss };
}

const fmt = (runs: number[]) => `${median(runs).toFixed(0)} ms (${runs.map((x) => x.toFixed(0)).join(', ')})`;
const quiet = { out: () => {}, cwd: '' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=b@b', '-c', 'user.name=bench', ...args], { cwd, stdio: 'pipe' });

/** Three runs of a measure; `before` runs before each (outside the timing). */
function three(cwd: string, args: string[] = [], before: (i: number) => void = () => {}) {
  const runs = [0, 1, 2].map((i) => {
    before(i);
    return run(cwd, args);
  });
  return { ms: runs.map((r) => r.ms), rss: Math.max(...runs.map((r) => r.rssMb)) };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-bench-check-'));
chmodSync(dir, 0o755);
try {
  // The generated project.
  await main(['new', 'big', '--no-install'], { ...quiet, cwd: dir });
  const big = path.join(dir, 'big');
  symlinkSync(path.join(ROOT, 'sample-app', 'node_modules'), path.join(big, 'node_modules'));
  process.env.STRATA_NOW = '2026-01-01T00:00:00Z';
  for (let i = 0; i < MODELS; i++) {
    const fields = ['name:string{80}:index', 'body:text', 'active:boolean=true', ...(i > 0 ? [`parent:references{Entity${i - 1}}:cascade`] : [])];
    const code = await main(['g', 'model', `Entity${i}`, ...fields], { ...quiet, cwd: big });
    if (code !== 0) throw new Error(`generate Entity${i} failed`);
  }
  git(big, 'init', '-q');
  git(big, 'add', '-A');
  git(big, 'commit', '-qm', 'base');
  const touch = (file: string) => (i: number) => appendFileSync(file, `// edit ${Date.now()} ${i}\n`);

  // The synthetic backend.
  const syn = path.join(dir, 'synthetic');
  const files = writeSyntheticBackend(syn, FILES);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(syn, 'node_modules'));
  git(syn, 'init', '-q');
  git(syn, 'add', '-A');
  git(syn, 'commit', '-qm', 'base');

  const sample = three(path.join(ROOT, 'sample-app'), ['--no-cache']);
  const cold = three(big, ['--no-cache']);
  run(big); // fills the cache
  const warm = three(big);
  const service = path.join(big, 'src', 'services', 'entity5-service.ts');
  const bigChanged = three(big, ['--changed', 'HEAD'], touch(service));
  const synCold = three(syn, ['--no-cache']);
  const synChanged = three(syn, ['--changed', 'HEAD'], touch(path.join(syn, 'src', 'services', 'item-33-service.ts')));

  const table = [
    `${measuredOn('npm run bench')} (bench/check.ts): each a fresh process of the compiled CLI, median of 3 (the runs in brackets).`,
    '',
    '| measure | median (runs) | target |',
    '| --- | --- | --- |',
    `| \`strata check\` on the sample app, no cache | ${fmt(sample.ms)} | |`,
    `| ${MODELS} models, cold (\`--no-cache\`) | ${fmt(cold.ms)} | ${target('≤ 2 s', median(cold.ms) <= 2000)} |`,
    `| ${MODELS} models, warm (nothing changed: the cache answers) | ${fmt(warm.ms)} | ${target('≤ 2 s', median(warm.ms) <= 2000)} |`,
    `| ${MODELS} models, \`--changed HEAD\` after a one-file change | ${fmt(bigChanged.ms)} | |`,
    `| synthetic backend (${files} files), cold; peak RSS ${synCold.rss.toFixed(0)} MB | ${fmt(synCold.ms)} | ${target('≤ 10 s, ≤ 1 GB', median(synCold.ms) <= 10_000 && synCold.rss <= 1024)} |`,
    `| synthetic backend, \`--changed HEAD\` after a one-file change | ${fmt(synChanged.ms)} | ${target('≤ 2 s', median(synChanged.ms) <= 2000)} |`,
  ].join('\n');
  console.log(table);
  writeSection('check', table);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

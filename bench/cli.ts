// The CLI against plop, side by side in one run: each measure a cold process, the runs
// interleaved (strata new --no-install, plop writing 5 templated files, strata generate model
// for the walkthrough's Product, strata --version), medians, with each process's peak RSS.
// Runs the compiled CLI (`npm run build`). Writes docs/bench.md's cli section.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRODUCT } from '../test/helpers.ts';
import { measuredOn, median, target, writeSection } from './report.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'strata.js');
const PLOP = path.join(ROOT, 'node_modules', 'plop', 'bin', 'plop.js');
const PLOPFILE = path.join(ROOT, 'bench', 'plop', 'plopfile.js');
const RSS = path.join(ROOT, 'bench', 'rss-preload.mjs');
const RUNS = Number(process.env.RUNS ?? 5);

interface Run {
  ms: number;
  rssMiB: number;
}

/**
 * One cold process: its wall time and, unless `rss` is false, its peak RSS (bench/rss-preload.mjs
 * reports it at exit; preloading it costs a few milliseconds, which matter for --version).
 */
function timed(args: string[], cwd: string, rss = true): Run {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...(rss ? ['--import', RSS] : []), ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  const kb = Number(/maxrss=(\d+)/.exec(result.stderr)?.[1] ?? Number.NaN);
  return { ms, rssMiB: kb / 1024 };
}

const runs: Record<'new' | 'plop' | 'model' | 'version' | 'node', Run[]> = { new: [], plop: [], model: [], version: [], node: [] };
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-bench-'));
  chmodSync(dir, 0o755);
  try {
    runs.new.push(timed([BIN, 'new', 'shop', '--no-install'], dir));
    const dest = path.join(dir, 'plop');
    mkdirSync(dest);
    runs.plop.push(timed([PLOP, '--plopfile', PLOPFILE, '--dest', dest, 'model', 'Product'], dir));
    runs.model.push(timed([BIN, ...PRODUCT], path.join(dir, 'shop')));
    runs.version.push(timed([BIN, '--version'], dir, false));
    runs.node.push(timed(['-e', '0'], dir, false));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (xs: Run[]) => median(xs.map((r) => r.ms));
const rss = (xs: Run[]) => median(xs.map((r) => r.rssMiB));
const each = (xs: Run[]) => xs.map((r) => r.ms.toFixed(0)).join(', ');
const plop = ms(runs.plop);
const row = (name: string, xs: Run[], goal: string) =>
  `| ${name} | ${ms(xs).toFixed(0)} ms (${each(xs)}) | ${(ms(xs) / plop).toFixed(2)}× | ${Number.isNaN(rss(xs)) ? 'not measured' : `${rss(xs).toFixed(0)} MiB`} | ${goal} |`;
const table = [
  `${measuredOn('npm run bench')} (bench/cli.ts): each a cold process of the compiled CLI, ${RUNS} interleaved runs, medians. plop 4 runs bench/plop/plopfile.js, one generator writing 5 templated files.`,
  '',
  '| measure | median (runs) | against plop | peak RSS | target |',
  '| --- | --- | --- | --- | --- |',
  `| plop, 5 templated files | ${plop.toFixed(0)} ms (${each(runs.plop)}) | 1× | ${rss(runs.plop).toFixed(0)} MiB | |`,
  row(
    '`strata generate model Product ...` (the walkthrough)',
    runs.model,
    `${target('≤ 1.5× plop', ms(runs.model) / plop <= 1.5)}; ${target('≤ 150 MiB', rss(runs.model) <= 150)}`,
  ),
  row('`strata new shop --no-install`', runs.new, ''),
  row('`strata --version` (no RSS preload)', runs.version, target('≤ 100 ms', ms(runs.version) <= 100)),
  row('`node -e 0`: Node alone, started the same way, for scale', runs.node, ''),
].join('\n');
console.log(table);
writeSection('cli', table);

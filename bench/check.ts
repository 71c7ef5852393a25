// Time of `strata check` on the sample app and on a generated project of 200 models
// (each with a reference to the one before), measured in one run, median of 3.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'strata.js');
const MODELS = Number(process.env.MODELS ?? 200);

function timeCheck(cwd: string): number {
  const start = process.hrtime.bigint();
  const r = spawnSync('node', [BIN, 'check'], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`check failed in ${cwd}: ${r.stdout}${r.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const quiet = { out: () => {}, cwd: '' };

const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-bench-check-'));
chmodSync(dir, 0o755);
try {
  await main(['new', 'big', '--no-install'], { ...quiet, cwd: dir });
  const big = path.join(dir, 'big');
  process.env.STRATA_NOW = '2026-01-01T00:00:00Z';
  const genStart = Date.now();
  for (let i = 0; i < MODELS; i++) {
    const fields = ['name:string{80}:index', 'body:text', 'active:boolean=true', ...(i > 0 ? [`parent:references{Entity${i - 1}}:cascade`] : [])];
    const code = await main(['g', 'model', `Entity${i}`, ...fields], { ...quiet, cwd: big });
    if (code !== 0) throw new Error(`generate Entity${i} failed`);
  }
  const genMs = Date.now() - genStart;
  const sample = [0, 1, 2].map(() => timeCheck(path.join(ROOT, 'sample-app')));
  const large = [0, 1, 2].map(() => timeCheck(big));
  const files = spawnSync('sh', ['-c', `find ${big}/src -name '*.ts' | wc -l`], { encoding: 'utf8' }).stdout.trim();
  console.log(`strata check, sample app (5 models)            median ${median(sample).toFixed(0)} ms (runs: ${sample.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(
    `strata check, ${MODELS} models (${files} source files)  median ${median(large).toFixed(0)} ms (runs: ${large.map((x) => x.toFixed(0)).join(', ')})`,
  );
  console.log(`(generating the ${MODELS}-model project in-process took ${genMs} ms)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

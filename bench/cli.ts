// Wall time of the CLI, each run a cold process in a fresh folder: `strata new --no-install`
// and `strata generate model` for the walkthrough's Product. Prints the median of 5.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRODUCT } from '../test/helpers.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'strata.js');
const RUNS = Number(process.env.RUNS ?? 5);

function timed(args: string[], cwd: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync('node', [BIN, ...args], { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`strata ${args.join(' ')} failed: ${result.stderr}`);
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const newTimes: number[] = [];
const modelTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-bench-'));
  chmodSync(dir, 0o755);
  try {
    newTimes.push(timed(['new', 'shop', '--no-install'], dir));
    modelTimes.push(timed(PRODUCT, path.join(dir, 'shop')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
console.log(`strata new --no-install      ${fmt(newTimes)}`);
console.log(`strata generate model Product ${fmt(modelTimes)}`);

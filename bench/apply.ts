// `strata apply` of one spec with 100 entities of 8 fields (each but the first references the
// one before), in one process, against node-plop writing 500 templated files in one process
// (bench/plop/many.mjs: its 5-file generator run 100 times). Cold processes, interleaved, medians.
// Runs the compiled CLI (`npm run build`). Writes docs/bench.md's apply section.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { measuredOn, median, target, writeSection } from './report.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'strata.js');
const MANY = path.join(ROOT, 'bench', 'plop', 'many.mjs');
const RUNS = Number(process.env.RUNS ?? 3);
const ENTITIES = Number(process.env.ENTITIES ?? 100);

/** The spec: 8 fields per entity, of most types, with an index, a unique key and a reference. */
function spec(): object {
  const entities: Record<string, { fields: Record<string, string> }> = {};
  for (let i = 0; i < ENTITIES; i++) {
    entities[`Item${i}`] = {
      fields: {
        name: 'string{120}',
        code: 'string{40}:unique',
        price: 'decimal{10,2}',
        stock: 'integer=0',
        active: 'boolean=true:index',
        notes: 'text:optional',
        startsOn: 'date',
        ...(i === 0 ? { externalId: 'uuid:optional' } : { parent: `references{Item${i - 1}}:cascade` }),
      },
    };
  }
  return { entities };
}

function timed(args: string[], cwd: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const count = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
const runs = { apply: [] as number[], plop: [] as number[] };
let files = { apply: 0, plop: 0 };
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-bench-apply-'));
  chmodSync(dir, 0o755);
  try {
    writeFileSync(path.join(dir, 'app.yaml'), stringify(spec()));
    timed([BIN, 'new', 'shop', '--no-install'], dir);
    const before = count(path.join(dir, 'shop'));
    runs.apply.push(timed([BIN, 'apply', path.join(dir, 'app.yaml')], path.join(dir, 'shop')));
    const dest = path.join(dir, 'plop');
    mkdirSync(dest);
    runs.plop.push(timed([MANY, dest, String(ENTITIES)], dir));
    files = { apply: count(path.join(dir, 'shop')) - before, plop: count(dest) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (xs: number[]) => median(xs);
const each = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
const table = [
  `${measuredOn('npm run bench')} (bench/apply.ts): each a cold process of the compiled CLI, ${RUNS} interleaved runs, medians.`,
  '',
  '| measure | median (runs) | files written | target |',
  '| --- | --- | --- | --- |',
  `| \`strata apply\`: ${ENTITIES} entities × 8 fields, one spec | ${ms(runs.apply).toFixed(0)} ms (${each(runs.apply)}) | ${files.apply} (with baselines, migrations, snapshot) | ${target('≤ 1,500 ms', ms(runs.apply) <= 1500)} |`,
  `| node-plop, its 5-file generator run ${ENTITIES} times in one process | ${ms(runs.plop).toFixed(0)} ms (${each(runs.plop)}) | ${files.plop} | for scale: ${(ms(runs.apply) / ms(runs.plop)).toFixed(2)}× |`,
].join('\n');
console.log(table);
writeSection('apply', table);

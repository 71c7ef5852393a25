// docs/bench.md (and docs/migrations.md) are written by the benchmarks themselves: each one replaces its own section,
// between `<!-- bench:<name> -->` and `<!-- /bench:<name> -->`, and says when and where it ran.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs');

/** The date and the machine, for the first line of a section. */
export function measuredOn(command: string): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, \`${command}\``;
}

/** Replaces one section of a page in docs/ (bench.md unless told); a section without its markers is an error, not a silent append. */
export function writeSection(name: string, markdown: string, page = 'bench.md'): void {
  const DOC = path.join(DOCS, page);
  const doc = readFileSync(DOC, 'utf8');
  const [start, end] = [`<!-- bench:${name} -->`, `<!-- /bench:${name} -->`];
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${DOC} has no ${start} ... ${end} section`);
  writeFileSync(DOC, `${doc.slice(0, from + start.length)}\n${markdown}\n${doc.slice(to)}`);
  console.log(`written to docs/${page} (${name})`);
}

/** The median of some numbers. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** A target and whether the figure meets it, for a table's last column. */
export const target = (text: string, met: boolean): string => (met ? `${text}: met` : `${text}: **not met**`);

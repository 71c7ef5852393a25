import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { fail, q } from '../errors.ts';

/** The sample app's recipe: a fixed clock and the strata commands to run. */
export interface SampleSpec {
  now: string;
  commands: string[][];
  /** Files a user wrote by hand, copied in after the commands (from is relative to this folder) */
  files: Array<{ from: string; to: string }>;
}

/** The committed recipe. */
export const SPEC_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sample-app.yaml');

/** Reads and strictly validates a recipe; an error names the bad value. */
export function readSpec(file: string = SPEC_FILE): SampleSpec {
  const data: unknown = parse(readFileSync(file, 'utf8'));
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('STRATA_USAGE', `${file}: expected a mapping with now and commands`);
  const extra = Object.keys(data).filter((k) => k !== 'now' && k !== 'commands' && k !== 'files');
  if (extra.length) fail('STRATA_USAGE', `${file}: unknown key ${q(extra[0] ?? '')}; only now, commands and files are allowed`);
  const { now, commands, files = [] } = data as Record<string, unknown>;
  if (typeof now !== 'string' || Number.isNaN(Date.parse(now))) fail('STRATA_USAGE', `${file}: now must be an ISO time, got ${q(String(now))}`);
  if (!Array.isArray(commands) || !commands.every((c) => Array.isArray(c) && c.every((a) => typeof a === 'string'))) {
    fail('STRATA_USAGE', `${file}: commands must be a list of lists of strings`);
  }
  const first = commands[0] as string[] | undefined;
  if (first?.[0] !== 'new') fail('STRATA_USAGE', `${file}: the first command must be new <name>`);
  const okPath = (p: unknown) => typeof p === 'string' && p !== '' && !p.includes('..') && !path.isAbsolute(p);
  if (
    !Array.isArray(files) ||
    !files.every((f) => typeof f === 'object' && f !== null && okPath((f as { from?: unknown }).from) && okPath((f as { to?: unknown }).to))
  ) {
    fail('STRATA_USAGE', `${file}: files must be a list of { from, to } relative paths without ..`);
  }
  return { now, commands: commands as string[][], files: files as SampleSpec['files'] };
}

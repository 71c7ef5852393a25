import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { fail, q } from '../errors.ts';

/** The sample app's recipe: a fixed clock, the project's name, its app spec and hand-written files. */
export interface SampleSpec {
  now: string;
  name: string;
  /** The app spec `strata apply` makes the app from (relative to this folder) */
  app: string;
  /** Files a user wrote by hand, copied in after apply (from is relative to this folder) */
  files: Array<{ from: string; to: string }>;
}

/** The committed recipe. */
export const SPEC_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sample-app.yaml');

/** Reads and strictly validates a recipe; an error names the bad value. */
export function readSpec(file: string = SPEC_FILE): SampleSpec {
  const data: unknown = parse(readFileSync(file, 'utf8'));
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('STRATA_USAGE', `${file}: expected a mapping with now, name, app and files`);
  const keys = ['now', 'name', 'app', 'files'];
  const extra = Object.keys(data).filter((k) => !keys.includes(k));
  if (extra.length) fail('STRATA_USAGE', `${file}: unknown key ${q(extra[0] ?? '')}; only ${keys.join(', ')} are allowed`);
  const { now, name, app, files = [] } = data as Record<string, unknown>;
  if (typeof now !== 'string' || Number.isNaN(Date.parse(now))) fail('STRATA_USAGE', `${file}: now must be an ISO time, got ${q(String(now))}`);
  if (typeof name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(name)) fail('STRATA_USAGE', `${file}: name must be a project name, got ${q(String(name))}`);
  const okPath = (p: unknown) => typeof p === 'string' && p !== '' && !p.includes('..') && !path.isAbsolute(p);
  if (!okPath(app)) fail('STRATA_USAGE', `${file}: app must be the relative path of an app spec, got ${q(String(app))}`);
  if (
    !Array.isArray(files) ||
    !files.every((f) => typeof f === 'object' && f !== null && okPath((f as { from?: unknown }).from) && okPath((f as { to?: unknown }).to))
  ) {
    fail('STRATA_USAGE', `${file}: files must be a list of { from, to } relative paths without ..`);
  }
  return { now, name, app: app as string, files: files as SampleSpec['files'] };
}

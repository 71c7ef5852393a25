import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../cli.ts';
import { readSpec, SPEC_FILE, type SampleSpec } from './spec.ts';

/** Runs `strata new` and `strata apply` of the recipe into a fresh temp folder; returns the project folder. */
export async function generateSample(spec: SampleSpec = readSpec()): Promise<string> {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'strata-sample-'));
  const project = path.join(parent, spec.name);
  const commands: Array<[string[], string]> = [
    [['new', spec.name, '--no-install'], parent],
    [['apply', path.join(path.dirname(SPEC_FILE), spec.app)], project],
  ];
  const previous = process.env.STRATA_NOW;
  process.env.STRATA_NOW = spec.now;
  try {
    for (const [argv, cwd] of commands) {
      const code = await main(argv, { out: () => {}, cwd });
      if (code !== 0) throw new Error(`sample command failed (exit ${code}): strata ${argv.join(' ')}`);
    }
    // Hand-written files land last, as a user's edits would.
    for (const { from, to } of spec.files) cpSync(path.join(path.dirname(SPEC_FILE), from), path.join(project, to));
  } finally {
    if (previous === undefined) delete process.env.STRATA_NOW;
    else process.env.STRATA_NOW = previous;
  }
  return project;
}

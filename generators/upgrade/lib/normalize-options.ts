import { readAppSpec, type AppSpec } from '../../../src/app-spec.ts';
import { fail } from '../../../src/errors.ts';
import { assertProject } from '../../../src/project.ts';
import type { Tree } from '../../../src/tree.ts';

/** What the user gave `strata upgrade`. */
export interface UpgradeArgs {
  now?: Date;
}

/** The project's name and the app spec every step re-renders from. */
export interface UpgradeOptions {
  projectName: string;
  spec: AppSpec;
  now: Date;
}

/** Reads the project's name (package.json) and its app spec. */
export function normalizeOptions(args: UpgradeArgs, tree: Tree): UpgradeOptions {
  assertProject(tree);
  let projectName: unknown;
  try {
    projectName = (JSON.parse(tree.read('package.json') ?? '{}') as { name?: unknown }).name;
  } catch {
    projectName = undefined;
  }
  if (typeof projectName !== 'string') fail('STRATA_NOT_PROJECT', 'package.json has no "name"; strata upgrade renders the project files with it');
  return { projectName, spec: readAppSpec(tree), now: args.now ?? new Date() };
}

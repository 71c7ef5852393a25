import { readAppSpec, type AppSpec } from '../../../src/app-spec.ts';
import { fail } from '../../../src/errors.ts';
import { assertProject } from '../../../src/project.ts';
import type { Tree } from '../../../src/tree.ts';
import { projectName } from '../../model/lib/normalize-options.ts';

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
  const name = projectName(tree);
  if (name === undefined) fail('STRATA_NOT_PROJECT', 'package.json has no "name"; strata upgrade renders the project files with it');
  return { projectName: name, spec: readAppSpec(tree), now: args.now ?? new Date() };
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fail } from './errors.ts';
import type { Tree } from './tree.ts';
import { CONFIG_FILE, configObject, keysOf } from './project-config.ts';
import type { KeyType } from './types/keys.ts';

/** The registries strata edits; a folder that has all three is a strata project. */
export const REGISTRIES = {
  models: 'src/db/models/index.ts',
  services: 'src/services/index.ts',
  routes: 'src/routes/index.ts',
} as const;

/** Files that make a folder a strata project. */
export const PROJECT_MARKERS = Object.values(REGISTRIES);

/** The folder of a project's migrations. */
export const MIGRATIONS_DIR = 'src/db/migrations';

/** A migration file name: a 14-digit timestamp, a snake_case slug, .ts (groups: stamp, slug). */
export const MIGRATION_FILE = /^([0-9]{14})_([a-z0-9_]+)\.ts$/;

/** Fails with STRATA_NOT_PROJECT unless the tree is a strata project. */
export function assertProject(tree: Tree): void {
  const missing = PROJECT_MARKERS.find((marker) => !tree.exists(marker));
  if (missing) fail('STRATA_NOT_PROJECT', `${tree.root} is not a strata project (no ${missing}); run strata new <name> first, or cd into the project`);
}

/** The project root: the nearest folder at or above cwd that has strata's registries (cwd itself when none has). */
export function findProjectRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    if (PROJECT_MARKERS.every((m) => existsSync(path.join(dir, m)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}

/** The project's key type, from strata.config.json ("keys"; projects made before it keep integer keys). */
export function projectKeys(tree: Tree): KeyType {
  return keysOf(configObject(tree.read(CONFIG_FILE) ?? undefined));
}

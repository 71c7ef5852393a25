import path from 'node:path';
import { openSource, removeModuleUses, saveSource } from './ast.ts';
import { REGISTRIES } from './project.ts';
import type { Tree } from './tree.ts';

/**
 * The files a generator's template steps write (mode `create`) that exist: what `generate`
 * made, found by running it again on a scratch tree over the project, so that destroy never
 * keeps its own list of paths. `shared` files other generated code still needs are left.
 */
export async function ownedFiles(tree: Tree, render: (scratch: Tree) => Promise<unknown>, shared: ReadonlySet<string> = new Set()): Promise<string[]> {
  const scratch = tree.fork();
  await render(scratch);
  return scratch
    .changes()
    .filter((c) => c.mode === 'create' && c.content !== null && tree.exists(c.path) && !shared.has(c.path))
    .map((c) => c.path);
}

/** Unregisters every removed module from the registry in its folder, through the AST (the inverse of register*). */
export async function unregisterModules(tree: Tree, files: readonly string[]): Promise<void> {
  for (const registry of Object.values(REGISTRIES)) {
    const dir = path.posix.dirname(registry);
    const modules = files.filter((file) => path.posix.dirname(file) === dir && file !== registry);
    if (modules.length === 0) continue;
    const source = openSource(tree, registry);
    for (const file of modules) removeModuleUses(source, `./${path.posix.basename(file)}`);
    await saveSource(tree, source);
  }
}

/** Stages the removal of files; one the user changed since strata wrote it is a conflict when applied. */
export function deleteFiles(tree: Tree, files: readonly string[]): void {
  for (const file of files) tree.delete(file);
}

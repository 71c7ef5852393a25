import { openSource, removeRelationsTo, saveSource } from '../../../src/ast.ts';
import { updateAppSpec, type AppSpec } from '../../../src/app-spec.ts';
import type { Step } from '../../../src/generator.ts';
import type { Tree } from '../../../src/tree.ts';
import { writeDrop, type DropPlan } from './drop.ts';
import { deleteFiles, unregisterModules } from '../../../src/remove.ts';

/** A relation property generate added to a model, to take back out. */
export interface Unrelate {
  file: string;
  className: string;
  target: string;
  decorator: 'HasMany' | 'BelongsToMany';
}

/** What every destroy does, whatever it destroys: settled by its normalize. */
export interface DestroyOptions {
  /** Shown in messages: `model Product`, `relation Post.tags` */
  subject: string;
  /** The files generate wrote (and the user has), to delete */
  owned: string[];
  unrelate: Unrelate[];
  drop?: DropPlan;
  /** Takes the entry out of the app spec */
  forget: (spec: AppSpec) => void;
}

/** Takes the relation properties generate added to other models back out, through the AST. */
async function removeRelations(tree: Tree, o: DestroyOptions): Promise<void> {
  for (const r of o.unrelate) {
    const source = openSource(tree, r.file);
    removeRelationsTo(source, r.className, r.target, new Set([r.decorator]));
    await saveSource(tree, source);
  }
}

/** The steps of every `strata destroy`, in order. */
export const DESTROY_STEPS: ReadonlyArray<Step<DestroyOptions>> = [
  ['unregister from the registries', (tree, o) => unregisterModules(tree, o.owned)],
  ['remove relations from other models', removeRelations],
  ['delete generated files', (tree, o) => deleteFiles(tree, o.owned)],
  ['add drop-table migration', async (tree, o) => (o.drop ? writeDrop(tree, o.drop) : undefined)],
  ['remove from app spec', (tree, o) => updateAppSpec(tree, o.forget)],
];

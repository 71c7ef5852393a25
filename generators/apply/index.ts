import { StrataError } from '../../src/errors.ts';
import { runGenerator, type Generator } from '../../src/generator.ts';
import type { Tree } from '../../src/tree.ts';
import { bulkGenerator } from '../bulk/index.ts';
import { bulkUpdateGenerator } from '../bulk-update/index.ts';
import { copyGenerator } from '../copy/index.ts';
import { destroyGenerator } from '../destroy/index.ts';
import { modelGenerator } from '../model/index.ts';
import { argsFromSpec } from '../model/lib/normalize-options.ts';
import { queryGenerator } from '../query/index.ts';
import { queryArgsFromSpec } from '../query/lib/normalize-options.ts';
import { relationGenerator } from '../relation/index.ts';
import { normalizeOptions, type ApplyArgs, type ApplyOptions, type Change } from './lib/normalize-options.ts';
import { APPLY_USAGE } from './usage.ts';

/** Runs one change; a coded error names the change's path in the spec. */
async function at(o: ApplyOptions, change: Change, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof StrataError) throw new StrataError(error.code, `${o.source}: ${change.path}: ${error.message}`);
    throw error;
  }
}

/** What the spec no longer has, through `strata destroy`. */
async function destroy(tree: Tree, o: ApplyOptions, changes: Change[]): Promise<void> {
  for (const c of changes) {
    await at(o, c, () =>
      runGenerator(
        destroyGenerator,
        { kind: c.kind, target: c.target, ...(c.name ? { name: c.name } : {}), allowDestructive: o.allowDestructive, now: o.now },
        tree,
      ),
    );
  }
}

/** Entities added or changed, through `strata generate model` (merged with the user's edits). */
async function generateEntities(tree: Tree, o: ApplyOptions): Promise<void> {
  for (const c of o.entities) {
    await at(o, c, () =>
      runGenerator(modelGenerator, argsFromSpec(c.target, o.desired.entities[c.target]!, { now: o.now, allowDestructive: o.allowDestructive }), tree),
    );
  }
}

/** Raw layers, relations and queries added or changed, each through its generator. */
async function generateAdditions(tree: Tree, o: ApplyOptions): Promise<void> {
  for (const c of o.additions) {
    const model = c.target;
    await at(o, c, async () => {
      if (c.kind === 'bulk') await runGenerator(bulkGenerator, { model }, tree);
      else if (c.kind === 'copy') await runGenerator(copyGenerator, { model }, tree);
      else if (c.kind === 'bulk-update') {
        await runGenerator(bulkUpdateGenerator, { model, action: c.name!, set: o.desired.entities[model]!.bulkUpdates![c.name!]! }, tree);
      } else if (c.kind === 'relation') {
        const relation = o.desired.relations![`${c.target}.${c.name}`]!;
        await runGenerator(relationGenerator, { model, name: c.name!, manyToMany: relation.manyToMany, now: o.now }, tree);
      } else {
        await runGenerator(queryGenerator, queryArgsFromSpec(c.target, o.desired.queries![c.target]!), tree);
      }
    });
  }
}

/** `strata apply app.yaml`: the project made to match one declarative spec, through the same generators and merge. */
export const applyGenerator: Generator<ApplyArgs, ApplyOptions> = {
  name: 'apply',
  usage: APPLY_USAGE,
  normalize: normalizeOptions,
  steps: [
    ['destroy relations, queries and raw layers the spec removed', (tree, o) => destroy(tree, o, o.removals)],
    ['generate entities added or changed', generateEntities],
    ['destroy entities the spec removed', (tree, o) => destroy(tree, o, o.dropped)],
    ['generate raw layers, relations and queries', generateAdditions],
  ],
};

import { updateAppSpec } from '../../src/app-spec.ts';
import type { Generator } from '../../src/generator.ts';
import type { Tree } from '../../src/tree.ts';
import { addBelongsToMany, addJoinModel, addRelationTest } from './lib/add-relation.ts';
import { normalizeOptions, type RelationArgs, type RelationOptions } from './lib/normalize-options.ts';
import { RELATION_USAGE } from './usage.ts';

/** `strata generate relation`: a many-to-many relation between two existing models. */
export const relationGenerator: Generator<RelationArgs, RelationOptions> = {
  name: 'relation',
  usage: RELATION_USAGE,
  normalize: normalizeOptions,
  steps: [
    ['add join model', addJoinModel],
    ['add belongs-to-many to both models', addBelongsToMany],
    ['add relation test', addRelationTest],
    ['record in app spec', recordRelation],
  ],
};

/** Records the relation as `Model.relation: { manyToMany: Target }`. */
function recordRelation(tree: Tree, o: RelationOptions): void {
  updateAppSpec(tree, (spec) => {
    spec.relations = { ...spec.relations, [`${o.source.className}.${o.name}`]: { manyToMany: o.target.className } };
  });
}

import { openSource, readRelations, propertyNames } from '../../../src/ast.ts';
import { fail, q } from '../../../src/errors.ts';
import { camel, names, type Names } from '../../../src/names.ts';
import { assertIdentifier } from '../../../src/reserved.ts';
import type { Tree } from '../../../src/tree.ts';
import { modelPath, normalizeOptions as normalizeModel, type ModelOptions } from '../../model/lib/normalize-options.ts';

/** What the user gave `strata generate relation`. */
export interface RelationArgs {
  model: string;
  name: string;
  manyToMany?: string;
  now?: Date;
}

/** The normalized options every step sees. */
export interface RelationOptions {
  source: Names;
  target: Names;
  /** Property on the source (tags) */
  name: string;
  /** Property on the target (posts) */
  reverse: string;
  join: ModelOptions;
}

function reverseName(tree: Tree, source: Names, target: Names, join: Names): string {
  const src = openSource(tree, modelPath(target));
  const existing = readRelations(src, target.className).find((r) => r.decorator === 'BelongsToMany' && r.target === source.className);
  if (existing) return existing.property;
  const taken = new Set(propertyNames(src, target.className));
  return taken.has(source.pluralPropertyName) ? camel(`${join.className}${source.pluralClassName}`) : source.pluralPropertyName;
}

/** The join model of a many-to-many from `source` to `target` (PostTag): one per pair of models. */
export function joinOf(source: Names, target: Names): Names {
  return names(`${source.className}${target.className}`);
}

/** Validates both models and the relation name before any step runs. */
export function normalizeOptions(args: RelationArgs, tree: Tree): RelationOptions {
  if (!args.manyToMany) fail('STRATA_USAGE', 'say what kind of relation: --many-to-many <Model>, e.g. strata g relation Post tags --many-to-many Tag');
  assertIdentifier(args.model, 'model');
  assertIdentifier(args.manyToMany, 'model');
  assertIdentifier(args.name, 'field', args.name);
  const source = names(args.model);
  const target = names(args.manyToMany);
  const name = camel(args.name);
  for (const n of [source, target]) {
    if (!tree.exists(modelPath(n))) fail('STRATA_REFERENCE', `model ${n.className} does not exist (no ${modelPath(n)}); generate it first`);
  }
  if (source.className === target.className) fail('STRATA_REFERENCE', `a many-to-many relation of ${source.className} to itself is not supported yet`);
  const joinNames = joinOf(source, target);
  const declared = readRelations(openSource(tree, modelPath(source)), source.className);
  const same = declared.find((r) => r.property === name);
  if (same && !(same.decorator === 'BelongsToMany' && same.target === target.className)) {
    fail('STRATA_REFERENCE', `${source.className} already has a property ${q(name)}; pick another relation name`);
  }
  const join = normalizeModel(
    {
      name: joinNames.className,
      fields: [`${source.propertyName}:references{${source.className}}:cascade`, `${target.propertyName}:references{${target.className}}:cascade`],
      join: true,
      now: args.now,
    },
    tree,
  );
  return { source, target, name, reverse: reverseName(tree, source, target, joinNames), join };
}

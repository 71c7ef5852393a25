import { fieldMap } from '../../../src/app-spec.ts';
import { fail, q } from '../../../src/errors.ts';
import { camel, names } from '../../../src/names.ts';
import { assertProject } from '../../../src/project.ts';
import { assertIdentifier } from '../../../src/reserved.ts';
import type { Tree } from '../../../src/tree.ts';
import { argsFromSpec, normalizeOptions as normalizeModel, recordedEntity, type ModelOptions } from '../../model/lib/normalize-options.ts';

/** What the user gave `strata generate field`. */
export interface FieldArgs {
  model: string;
  fields: string[];
  now?: Date;
  allowDestructive?: boolean;
}

/** The model's recorded fields plus the new ones, normalized as `generate model` would. */
export function normalizeOptions(args: FieldArgs, tree: Tree): ModelOptions {
  assertProject(tree);
  assertIdentifier(args.model, 'model');
  if (args.fields.length === 0)
    fail('STRATA_USAGE', `give the fields to add to ${args.model}, e.g. strata generate field ${args.model} 'sku:string{40}:unique'`);
  const { className } = names(args.model);
  const entity = recordedEntity(tree, className, 'generate field');
  const have = new Map(Object.keys(entity.fields).map((name) => [camel(name), name]));
  for (const name of Object.keys(fieldMap(args.fields))) {
    const old = have.get(camel(name));
    if (old !== undefined)
      fail(
        'STRATA_FIELD_DUPLICATE',
        `${className} already has a field ${q(old)} (${q(`${old}:${entity.fields[old]}`)}); to change it, run strata generate model ${className} with the whole field list`,
      );
  }
  const args_ = argsFromSpec(className, entity, { now: args.now, allowDestructive: args.allowDestructive });
  return normalizeModel({ ...args_, fields: [...args_.fields, ...args.fields] }, tree);
}

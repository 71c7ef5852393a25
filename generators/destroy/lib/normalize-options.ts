import { APP_SPEC_FILE, readAppSpec, type EntitySpec } from '../../../src/app-spec.ts';
import { fail, q } from '../../../src/errors.ts';
import { runGenerator, runSteps } from '../../../src/generator.ts';
import { camel, names } from '../../../src/names.ts';
import { assertProject } from '../../../src/project.ts';
import { assertIdentifier } from '../../../src/reserved.ts';
import type { Tree } from '../../../src/tree.ts';
import { bulkGenerator } from '../../bulk/index.ts';
import { bulkUpdateGenerator } from '../../bulk-update/index.ts';
import { copyGenerator } from '../../copy/index.ts';
import { COPY_SHARED } from '../../copy/lib/normalize-options.ts';
import { modelGenerator } from '../../model/index.ts';
import { argsFromSpec, modelPath, normalizeOptions as normalizeModel, recordedEntity, SUPPORT_FILES } from '../../model/lib/normalize-options.ts';
import { queryGenerator } from '../../query/index.ts';
import { queryArgsFromSpec } from '../../query/lib/normalize-options.ts';
import { relationGenerator } from '../../relation/index.ts';
import { joinOf } from '../../relation/lib/normalize-options.ts';
import { readSnapshot } from '../../../src/snapshot/store.ts';
import { planDrop } from './drop.ts';
import { ownedFiles } from '../../../src/remove.ts';
import type { DestroyOptions } from './steps.ts';

/** What `strata destroy` can destroy. */
export const DESTROY_KINDS = ['model', 'relation', 'query', 'bulk', 'copy', 'bulk-update'] as const;

/** What the user gave `strata destroy <kind>`. */
export interface DestroyArgs {
  kind: (typeof DESTROY_KINDS)[number];
  /** The model, or the query's name */
  target: string;
  /** The relation's name, or the bulk update's action */
  name?: string;
  allowDestructive?: boolean;
  now?: Date;
}

/** Settles what a destroy removes, from what generate would write now; refuses what would break the rest. */
export async function normalizeOptions(args: DestroyArgs, tree: Tree): Promise<DestroyOptions> {
  assertProject(tree);
  switch (args.kind) {
    case 'model':
      return destroyModel(args, tree);
    case 'relation':
      return destroyRelation(args, tree);
    case 'query':
      return destroyQuery(args, tree);
    default:
      return destroyRawLayer(args, tree);
  }
}

async function destroyModel(args: DestroyArgs, tree: Tree): Promise<DestroyOptions> {
  assertIdentifier(args.target, 'model');
  const n = names(args.target);
  const spec = readAppSpec(tree);
  const modelArgs = argsFromSpec(n.className, recordedEntity(tree, n.className, 'destroy model'), { now: args.now });
  const model = normalizeModel(modelArgs, tree);
  const referrers = model.snapshot.tables.filter((t) => t.name !== n.tableName && t.foreignKeys.some((fk) => fk.table === n.tableName));
  if (referrers.length > 0) {
    // Each referrer by what removes it: a relation's join table, a model, or a table of the user's.
    const relations = Object.entries(spec.relations ?? {}).filter(([key, r]) => key.startsWith(`${n.className}.`) || r.manyToMany === n.className);
    const joins = new Map(relations.map(([key, r]) => [joinOf(names(key.split('.')[0]!), names(r.manyToMany)).tableName, key]));
    const models = new Map(Object.keys(spec.entities).map((name) => [names(name).tableName, name]));
    const fixes = referrers.map((t) => {
      const relation = joins.get(t.name);
      if (relation) return `strata destroy relation ${relation.replace('.', ' ')}`;
      const model = models.get(t.name);
      return model ? `strata destroy model ${model} (or drop its reference)` : `drop the reference of table ${t.name}`;
    });
    fail('STRATA_REFERENCE', `${n.className} is still referenced by ${referrers.map((t) => t.name).join(', ')}; first ${fixes.join('; ')}`);
  }
  const others = Object.entries(spec.entities).filter(([name]) => name !== n.className);
  const shared = new Set([
    ...SUPPORT_FILES,
    ...(others.some(([, e]) => e.notify) ? [model.paths.listener] : []),
    ...(others.some(([, e]) => e.copy) ? [COPY_SHARED] : []),
  ]);
  return {
    subject: `model ${n.className}`,
    owned: await ownedFiles(tree, (scratch) => runSteps(modelGenerator.steps, scratch, normalizeModel(modelArgs, scratch)), shared),
    unrelate: model.belongsTo
      .filter((b) => b.parent.className !== n.className)
      .map((b) => ({ file: modelPath(b.parent), className: b.parent.className, target: n.className, decorator: 'HasMany' as const })),
    drop: planDrop(tree, model.snapshot, n.tableName, {
      notify: model.notify,
      allowDestructive: args.allowDestructive ?? false,
      now: args.now ?? new Date(),
      subject: `destroying ${n.className}`,
    }),
    forget: (s) => {
      delete s.entities[n.className];
    },
  };
}

async function destroyRelation(args: DestroyArgs, tree: Tree): Promise<DestroyOptions> {
  assertIdentifier(args.target, 'model');
  if (!args.name) fail('STRATA_USAGE', `name the relation, e.g. strata destroy relation ${args.target} tags`);
  const source = names(args.target);
  const key = `${source.className}.${camel(args.name)}`;
  const relations = readAppSpec(tree).relations ?? {};
  const relation = relations[key];
  if (!relation)
    fail('STRATA_APP_SPEC', `destroy relation: ${q(key)} is not in ${APP_SPEC_FILE} (it has ${Object.keys(relations).join(', ') || 'no relation'})`);
  const join = joinOf(source, names(relation.manyToMany));
  const sharing = Object.entries(relations).filter(([k, r]) => k !== key && joinOf(names(k.split('.')[0]!), names(r.manyToMany)).className === join.className);
  if (sharing.length > 0)
    fail(
      'STRATA_REFERENCE',
      `${key} shares its join table ${join.tableName} with ${sharing.map(([k]) => k).join(', ')}; destroy those relations too, or keep this one`,
    );
  const relArgs = { model: source.className, name: camel(args.name), manyToMany: relation.manyToMany, now: args.now };
  const owned = await ownedFiles(tree, (scratch) => runGenerator(relationGenerator, relArgs, scratch));
  const target = names(relation.manyToMany);
  return {
    subject: `relation ${key}`,
    owned,
    unrelate: [
      { file: modelPath(source), className: source.className, target: target.className, decorator: 'BelongsToMany' },
      { file: modelPath(target), className: target.className, target: source.className, decorator: 'BelongsToMany' },
    ],
    drop: planDrop(tree, readSnapshot(tree), join.tableName, {
      notify: false,
      allowDestructive: args.allowDestructive ?? false,
      now: args.now ?? new Date(),
      subject: `destroying the relation ${key}`,
    }),
    forget: (s) => {
      delete s.relations?.[key];
    },
  };
}

async function destroyQuery(args: DestroyArgs, tree: Tree): Promise<DestroyOptions> {
  const queries = readAppSpec(tree).queries ?? {};
  const query = queries[args.target];
  if (!query) fail('STRATA_APP_SPEC', `destroy query: ${q(args.target)} is not in ${APP_SPEC_FILE} (it has ${Object.keys(queries).join(', ') || 'no query'})`);
  const owned = await ownedFiles(tree, (scratch) => runGenerator(queryGenerator, queryArgsFromSpec(args.target, query), scratch));
  return {
    subject: `query ${args.target}`,
    owned,
    unrelate: [],
    forget: (s) => {
      delete s.queries?.[args.target];
    },
  };
}

/** bulk, copy and bulk-update: raw-layer code of one entity, with no schema of its own. */
async function destroyRawLayer(args: DestroyArgs, tree: Tree): Promise<DestroyOptions> {
  assertIdentifier(args.target, 'model');
  const { className } = names(args.target);
  const entity = recordedEntity(tree, className, `destroy ${args.kind}`);
  const model = className;
  const missing: (what: string) => never = (what) => fail('STRATA_APP_SPEC', `destroy ${args.kind}: ${className} has no ${what} in ${APP_SPEC_FILE}`);
  let render: (scratch: Tree) => Promise<unknown>;
  let forget: (e: EntitySpec) => void;
  const shared = new Set<string>();
  if (args.kind === 'bulk') {
    if (!entity.bulk) missing('bulk insert');
    render = (scratch) => runGenerator(bulkGenerator, { model }, scratch);
    forget = (e) => delete e.bulk;
  } else if (args.kind === 'copy') {
    if (!entity.copy) missing('COPY import/export');
    const others = Object.entries(readAppSpec(tree).entities).filter(([name, e]) => name !== className && e.copy);
    if (others.length > 0) shared.add(COPY_SHARED);
    render = (scratch) => runGenerator(copyGenerator, { model }, scratch);
    forget = (e) => delete e.copy;
  } else {
    const action = args.name ?? '';
    const set = entity.bulkUpdates?.[action];
    if (set === undefined) missing(`bulk update ${q(action)}${entity.bulkUpdates ? ` (it has ${Object.keys(entity.bulkUpdates).join(', ')})` : ''}`);
    render = (scratch) => runGenerator(bulkUpdateGenerator, { model, action, set }, scratch);
    forget = (e) => {
      delete e.bulkUpdates?.[action];
      if (e.bulkUpdates && Object.keys(e.bulkUpdates).length === 0) delete e.bulkUpdates;
    };
  }
  return {
    subject: `${args.kind} ${className}`,
    owned: await ownedFiles(tree, render, shared),
    unrelate: [],
    forget: (s) => forget(s.entities[className]!),
  };
}

import { readAppSpec, type AppSpec, type EntitySpec, type QuerySpec } from '../../../src/app-spec.ts';
import { fail } from '../../../src/errors.ts';
import { names, pascal } from '../../../src/names.ts';
import { assertProject } from '../../../src/project.ts';
import { modelPath } from '../../model/lib/normalize-options.ts';
import type { Tree } from '../../../src/tree.ts';
import { parseAppSpec } from './read-spec.ts';

/** What the user gave `strata apply`: the spec's text and where it came from. */
export interface ApplyArgs {
  text: string;
  source: string;
  allowDestructive?: boolean;
  now?: Date;
}

/** One change of the app: its path in the spec (for messages) and what makes it. */
export interface Change {
  path: string;
  kind: 'model' | 'relation' | 'query' | 'bulk' | 'copy' | 'bulk-update';
  /** The model, or the query's name */
  target: string;
  /** The relation name, or the bulk update's action */
  name?: string;
}

/** The spec given, and the differences from what the project records, in the order they apply. */
export interface ApplyOptions {
  source: string;
  desired: AppSpec;
  allowDestructive: boolean;
  now: Date;
  /** Removed from the spec: relations, queries and raw layers */
  removals: Change[];
  /** Entities removed from the spec, children first: destroyed after the changed entities dropped their references */
  dropped: Change[];
  /** Entities added or changed, in the spec's order */
  entities: Change[];
  /** Raw layers, relations and queries added or changed */
  additions: Change[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
/** What of an entity its model generator makes (its raw layers are compared apart). */
const core = (e: EntitySpec) => ({ fields: e.fields, indexes: e.indexes ?? [], softDelete: e.softDelete ?? false, notify: e.notify ?? false });
const query = (q: QuerySpec) => ({ ...q, params: q.params ?? [] });

/** Every model a field or a relation names is an entity the spec lists before it (or a model the project has). */
function assertReferences(spec: AppSpec, source: string, tree: Tree): void {
  const order = Object.keys(spec.entities);
  const known = (model: string, before: number) => {
    const at = order.indexOf(model);
    return (at >= 0 && at <= before) || (at < 0 && tree.exists(modelPath(names(model))));
  };
  order.forEach((entity, i) => {
    for (const [name, type] of Object.entries(spec.entities[entity]!.fields)) {
      const target = /^references\{([A-Za-z][A-Za-z0-9]*)\}/.exec(type)?.[1];
      if (target === undefined || known(pascal(target), i)) continue;
      fail(
        'STRATA_APP_SPEC',
        `${source}: entities.${entity}.fields.${name}: references ${target}, which ${order.includes(pascal(target)) ? `comes after ${entity}; list it first` : 'is not an entity of the spec; add it under entities'}`,
      );
    }
  });
  for (const [key, relation] of Object.entries(spec.relations ?? {})) {
    for (const model of [key.split('.')[0]!, relation.manyToMany]) {
      if (!known(model, order.length)) fail('STRATA_APP_SPEC', `${source}: relations.${key}: ${model} is not an entity of the spec; add it under entities`);
    }
  }
}

/** Parses the spec and settles, against .strata/app.yaml, what to destroy, regenerate and add. */
export function normalizeOptions(args: ApplyArgs, tree: Tree): ApplyOptions {
  assertProject(tree);
  const desired = parseAppSpec(args.text, args.source);
  assertReferences(desired, args.source, tree);
  const recorded = readAppSpec(tree);
  const removals: Change[] = [];
  const dropped: Change[] = [];
  const entities: Change[] = [];
  const additions: Change[] = [];
  const relations = (s: AppSpec) => Object.entries(s.relations ?? {});
  for (const [key, r] of relations(recorded)) {
    if (!same(desired.relations?.[key], r)) removals.push({ path: `relations.${key}`, kind: 'relation', target: key.split('.')[0]!, name: key.split('.')[1]! });
  }
  for (const name of Object.keys(recorded.queries ?? {})) {
    if (!desired.queries?.[name]) removals.push({ path: `queries.${name}`, kind: 'query', target: name });
  }
  for (const [model, before] of Object.entries(recorded.entities)) {
    const after = desired.entities[model];
    if (!after) continue;
    const path = `entities.${model}`;
    if (before.bulk && !after.bulk) removals.push({ path: `${path}.bulk`, kind: 'bulk', target: model });
    if (before.copy && !after.copy) removals.push({ path: `${path}.copy`, kind: 'copy', target: model });
    for (const action of Object.keys(before.bulkUpdates ?? {})) {
      if (after.bulkUpdates?.[action] === undefined) removals.push({ path: `${path}.bulkUpdates.${action}`, kind: 'bulk-update', target: model, name: action });
    }
  }
  for (const model of Object.keys(recorded.entities).reverse()) {
    if (!desired.entities[model]) dropped.push({ path: `entities.${model}`, kind: 'model', target: model });
  }
  for (const [model, after] of Object.entries(desired.entities)) {
    const before = recorded.entities[model];
    const path = `entities.${model}`;
    if (!before || !same(core(before), core(after))) entities.push({ path, kind: 'model', target: model });
    if (after.bulk && !before?.bulk) additions.push({ path: `${path}.bulk`, kind: 'bulk', target: model });
    if (after.copy && !before?.copy) additions.push({ path: `${path}.copy`, kind: 'copy', target: model });
    for (const [action, set] of Object.entries(after.bulkUpdates ?? {})) {
      if (before?.bulkUpdates?.[action] !== set) additions.push({ path: `${path}.bulkUpdates.${action}`, kind: 'bulk-update', target: model, name: action });
    }
  }
  for (const [key, r] of relations(desired)) {
    if (!same(recorded.relations?.[key], r))
      additions.push({ path: `relations.${key}`, kind: 'relation', target: key.split('.')[0]!, name: key.split('.')[1]! });
  }
  for (const [name, q] of Object.entries(desired.queries ?? {})) {
    const before = recorded.queries?.[name];
    if (!before || !same(query(before), query(q))) additions.push({ path: `queries.${name}`, kind: 'query', target: name });
  }
  return {
    source: args.source,
    desired,
    allowDestructive: args.allowDestructive ?? false,
    now: args.now ?? new Date(),
    removals,
    dropped,
    entities,
    additions,
  };
}

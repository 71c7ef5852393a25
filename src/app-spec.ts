import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { fail } from './errors.ts';
import type { Tree } from './tree.ts';

// strata writes its record as JSON, which is YAML too (`strata apply .strata/app.yaml` reads it),
// so that generating never loads a YAML library; one edited by hand into other YAML still reads.
const yaml = (): typeof Yaml => createRequire(import.meta.url)('yaml') as typeof Yaml;
const HEADER = '# What strata generated here (strata keeps this file; `strata upgrade` re-renders from it).\n';

/** The spec's data: JSON after the header comment, or, failing that, any YAML. */
function parseRecord(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^(#[^\n]*\n)+/, ''));
  } catch {
    const doc = yaml().parseDocument(text);
    if (doc.errors.length > 0) fail('STRATA_APP_SPEC', `${APP_SPEC_FILE}: ${doc.errors[0]!.message.split('\n')[0]}; restore it from version control`);
    return doc.toJS();
  }
}

/**
 * The app as strata generated it, one declarative spec: `.strata/app.yaml` in every project,
 * kept current by each generator, and the format `strata apply` reads. `generate field` and
 * `upgrade` re-run the generators from it; `destroy` takes entries out of it.
 */
export const APP_SPEC_FILE = '.strata/app.yaml';

/** One entity: its fields (name → `type[{args}][:modifier...]`) and what else was generated for it. */
export interface EntitySpec {
  fields: Record<string, string>;
  /** Composite indexes, `a,b` or `name=a,b` */
  indexes?: string[];
  softDelete?: boolean;
  notify?: boolean;
  /** `strata generate bulk` */
  bulk?: boolean;
  /** `strata generate copy` */
  copy?: boolean;
  /** `strata generate bulk-update`: action → `field=value` */
  bulkUpdates?: Record<string, string>;
}

/** A query of the raw layer: its SQL, typed parameters and columns (`name:type`), and a route. */
export interface QuerySpec {
  sql: string;
  params?: string[];
  columns: string[];
  route?: string;
}

/** A many-to-many relation, keyed `Model.relation`. */
export interface RelationSpec {
  manyToMany: string;
}

/** The whole app. Entities are in generation order: a referenced entity comes first. */
export interface AppSpec {
  entities: Record<string, EntitySpec>;
  relations?: Record<string, RelationSpec>;
  queries?: Record<string, QuerySpec>;
}

// The last text parsed and its spec: generators read the spec many times between writes.
let last: { text: string; spec: AppSpec } | undefined;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The shape strata relies on when it reads its own record (`strata apply` checks a spec in full against the JSON Schema). */
function assertShape(spec: unknown): asserts spec is AppSpec {
  const bad = (at: string, what: string): never =>
    fail('STRATA_APP_SPEC', `${APP_SPEC_FILE}: ${at} ${what}; restore the file from version control (strata keeps it)`);
  if (!isMap(spec)) bad('the file', 'is not a mapping');
  const { entities = {}, relations = {}, queries = {} } = spec as Record<string, unknown>;
  if (!isMap(entities)) bad('entities', 'is not a mapping');
  for (const [name, entity] of Object.entries(entities as Record<string, unknown>)) {
    if (!isMap(entity) || !isMap(entity.fields) || !Object.values(entity.fields).every((t) => typeof t === 'string'))
      bad(`entities.${name}`, 'has no fields mapping of name to type');
  }
  if (!isMap(relations) || !Object.values(relations).every((r) => isMap(r) && typeof r.manyToMany === 'string'))
    bad('relations', 'are not Model.name: { manyToMany: Model }');
  if (!isMap(queries) || !Object.values(queries).every((q) => isMap(q) && typeof q.sql === 'string' && Array.isArray(q.columns)))
    bad('queries', 'are not name: { sql, columns }');
}

// Changes a run made to the spec, written to .strata/app.yaml once, when the tree is finished:
// a run that generates a hundred entities serializes it once, not two hundred times.
const pending = new WeakMap<Tree, AppSpec>();

/** The spec of a project (a copy the caller may change), or an empty one when nothing was generated yet. */
export function readAppSpec(tree: Tree): AppSpec {
  for (let t: Tree | undefined = tree; t; t = t.base) {
    const changed = pending.get(t);
    if (changed) return structuredClone(changed);
  }
  const text = tree.read(APP_SPEC_FILE);
  if (text === null) return { entities: {} };
  if (last?.text !== text) {
    const spec = (parseRecord(text) ?? {}) as AppSpec;
    assertShape(spec);
    last = { text, spec: { ...spec, entities: spec.entities ?? {} } };
  }
  return structuredClone(last.spec);
}

/** Writes the spec in a stable form (empty sections dropped), so the same app is the same bytes. */
export function writeAppSpec(tree: Tree, spec: AppSpec): void {
  // Nothing generated (the last model destroyed): no spec, as before the first generate.
  if (Object.keys(spec.entities).length === 0 && Object.keys(spec.relations ?? {}).length === 0 && Object.keys(spec.queries ?? {}).length === 0) {
    if (tree.exists(APP_SPEC_FILE)) tree.delete(APP_SPEC_FILE);
    return;
  }
  const entities = Object.fromEntries(Object.entries(spec.entities).map(([name, entity]) => [name, canonical(entity)]));
  const clean: AppSpec = { entities };
  if (spec.relations && Object.keys(spec.relations).length > 0) clean.relations = spec.relations;
  if (spec.queries && Object.keys(spec.queries).length > 0) clean.queries = spec.queries;
  const text = `${HEADER}${JSON.stringify(clean, null, 2)}\n`;
  tree.write(APP_SPEC_FILE, text, 'edit');
  last = { text, spec: structuredClone(clean) };
}

const ENTITY_KEYS = ['fields', 'indexes', 'softDelete', 'notify', 'bulk', 'copy', 'bulkUpdates'] as const satisfies ReadonlyArray<keyof EntitySpec>;

/** An entity's keys in one order, whichever generator added them. */
function canonical(entity: EntitySpec): EntitySpec {
  return Object.fromEntries(ENTITY_KEYS.filter((key) => entity[key] !== undefined).map((key) => [key, entity[key]])) as unknown as EntitySpec;
}

/** Reads the spec, lets `change` edit it, and stages the result (written when the tree is finished). */
export function updateAppSpec(tree: Tree, change: (spec: AppSpec) => void): void {
  const spec = readAppSpec(tree);
  change(spec);
  pending.set(tree, spec);
  tree.onFinish('write .strata/app.yaml', async () => {
    const last = pending.get(tree);
    pending.delete(tree);
    if (last) writeAppSpec(tree, last);
  });
}

/** A field list as the model generator takes it (`name:type...`), from an entity's field map. */
export function fieldArgs(entity: EntitySpec): string[] {
  return Object.entries(entity.fields).map(([name, rest]) => (rest === '' ? name : `${name}:${rest}`));
}

/** The field map of an entity, from `name:type...` arguments. */
export function fieldMap(raws: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of raws) {
    const colon = raw.indexOf(':');
    out[colon < 0 ? raw : raw.slice(0, colon)] = colon < 0 ? '' : raw.slice(colon + 1);
  }
  return out;
}

/** Records what a generator added to an entity the spec knows (a project made before the spec has none to extend). */
export function recordOnEntity(tree: Tree, className: string, change: (entity: EntitySpec) => void): void {
  if (!readAppSpec(tree).entities[className]) return;
  updateAppSpec(tree, (spec) => change(spec.entities[className]!));
}

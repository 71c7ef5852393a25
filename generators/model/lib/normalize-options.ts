import { propertyNames, readRelations, readTableFlag, openSource } from '../../../src/ast.ts';
import { APP_SPEC_FILE, fieldArgs, fieldMap, readAppSpec, type EntitySpec } from '../../../src/app-spec.ts';
import { fail, q } from '../../../src/errors.ts';
import type { Field, OnDelete } from '../../../src/field-types.ts';
import { parseFields } from '../../../src/fields.ts';
import { nextMigrationName } from '../../../src/migrations.ts';
import { camel, names, type Names } from '../../../src/names.ts';
import { assertProject, projectKeys } from '../../../src/project.ts';
import { assertIdentifier } from '../../../src/reserved.ts';
import type { CompositeIndex, ModelSpec } from '../../../src/schema.ts';
import { diff, inverse, type Statement } from '../../../src/snapshot/diff.ts';
import { tableFromSpec } from '../../../src/snapshot/from-spec.ts';
import { refuseDataLoss } from '../../../src/snapshot/sql.ts';
import { notifyStatement, readSnapshot } from '../../../src/snapshot/store.ts';
import type { Snapshot, Table } from '../../../src/snapshot/types.ts';
import type { Tree } from '../../../src/tree.ts';

/** What the user gave `strata generate model`. */
export interface ModelArgs {
  name: string;
  fields: string[];
  /** `a,b` or `name=a,b` */
  index?: string[];
  softDelete?: boolean;
  /** Clock for migration names; tests and the sample app fix it. */
  now?: Date;
  /** Announce changes with a trigger and LISTEN/NOTIFY; undefined keeps what the app spec recorded, false drops it */
  notify?: boolean;
  /** Internal: a join model of a many-to-many relation (no routes; its first two fields form a unique key). */
  join?: boolean;
  /** Regenerating a model: accept a migration that loses data (drops, narrowing, NOT NULL without a default). */
  allowDestructive?: boolean;
}

/** A belongs-to relation of the new model, and the has-many it adds to the other side. */
export interface BelongsToInfo {
  field: Field;
  relation: string;
  onDelete: OnDelete;
  parent: Names;
  /** The has-many property added to the parent model */
  hasMany: string;
  /** The parent's own cascading belongs-to, for a test that deletes through two levels */
  grand?: { names: Names; relation: string };
  /** The parent deletes softly (paranoid), so ON DELETE never fires from the API */
  parentSoftDelete: boolean;
}

/** The normalized options every step sees. */
export interface ModelOptions {
  names: Names;
  fields: Field[];
  spec: ModelSpec;
  softDelete: boolean;
  notify: boolean;
  /** References the last run had and this one drops: their has-many and relation test go */
  droppedReferences: Array<{ parent: Names; field: string; relation: string }>;
  /** The app spec recorded --notify and this run drops it */
  dropsNotify: boolean;
  /** No other entity notifies: the shared listener goes with this one's */
  lastListener: boolean;
  belongsTo: BelongsToInfo[];
  migrationName: string;
  /** The table as the snapshot will record it */
  table: Table;
  /** create enum types, the table, its indexes */
  statements: Statement[];
  /** id of the migration this one follows */
  prevId: string;
  /** The schema snapshot as it stands before this generator */
  snapshot: Snapshot;
  /** The model file as it is now, when it exists (relations other generators added are carried over) */
  existingModel: string | null;
  /** The project's name (package.json), which names its database connections */
  projectName: string;
  /** The entity as the app spec records it (what else was generated for it is kept) */
  entity: EntitySpec;
  /** Support files the generated layers import that the project predates (strata new writes them today). */
  missingSupport: string[];
  paths: {
    model: string;
    repository: string;
    service: string;
    routes: string;
    test: string;
    factory: string;
    changes: string;
    /** the shared LISTEN helper, written once by the first --notify */
    listener: string;
    notifyTest: string;
    migration: string;
  };
}

/** Where a model's class lives. */
export function modelPath(n: Names): string {
  return `src/db/models/${n.fileName}.ts`;
}

function resolveIndex(raw: string, fields: Field[]): CompositeIndex {
  const eq = raw.indexOf('=');
  const name = eq > 0 ? raw.slice(0, eq) : undefined;
  const list = eq > 0 ? raw.slice(eq + 1) : raw;
  if (name !== undefined && !/^[a-z][a-z0-9_]{0,62}$/.test(name)) {
    fail('STRATA_INDEX', `--index ${q(raw)}: index name ${q(name)} must be lower-case letters, digits and _, at most 63`);
  }
  const parts = list.split(',').map((p) => p.trim());
  if (parts.length < 2 || parts.some((p) => p === '')) {
    fail('STRATA_INDEX', `--index ${q(raw)} must name two or more fields, comma-separated, e.g. --index name,isActive`);
  }
  const picked = parts.map((p) => {
    const field = fields.find((f) => f.name === camel(p) || f.column === p || f.references?.relation === camel(p));
    if (!field)
      fail(
        'STRATA_INDEX',
        `--index ${q(raw)}: ${q(p)} is not a field of this model; use one of ${fields.map((f) => f.references?.relation ?? f.name).join(', ')}`,
      );
    return field;
  });
  if (new Set(picked).size !== picked.length) fail('STRATA_INDEX', `--index ${q(raw)} names a field twice`);
  return { fields: picked, ...(name ? { name } : {}) };
}

/** The has-many name for a new child on its parent: the child's plural, unless another relation took it. */
function hasManyName(tree: Tree, self: Names, parent: Names, field: Field, relation: string): string {
  const file = modelPath(parent);
  if (parent.className === self.className || !tree.exists(file)) return self.pluralPropertyName;
  const source = openSource(tree, file);
  const existing = readRelations(source, parent.className).find((r) => r.decorator === 'HasMany' && r.target === self.className && r.foreignKey === field.name);
  if (existing) return existing.property;
  const taken = new Set(propertyNames(source, parent.className));
  return taken.has(self.pluralPropertyName) ? `${relation}${self.pluralClassName}` : self.pluralPropertyName;
}

function belongsToOf(tree: Tree, self: Names, fields: Field[], join: boolean): BelongsToInfo[] {
  const out: BelongsToInfo[] = [];
  for (const field of fields) {
    const ref = field.references;
    if (!ref) continue;
    const parent = names(ref.target);
    const self_ = parent.className === self.className;
    if (!self_ && !tree.exists(modelPath(parent))) {
      fail('STRATA_REFERENCE', `field ${q(field.raw)}: model ${ref.target} does not exist (no ${modelPath(parent)}); generate it first`);
    }
    if (self_ && !field.optional) fail('STRATA_REFERENCE', `field ${q(field.raw)}: a model cannot require a row of itself; add :optional`);
    let grand: BelongsToInfo['grand'];
    if (!self_ && ref.onDelete === 'CASCADE') {
      const up = readRelations(openSource(tree, modelPath(parent)), parent.className).find(
        (r) => r.decorator === 'BelongsTo' && r.onDelete === 'CASCADE' && r.target !== parent.className,
      );
      if (up) grand = { names: names(up.target), relation: up.property };
    }
    const parentSoftDelete = self_ ? false : readTableFlag(openSource(tree, modelPath(parent)), parent.className, 'paranoid');
    out.push({
      field,
      parentSoftDelete,
      relation: ref.relation,
      onDelete: ref.onDelete,
      parent,
      hasMany: join ? '' : hasManyName(tree, self, parent, field, ref.relation),
      ...(grand ? { grand } : {}),
    });
  }
  return out;
}

/** The references the recorded entity had that the new field list no longer has (same field, same model). */
function droppedReferences(before: EntitySpec | undefined, fields: Field[], keys: ReturnType<typeof projectKeys>): ModelOptions['droppedReferences'] {
  if (!before) return [];
  const kept = new Set(fields.flatMap((f) => (f.references ? [`${f.name}>${f.references.target}`] : [])));
  return parseFields(fieldArgs(before), keys).flatMap((f) =>
    f.references && !kept.has(`${f.name}>${f.references.target}`)
      ? [{ parent: names(f.references.target), field: f.name, relation: f.references.relation }]
      : [],
  );
}

/** The trigger of --notify added to a table that exists, or dropped (the app spec says whether it had one). */
function notifyChange(table: string, had: boolean | undefined, wants: boolean): Statement[] {
  if (had === undefined || had === wants) return [];
  return [wants ? notifyStatement(table) : inverse(notifyStatement(table))];
}

/** Files from templates/new the generated repository imports; a project made before one existed gets it. */
export const SUPPORT_FILES = ['src/db/repositories/shapes.ts', 'src/db/repositories/reads.ts', 'src/db/repositories/inserts.ts'];

/** The project's name, from its package.json, when it has one. */
export function projectName(tree: Tree): string | undefined {
  try {
    const name = (JSON.parse(tree.read('package.json') ?? '{}') as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Validates everything up front, and does all the reading of the tree, so that bad input fails before any step runs. */
export function normalizeOptions(args: ModelArgs, tree: Tree): ModelOptions {
  assertIdentifier(args.name, 'model');
  assertProject(tree);
  const n = names(args.name);
  const join = args.join ?? false;
  const keys = projectKeys(tree);
  const fields = parseFields(args.fields, keys);
  const indexes = (args.index ?? []).map((raw) => resolveIndex(raw, fields));
  if (join) {
    const [a, b] = fields;
    if (!a || !b) throw new Error('a join model takes two references');
    a.index = false; // the unique key below starts with it
    indexes.unshift({ fields: [a, b], unique: true });
  }
  const softDelete = args.softDelete ?? false;
  const spec: ModelSpec = { names: n, fields, indexes, softDelete, keys };
  const belongsTo = belongsToOf(tree, n, fields, join);
  const snapshot = readSnapshot(tree);
  const table = tableFromSpec(spec);
  // A table the snapshot knows changes through a migration of its own, as `generate migration`
  // writes it: a migration that may have run is never rewritten.
  const known = snapshot.tables.find((t) => t.name === table.name);
  const before = readAppSpec(tree).entities[n.className];
  // --notify is kept from the last run unless given (--no-notify drops it), as bulk and COPY are.
  const notify = args.notify ?? before?.notify ?? false;
  const alter = known ? [...diff([known], [table]), ...notifyChange(table.name, before ? (before.notify ?? false) : undefined, notify)] : [];
  refuseDataLoss(
    alter,
    args.allowDestructive ?? false,
    `this change to ${n.className}`,
    'make a new field :optional or give it a default, re-run with --allow-destructive to accept it, or change the model by hand and run strata generate migration (--rename, --backfill)',
  );
  const migrationName = known
    ? nextMigrationName(tree, `alter_${n.tableName}`, args.now ?? new Date())
    : nextMigrationName(tree, `create_${n.tableName}`, args.now ?? new Date());
  const entity: EntitySpec = {
    fields: fieldMap(args.fields),
    ...(args.index?.length ? { indexes: args.index } : {}),
    ...(softDelete ? { softDelete } : {}),
    ...(notify ? { notify: true } : {}),
    ...(before?.bulk ? { bulk: true } : {}),
    ...(before?.copy ? { copy: true } : {}),
    ...(before?.bulkUpdates ? { bulkUpdates: before.bulkUpdates } : {}),
  };
  return {
    names: n,
    fields,
    spec,
    softDelete,
    notify,
    dropsNotify: Boolean(before?.notify) && !notify,
    droppedReferences: droppedReferences(before, fields, keys),
    lastListener: !Object.entries(readAppSpec(tree).entities).some(([name, e]) => name !== n.className && e.notify),
    belongsTo,
    migrationName,
    table,
    statements: known ? alter : [...diff([], [table]), ...(notify ? [notifyStatement(table.name)] : [])],
    prevId: snapshot.id,
    snapshot,
    existingModel: tree.read(modelPath(n)),
    entity,
    missingSupport: SUPPORT_FILES.filter((file) => !tree.exists(file)),
    projectName: projectName(tree) ?? 'app',
    paths: {
      model: modelPath(n),
      repository: `src/db/repositories/${n.fileName}-repository.ts`,
      service: `src/services/${n.fileName}-service.ts`,
      routes: `src/routes/${n.routeName}.ts`,
      test: `test/${n.routeName}.test.ts`,
      factory: `test/factories/${n.fileName}.ts`,
      changes: `src/db/queries/${n.fileName}-changes.ts`,
      listener: 'src/db/listener.ts',
      notifyTest: `test/notify/${n.routeName}-changes.test.ts`,
      migration: `src/db/migrations/${migrationName}.ts`,
    },
  };
}

/** The arguments that generate an entity as the app spec records it (upgrade, field and apply re-run these). */
export function argsFromSpec(name: string, entity: EntitySpec, rest: Pick<ModelArgs, 'now' | 'allowDestructive'> = {}): ModelArgs {
  return {
    name,
    fields: fieldArgs(entity),
    index: entity.indexes ?? [],
    softDelete: entity.softDelete ?? false,
    notify: entity.notify ?? false,
    ...rest,
  };
}

/** The entity the app spec records for a model, or a coded error that says how to record it. */
export function recordedEntity(tree: Tree, className: string, command: string): EntitySpec {
  const { entities } = readAppSpec(tree);
  const entity = entities[className];
  if (!entity) {
    const known = Object.keys(entities);
    fail(
      'STRATA_APP_SPEC',
      `${command}: model ${q(className)} is not in ${APP_SPEC_FILE} (${known.length ? `it has ${known.join(', ')}` : 'it records no model yet'}); if the model exists, run strata generate model ${className} once with all its fields`,
    );
  }
  return entity;
}

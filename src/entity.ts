import { Node } from './ts-morph.ts';
import { openSource } from './ast.ts';
import { fail } from './errors.ts';
import { isSecretColumn, SECRET_PREFIX } from './field-types.ts';
import { recordOfSql, TYPES, type TypeRecord } from './type-registry.ts';
import type { KeyType } from './types/keys.ts';
import { camel, names, type Names } from './names.ts';
import { readSnapshot } from './snapshot/store.ts';
import type { Column } from './snapshot/types.ts';
import type { Tree } from './tree.ts';

/** A column of an entity, with its attribute name and whether the API shows it. */
export interface EntityColumn extends Column {
  attr: string;
  visible: boolean;
  /** A foreign key column */
  foreignKey: boolean;
}

/** What the raw-layer generators need to know of an existing entity. */
export interface Entity {
  names: Names;
  /** Writable columns (no id, no timestamps), in table order */
  columns: EntityColumn[];
  /** The table has deleted_at (paranoid) */
  softDelete: boolean;
  /** The table has a unique index besides the primary key */
  hasUnique: boolean;
  /** The type of its id (and so of the keys that point at it) */
  key: KeyType;
}

const GENERATED = new Set(['id', 'created_at', 'updated_at', 'deleted_at']);

/** An entity strata generated: its table from the snapshot, its visible fields from its route schema. */
export function readEntity(tree: Tree, model: string): Entity {
  const n = names(model);
  const table = readSnapshot(tree).tables.find((t) => t.name === n.tableName);
  const routes = `src/routes/${n.routeName}.ts`;
  if (!table || !tree.exists(routes)) {
    fail('STRATA_REFERENCE', `model ${n.className} does not exist here (no table ${n.tableName} in the snapshot, or no ${routes}); generate it first`);
  }
  const schema = openSource(tree, routes).getVariableDeclaration(`${n.className}Schema`)?.getInitializer();
  const visible = new Set<string>();
  if (schema && Node.isCallExpression(schema)) {
    const props = schema.getArguments()[0];
    if (props && Node.isObjectLiteralExpression(props)) for (const p of props.getProperties()) if (Node.isPropertyAssignment(p)) visible.add(p.getName());
  }
  const fks = new Set(table.foreignKeys.map((f) => f.column));
  return {
    names: n,
    softDelete: table.columns.some((c) => c.name === 'deleted_at'),
    hasUnique: table.indexes.some((i) => i.unique),
    key: table.columns.find((c) => c.primaryKey)?.type === 'bigint' ? 'bigint' : 'integer',
    columns: table.columns
      .filter((c) => !GENERATED.has(c.name))
      .map((c) => ({ ...c, attr: camel(c.name), visible: visible.has(camel(c.name)), foreignKey: fks.has(c.name) })),
  };
}

/** The type record of a column: a foreign key is a reference (a number), whatever its SQL type. */
export function recordOfColumn(c: Column & { foreignKey?: boolean }): TypeRecord {
  return c.foreignKey ? TYPES.references : recordOfSql(c.type);
}

/** The TypeScript type the raw layer takes for a column (bulk rows), from the type registry. */
export function columnTsType(c: Column & { foreignKey?: boolean }): string {
  const base = recordOfColumn(c).rowInput;
  return c.nullable ? `${base} | null` : base;
}

/** An entity's writable columns and names as the raw-layer templates (bulk, COPY) print them. */
export function rowView(entity: Entity) {
  const n = entity.names;
  const columns = entity.columns.map((c, i) => ({
    name: c.name,
    attr: c.attr,
    optional: c.nullable || c.default !== null,
    tsType: columnTsType(c),
    arrayType: `${c.type}[]`,
    index: i + 1,
    select: c.default !== null ? `COALESCE(t."${c.name}", ${c.default})` : `t."${c.name}"`,
    last: i === entity.columns.length - 1,
  }));
  return {
    ...n,
    constName: n.tableName.toUpperCase(),
    columns,
    columnCount: columns.length,
    hasUnique: entity.hasUnique,
    secrets: entity.columns
      .filter((c) => isSecretColumn(c.name))
      .map((c) => ({ attr: c.attr, input: camel(c.name.slice(SECRET_PREFIX.length)), optional: c.nullable })),
    foreignKeys: entity.columns.filter((c) => c.foreignKey && !c.nullable).map((c) => c.attr),
  };
}

import { Node, Project, SyntaxKind, type ClassDeclaration, type Expression, type ObjectLiteralExpression } from '../ts-morph.ts';
import { enumTypeName, sqlString, type Field } from '../field-types.ts';
import { SQL_OF_DATA_TYPE, TYPES } from '../type-registry.ts';
import { snake } from '../names.ts';
import { pgName } from '../schema.ts';
import type { Tree } from '../tree.ts';
import { idColumn } from './from-spec.ts';
import type { Column, EnumType, ForeignKey, Index, Table } from './types.ts';

/** The folder of a project's models. */
export const MODELS_DIR = 'src/db/models';

/** A model file strata could not read, with where and why. */
export class ModelReadError extends Error {
  override name = 'ModelReadError';
}

/** The keys of an index's `fields`: column names, or fn('lower', col('x')) for a case-insensitive key; undefined when unreadable. */
function indexKeys(node: Expression | undefined): Array<{ column: string; lower: boolean }> | undefined {
  if (!node || !Node.isArrayLiteralExpression(node)) return undefined;
  const keys = node.getElements().map((e) => {
    if (Node.isStringLiteral(e)) return { column: e.getLiteralValue(), lower: false };
    if (!Node.isCallExpression(e) || e.getExpression().getText() !== 'fn') return undefined;
    const [name, arg] = e.getArguments();
    if (!name || literalValue(name as Expression) !== 'lower' || !arg || !Node.isCallExpression(arg) || arg.getExpression().getText() !== 'col')
      return undefined;
    const column = literalValue(arg.getArguments()[0] as Expression | undefined);
    return typeof column === 'string' ? { column, lower: true } : undefined;
  });
  return keys.every((k) => k !== undefined) ? (keys as Array<{ column: string; lower: boolean }>) : undefined;
}

/** The value of a literal expression (object, array, string, number, boolean, null); undefined for anything else. */
export function literalValue(node: Expression | undefined): unknown {
  if (!node) return undefined;
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isNumericLiteral(node)) return node.getLiteralValue();
  if (Node.isPrefixUnaryExpression(node) && node.getOperatorToken() === SyntaxKind.MinusToken) {
    const v = literalValue(node.getOperand() as Expression);
    return typeof v === 'number' ? -v : undefined;
  }
  if (Node.isTrueLiteral(node)) return true;
  if (Node.isFalseLiteral(node)) return false;
  if (Node.isNullLiteral(node)) return null;
  if (Node.isArrayLiteralExpression(node)) return node.getElements().map((e) => literalValue(e));
  if (Node.isObjectLiteralExpression(node)) {
    const out: Record<string, unknown> = {};
    for (const p of node.getProperties()) {
      if (!Node.isPropertyAssignment(p)) return undefined;
      const key = p.getNameNode();
      const name = Node.isStringLiteral(key) ? key.getLiteralValue() : key.getText();
      out[name] = literalValue(p.getInitializer());
    }
    return out;
  }
  return undefined;
}

function prop(obj: ObjectLiteralExpression | undefined, name: string): Expression | undefined {
  const p = obj?.getProperty(name);
  return p && Node.isPropertyAssignment(p) ? p.getInitializer() : undefined;
}

/** The SQL type of a DataType expression; enum values are returned beside it. */
function sqlType(expr: Expression, table: string, column: string, where: string): { type: string; values?: string[] } {
  const text = expr.getText().replace(/\s+/g, '');
  const call = /^DataType\.([A-Z]+)\((.*)\)$/.exec(text);
  const name = call ? call[1]! : /^DataType\.([A-Z]+)$/.exec(text)?.[1];
  if (!name) throw new ModelReadError(`${where}: cannot read the type ${expr.getText()}; use a DataType, e.g. DataType.STRING(120)`);
  const args = call && Node.isCallExpression(expr) ? expr.getArguments().map((a) => literalValue(a as Expression)) : [];
  // The registry spells each type; a field with just what the DataType's arguments say is enough to ask it.
  const field = (given: Partial<Field>) => ({ column, ...given }) as Field;
  if (name === 'STRING' && args.length) return { type: TYPES.string.sql(field({ length: Number(args[0]) }), table) };
  if (name === 'DECIMAL') return { type: TYPES.decimal.sql(field({ precision: Number(args[0] ?? 10), scale: Number(args[1] ?? 0) }), table) };
  if (name === 'ENUM') return { type: TYPES.enum.sql(field({}), table), values: args.map(String) };
  const simple = SQL_OF_DATA_TYPE[name];
  if (!simple) throw new ModelReadError(`${where}: strata does not know DataType.${name}`);
  return { type: simple };
}

/** The SQL default of a defaultValue expression, spelled as strata's migrations spell it. */
function sqlDefault(expr: Expression | undefined, type: string, where: string): string | null {
  if (!expr) return null;
  const text = expr.getText();
  if (text === 'DataType.NOW') return 'now()';
  if (text === 'DataType.UUIDV4') return 'gen_random_uuid()';
  const value = literalValue(expr);
  if (value === undefined) throw new ModelReadError(`${where}: cannot read the default ${text}; use a literal`);
  if (value === null) return null;
  if (type === 'jsonb' || type === 'json') return `${sqlString(JSON.stringify(value))}::${type}`;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string' && /^numeric|^bigint|^integer|^double/.test(type) && /^-?[0-9]+(\.[0-9]+)?$/.test(value)) return value;
  if (typeof value === 'string') return sqlString(value);
  throw new ModelReadError(`${where}: cannot read the default ${text}`);
}

interface RawModel {
  cls: ClassDeclaration;
  file: string;
  table: string;
}

function tableOf(raw: RawModel, byClass: Map<string, RawModel>): Table {
  const { cls, file, table } = raw;
  const tableOptions = cls.getDecorator('Table')?.getArguments()[0];
  const opts = tableOptions && Node.isObjectLiteralExpression(tableOptions) ? tableOptions : undefined;
  const columns: Column[] = [];
  const enums: EnumType[] = [];
  const foreignKeys: ForeignKey[] = [];
  for (const p of cls.getProperties()) {
    const column = p.getDecorator('Column');
    if (!column) continue;
    const where = `${file}: ${cls.getName()}.${p.getName()}`;
    const name = snake(p.getName());
    const arg = column.getArguments()[0];
    const options = arg && Node.isObjectLiteralExpression(arg) ? arg : undefined;
    const typeExpr = options ? prop(options, 'type') : (arg as Expression | undefined);
    if (!typeExpr) throw new ModelReadError(`${where}: @Column names no DataType; esbuild and tsx emit no decorator metadata, so name it`);
    const { type, values } = sqlType(typeExpr, table, name, where);
    if (literalValue(prop(options, 'primaryKey')) === true) {
      columns.push(idColumn(type === 'bigint' ? 'bigint' : 'integer'));
      continue;
    }
    if (values) enums.push({ name: enumTypeName(table, name), values });
    const isTimestamp = p.getDecorator('CreatedAt') !== undefined || p.getDecorator('UpdatedAt') !== undefined;
    columns.push({
      name,
      type,
      nullable: literalValue(prop(options, 'allowNull')) !== false,
      // created_at and updated_at get their default from the database.
      default: isTimestamp ? 'now()' : sqlDefault(prop(options, 'defaultValue'), type, where),
    });
  }
  for (const p of cls.getProperties()) {
    const belongsTo = p.getDecorator('BelongsTo');
    if (!belongsTo) continue;
    const [thunk, options] = belongsTo.getArguments();
    const target = thunk && Node.isArrowFunction(thunk) ? thunk.getBody().getText() : '';
    const fkOpts = options && Node.isObjectLiteralExpression(options) ? options : undefined;
    const foreignKey = literalValue(prop(fkOpts, 'foreignKey'));
    const column = snake(typeof foreignKey === 'string' ? foreignKey : `${p.getName()}Id`);
    const onDelete = (literalValue(prop(fkOpts, 'onDelete')) as ForeignKey['onDelete'] | undefined) ?? 'RESTRICT';
    const ref = byClass.get(target);
    if (!ref) throw new ModelReadError(`${file}: ${cls.getName()}.${p.getName()} belongs to ${target}, which is no model`);
    foreignKeys.push({ name: pgName(`fk_${table}_${column}`), column, table: ref.table, onDelete });
  }
  const indexes: Index[] = [];
  const list = prop(opts, 'indexes');
  if (list && Node.isArrayLiteralExpression(list)) {
    for (const el of list.getElements()) {
      const v = literalValue(el) as { name?: string; fields?: unknown[]; unique?: boolean; where?: Record<string, unknown> } | undefined;
      const keys = Node.isObjectLiteralExpression(el) ? indexKeys(prop(el, 'fields')) : undefined;
      if (!v?.name || !keys)
        throw new ModelReadError(`${file}: every index of ${cls.getName()} needs a name and fields (column names, or fn('lower', col('x')))`);
      const whereKeys = v.where ? Object.keys(v.where) : [];
      indexes.push({
        name: v.name,
        columns: keys.map((k) => k.column),
        unique: v.unique === true,
        ...(whereKeys.length ? { where: whereKeys.map((k) => `${k} IS NULL`).join(' AND ') } : {}),
        ...(keys.some((k) => k.lower) ? { lower: true } : {}),
      });
    }
  }
  return { name: table, columns, indexes, foreignKeys, enums };
}

/** Reads every model of a project through the AST (no database, no import of user code). */
export function readModels(tree: Tree): Table[] {
  const project = new Project({ useInMemoryFileSystem: true });
  const raws: RawModel[] = [];
  for (const file of tree.list(MODELS_DIR)) {
    if (!file.endsWith('.ts') || file.endsWith('/index.ts')) continue;
    const source = project.createSourceFile(file, tree.read(file) ?? '');
    for (const cls of source.getClasses()) {
      const decorator = cls.getDecorator('Table');
      if (!decorator) continue;
      const options = decorator.getArguments()[0];
      const tableName = options && Node.isObjectLiteralExpression(options) ? literalValue(prop(options, 'tableName')) : undefined;
      if (typeof tableName !== 'string') throw new ModelReadError(`${file}: @Table of ${cls.getName()} names no tableName`);
      raws.push({ cls, file, table: tableName });
    }
  }
  const byClass = new Map(raws.map((r) => [r.cls.getName() ?? '', r]));
  return raws.map((r) => tableOf(r, byClass)).sort((a, b) => a.name.localeCompare(b.name));
}

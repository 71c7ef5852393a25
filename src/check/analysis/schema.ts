/** The schema as the database will see it: models (classes, init(), define()) plus what migrations declare. */
import pluralize from 'pluralize';
import ts from 'typescript';
import { snake } from '../../names.ts';
import type { CallGraph } from './graph.ts';
import { calledName, objectOf, prop, propName, propValue, unwrap } from './syntax.ts';

/** One attribute of a model. */
export interface Column {
  name: string;
  field: string;
  node: ts.Node;
  /** The DataType's name (STRING, TEXT, ...), when named. */
  type?: string;
  /** Whether the type was given a length or arguments: STRING(80). */
  sized: boolean;
  /** Whether a DataType is named at all (decorator metadata does not exist under esbuild). */
  named: boolean;
  unique: boolean;
}

/** A foreign key a model declares (through an attribute or an association). */
export interface ForeignKey {
  column: string;
  node: ts.Node;
  onDelete: boolean;
}

/** One model: its table, columns, indexes and options. */
export interface ModelFacts {
  name: string;
  table: string;
  /** The class, or the init()/define() call. */
  node: ts.Node;
  /** The declaration that names the model (class, or the variable define() is assigned to). */
  decl?: ts.Node;
  timestamps?: boolean;
  /** createdAt: false or updatedAt: false in the options */
  partialTimestamps?: boolean;
  softDelete: boolean;
  columns: Column[];
  indexes: Index[];
  fks: ForeignKey[];
  /** Attributes the default scope leaves out. */
  excluded: Set<string>;
  /** A toJSON of its own (which may drop fields). */
  toJSON: boolean;
}

/** An index, on a table (as written: model table or migration table name). */
export interface Index {
  table: string;
  columns: string[];
  unique: boolean;
}

/** A foreign key with ON DELETE declared in a migration. */
export interface MigrationFk {
  table: string;
  column: string;
  onDelete: boolean;
}

/** A column that marks rows deleted or inactive instead of removing them. */
const isSoftDeleteColumn = (c: Column): boolean => /^(deleted_?at|is_?active|archived_?at)$/i.test(c.field) || /^(deletedAt|isActive|archivedAt)$/.test(c.name);

/** Names compared loosely: case, underscores, plural. */
export const same = (a: string, b: string): boolean => a === b || loose(a) === loose(b);
const looseCache = new Map<string, string>();
function loose(s: string): string {
  let hit = looseCache.get(s);
  if (hit === undefined) {
    hit = pluralize.singular(s).toLowerCase().replace(/[_"]/g, '');
    looseCache.set(s, hit);
  }
  return hit;
}

/** The DataType named by an expression: DataType.STRING, DataTypes.STRING(80), Sequelize.TEXT, { type: ... }. */
function dataTypeOf(expr: ts.Expression | undefined): { type?: string; sized: boolean } {
  if (!expr) return { sized: false };
  const e = unwrap(expr);
  if (ts.isCallExpression(e)) return { type: dataTypeOf(e.expression).type, sized: e.arguments.length > 0 };
  if (ts.isPropertyAccessExpression(e) && /^[A-Z][A-Z0-9_]*$/.test(e.name.text)) return { type: e.name.text, sized: false };
  if (ts.isObjectLiteralExpression(e)) return dataTypeOf(propValue(e, 'type'));
  return { sized: false };
}

/** Whether an expression is the literal true (or false). */
export const isTrue = (e: ts.Expression | undefined): boolean => e !== undefined && e.kind === ts.SyntaxKind.TrueKeyword;
export const isFalse = (e: ts.Expression | undefined): boolean => e !== undefined && e.kind === ts.SyntaxKind.FalseKeyword;

/** A column from an attribute definition (`name: DataTypes.X` or `name: { type, unique, references, onDelete, field }`). */
function attributeColumn(name: string, node: ts.Node, value: ts.Expression, underscored: boolean, model: ModelFacts): void {
  const { type, sized } = dataTypeOf(value);
  const obj = ts.isObjectLiteralExpression(unwrap(value)) ? (unwrap(value) as ts.ObjectLiteralExpression) : undefined;
  const fieldValue = propValue(obj, 'field');
  const field = fieldValue && ts.isStringLiteral(fieldValue) ? fieldValue.text : underscored ? snake(name) : name;
  const unique = propValue(obj, 'unique');
  model.columns.push({ name, field, node, ...(type ? { type } : {}), sized, named: type !== undefined, unique: unique !== undefined && !isFalse(unique) });
  if (prop(obj, 'references')) model.fks.push({ column: field, node, onDelete: prop(obj, 'onDelete') !== undefined });
}

/** Indexes of an options object's `indexes: [...]`. */
function optionIndexes(options: ts.ObjectLiteralExpression | undefined, table: string, checker: ts.TypeChecker): Index[] {
  const list = propValue(options, 'indexes');
  if (!list || !ts.isArrayLiteralExpression(unwrap(list))) return [];
  return (unwrap(list) as ts.ArrayLiteralExpression).elements.flatMap((el) => {
    const obj = objectOf(el, checker);
    const fields = propValue(obj, 'fields');
    if (!fields || !ts.isArrayLiteralExpression(fields)) return [];
    const columns = fields.elements.map((f) => {
      const o = ts.isObjectLiteralExpression(f) ? (propValue(f, 'name') ?? propValue(f, 'attribute')) : f;
      return o && ts.isStringLiteralLike(o) ? o.text : (o?.getText() ?? '');
    });
    return [{ table, columns, unique: isTrue(propValue(obj, 'unique')) }];
  });
}

function applyOptions(model: ModelFacts, options: ts.ObjectLiteralExpression | undefined, checker: ts.TypeChecker): void {
  const tableName = propValue(options, 'tableName');
  if (tableName && ts.isStringLiteralLike(tableName)) model.table = tableName.text;
  const timestamps = propValue(options, 'timestamps');
  if (timestamps) model.timestamps = !isFalse(timestamps);
  if (isFalse(propValue(options, 'createdAt')) || isFalse(propValue(options, 'updatedAt'))) model.partialTimestamps = true;
  if (isTrue(propValue(options, 'paranoid'))) model.softDelete = true;
  model.indexes.push(...optionIndexes(options, model.table, checker));
  const scope = propValue(options, 'defaultScope');
  for (const name of excludedBy(scope)) model.excluded.add(name);
}

/** Attribute names a scope (object, or arrow returning one) excludes, or leaves out of an explicit attributes list. */
export function excludedBy(scope: ts.Expression | undefined): string[] {
  if (!scope) return [];
  let e = unwrap(scope);
  if (ts.isArrowFunction(e) && !ts.isBlock(e.body)) e = unwrap(e.body);
  if (!ts.isObjectLiteralExpression(e)) return [];
  const attrs = propValue(e, 'attributes');
  if (!attrs) return [];
  const a = unwrap(attrs);
  const strings = (x: ts.Expression | undefined) =>
    x && ts.isArrayLiteralExpression(unwrap(x)) ? (unwrap(x) as ts.ArrayLiteralExpression).elements.filter(ts.isStringLiteralLike).map((s) => s.text) : [];
  if (ts.isObjectLiteralExpression(a)) return strings(propValue(a, 'exclude'));
  if (ts.isArrayLiteralExpression(a)) return ['*except', ...strings(a)];
  return [];
}

function newModel(name: string, node: ts.Node, decl: ts.Node | undefined): ModelFacts {
  return {
    name,
    table: pluralize(name),
    node,
    ...(decl ? { decl } : {}),
    softDelete: false,
    columns: [],
    indexes: [],
    fks: [],
    excluded: new Set(),
    toJSON: false,
  };
}

const decorator = (node: ts.HasDecorators, name: string): ts.Decorator | undefined =>
  ts.getDecorators(node)?.find((d) => {
    const e = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
    return ts.isIdentifier(e) && e.text === name;
  });
const decoratorArgs = (d: ts.Decorator | undefined): readonly ts.Expression[] => (d && ts.isCallExpression(d.expression) ? d.expression.arguments : []);

/** A sequelize-typescript class (@Table) or a `class X extends Model` completed by `X.init(...)`. */
export function classModel(cls: ts.ClassDeclaration, checker: ts.TypeChecker): ModelFacts | undefined {
  const table = decorator(cls, 'Table');
  if (!table || !cls.name) return undefined;
  const model = newModel(cls.name.text, cls.name, cls);
  const options = objectOf(decoratorArgs(table)[0], checker);
  const underscored = isTrue(propValue(options, 'underscored'));
  applyOptions(model, options, checker);
  const scope = decorator(cls, 'DefaultScope');
  for (const name of excludedBy(decoratorArgs(scope)[0])) model.excluded.add(name);
  for (const member of cls.members) {
    if ((ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member)) && member.name.getText() === 'toJSON') model.toJSON = true;
    if (!ts.isPropertyDeclaration(member)) continue;
    const name = propName(member.name);
    if (decorator(member, 'DeletedAt')) model.softDelete = true;
    const column = decorator(member, 'Column');
    if (column) {
      const arg = decoratorArgs(column)[0];
      const before = model.columns.length;
      attributeColumn(name, member.name, arg ?? ts.factory.createObjectLiteralExpression(), underscored, model);
      const col = model.columns[before];
      if (col && decorator(member, 'Unique')) col.unique = true;
      if (col && decorator(member, 'Index')) model.indexes.push({ table: model.table, columns: [col.field], unique: false });
    }
    const fk = decorator(member, 'ForeignKey');
    if (fk) {
      const field = model.columns.find((c) => c.name === name)?.field ?? (underscored ? snake(name) : name);
      const onDelete = prop(objectOf(decoratorArgs(column)[0], checker), 'onDelete') !== undefined;
      model.fks.push({ column: field, node: member.name, onDelete });
    }
    for (const assoc of ['BelongsTo', 'HasMany', 'HasOne']) {
      const d = decorator(member, assoc);
      if (!d) continue;
      const opts = objectOf(decoratorArgs(d)[1], checker);
      const fkName = propValue(opts, 'foreignKey');
      if (prop(opts, 'onDelete') && assoc === 'BelongsTo' && fkName && ts.isStringLiteralLike(fkName)) {
        const fkCol = model.columns.find((c) => c.name === fkName.text);
        const hit = model.fks.find((f) => f.column === (fkCol?.field ?? fkName.text));
        if (hit) hit.onDelete = true;
      } else if (prop(opts, 'onDelete') && assoc === 'BelongsTo') {
        for (const f of model.fks) f.onDelete = true;
      }
    }
  }
  if (model.columns.some(isSoftDeleteColumn)) model.softDelete = true;
  return model;
}

/** A model from `X.init(attributes, options)` or `sequelize.define('name', attributes, options)`. */
export function callModel(call: ts.CallExpression, graph: CallGraph): ModelFacts | undefined {
  const name = calledName(call);
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const checker = graph.checker;
  if (name === 'init') {
    if (graph.db.kindOf(callee.expression) !== 'modelStatic') return undefined;
    const attrs = objectOf(call.arguments[0], checker);
    if (!attrs) return undefined;
    let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee.expression) ? callee.expression.name : callee.expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const decl = symbol?.valueDeclaration;
    const model = newModel(callee.expression.getText().split('.').pop() ?? '', call, decl);
    const options = objectOf(call.arguments[1], checker);
    const modelName = propValue(options, 'modelName');
    if (modelName && ts.isStringLiteralLike(modelName)) model.table = pluralize(modelName.text);
    fillAttributes(model, attrs, options, checker);
    if (decl && ts.isClassDeclaration(decl)) model.toJSON = decl.members.some((m) => m.name?.getText() === 'toJSON');
    return model;
  }
  if (name === 'define') {
    const first = call.arguments[0];
    const attrs = objectOf(call.arguments[1], checker);
    if (!first || !ts.isStringLiteralLike(first) || !attrs) return undefined;
    const typed = graph.db.kindOf(callee.expression) === 'sequelize';
    const looksDefined = attrs.properties.some((p) => ts.isPropertyAssignment(p) && dataTypeOf(p.initializer).type !== undefined);
    if (!typed && !looksDefined) return undefined;
    const parent = call.parent && ts.isVariableDeclaration(call.parent) ? call.parent : undefined;
    const model = newModel(first.text, call, parent);
    fillAttributes(model, attrs, objectOf(call.arguments[2], checker), checker);
    return model;
  }
  return undefined;
}

function fillAttributes(model: ModelFacts, attrs: ts.ObjectLiteralExpression, options: ts.ObjectLiteralExpression | undefined, checker: ts.TypeChecker): void {
  const underscored = isTrue(propValue(options, 'underscored'));
  applyOptions(model, options, checker);
  for (const p of attrs.properties) {
    if (ts.isPropertyAssignment(p)) attributeColumn(propName(p.name), p.name, p.initializer, underscored, model);
  }
  if (model.columns.some(isSoftDeleteColumn)) model.softDelete = true;
}

/** What the migrations declare: indexes and foreign keys, by table. */
export interface MigrationSchema {
  indexes: Index[];
  fks: MigrationFk[];
}

const INDEX_METHODS = new Set(['addIndex', 'createTable', 'addColumn', 'addConstraint', 'changeColumn']);

/** Indexes and FKs from queryInterface calls in a migration file (SQL is parsed separately). */
export function migrationCalls(sf: ts.SourceFile, checker: ts.TypeChecker, out: MigrationSchema): void {
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && INDEX_METHODS.has(calledName(n) ?? '')) readMigrationCall(n, checker, out);
    ts.forEachChild(n, visit);
  };
  visit(sf);
}

function tableArg(e: ts.Expression | undefined, checker: ts.TypeChecker): string | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  if (ts.isStringLiteralLike(u)) return u.text;
  const obj = objectOf(u, checker);
  const t = propValue(obj, 'tableName');
  return t && ts.isStringLiteralLike(t) ? t.text : undefined;
}

const strings = (e: ts.Expression | undefined): string[] =>
  e && ts.isArrayLiteralExpression(unwrap(e))
    ? (unwrap(e) as ts.ArrayLiteralExpression).elements.map((x) => {
        const v = ts.isObjectLiteralExpression(x) ? (propValue(x, 'name') ?? propValue(x, 'attribute')) : x;
        return v && ts.isStringLiteralLike(v) ? v.text : '';
      })
    : [];

function readMigrationCall(call: ts.CallExpression, checker: ts.TypeChecker, out: MigrationSchema): void {
  const method = calledName(call);
  const table = tableArg(call.arguments[0], checker);
  if (!table) return;
  const columnDef = (column: string, def: ts.Expression | undefined) => {
    const obj = objectOf(def, checker);
    if (!obj) return;
    if (prop(obj, 'references')) out.fks.push({ table, column, onDelete: prop(obj, 'onDelete') !== undefined });
    const unique = propValue(obj, 'unique');
    if (unique && !isFalse(unique)) out.indexes.push({ table, columns: [column], unique: true });
    if (isTrue(propValue(obj, 'primaryKey'))) out.indexes.push({ table, columns: [column], unique: true });
  };
  if (method === 'createTable') {
    const cols = objectOf(call.arguments[1], checker);
    for (const p of cols?.properties ?? []) if (ts.isPropertyAssignment(p)) columnDef(propName(p.name), p.initializer);
  } else if (method === 'addColumn' || method === 'changeColumn') {
    const col = call.arguments[1];
    if (col && ts.isStringLiteralLike(col)) columnDef(col.text, call.arguments[2]);
  } else if (method === 'addIndex') {
    const second = call.arguments[1];
    const obj = objectOf(second, checker);
    const columns = obj ? strings(propValue(obj, 'fields')) : strings(second);
    const options = obj ?? objectOf(call.arguments[2], checker);
    if (columns.length) out.indexes.push({ table, columns, unique: isTrue(propValue(options, 'unique')) });
  } else if (method === 'addConstraint') {
    const obj = objectOf(call.arguments[1], checker);
    const type = propValue(obj, 'type');
    const kind = type && ts.isStringLiteralLike(type) ? type.text.toLowerCase() : '';
    const fields = strings(propValue(obj, 'fields'));
    if (kind === 'foreign key') for (const column of fields) out.fks.push({ table, column, onDelete: prop(obj, 'onDelete') !== undefined });
    if (kind === 'unique' || kind === 'primary key') out.indexes.push({ table, columns: fields, unique: true });
  }
}

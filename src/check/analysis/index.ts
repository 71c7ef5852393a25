/** What the project's code does, computed once per check: database calls, the call graph, handlers, roles and the schema. */
import path from 'node:path';
import ts from 'typescript';
import type { Table } from '../../snapshot/types.ts';
import type { DbCall } from './db.ts';
import { CallGraph } from './graph.ts';
import { type Handler, handlersOfCall, nestHandlers } from './http.ts';
import { callModel, classModel, type ForeignKey, type Index, type MigrationSchema, type ModelFacts, migrationCalls, same } from './schema.ts';
import { loadSqlParser, readSql } from './sql.ts';
import { atImportTime, calledName, enclosingFn, type Fn, forEachDescendant, isFn, objectOf, prop, propValue, unwrap } from './syntax.ts';
import { createProgram } from './program.ts';

/** What a file is, judged by what its code does (folder names are only a tie-break, and config can map them). */
export type Role = 'model' | 'migration' | 'route' | 'db' | 'repository' | 'query' | 'service' | 'other';

/** One source file of the project. */
export interface ProjectFile {
  rel: string;
  sf: ts.SourceFile;
  text: string;
  role: Role;
  /** Whether findings in this file are reported (all files, or those --changed selected). */
  focus: boolean;
  calls: ts.CallExpression[];
  news: ts.NewExpression[];
  classes: ts.ClassDeclaration[];
}

/** An engine the app creates: a Sequelize instance or a pg Pool or Client. */
export interface Engine {
  kind: 'sequelize' | 'pool' | 'client';
  node: ts.NewExpression;
  file: ProjectFile;
}

const HINTS: Array<[RegExp, Role]> = [
  [/^migrations?$/, 'migration'],
  [/^(repositor(y|ies)|daos?|stores?)$|repository$/i, 'repository'],
  [/^services?$|service$/i, 'service'],
  [/^(routes?|controllers?|handlers?|api)$|(routes?|controller|handler)$/i, 'route'],
  [/^(quer(y|ies)|sql|analytics)$/, 'query'],
];

/** The role a path suggests: the file's own name first, then its folders from the nearest out. */
function hintOf(rel: string): Role | undefined {
  const parts = rel.split('/');
  const names = [parts[parts.length - 1]?.replace(/\.[cm]?[jt]sx?$/, '') ?? '', ...parts.slice(0, -1).reverse()];
  for (const name of names) {
    const hit = HINTS.find(([re]) => re.test(name))?.[1];
    if (hit) return hit;
  }
  return undefined;
}

const ASSOCIATIONS = new Set(['belongsTo', 'hasMany', 'hasOne']);

/** The name a function is declared under (function, method, const or property holding one, `exports.x =`). */
function declaredFnName(n: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n)) && n.name) return n.name.getText();
  if ((ts.isVariableDeclaration(n) || ts.isPropertyAssignment(n) || ts.isPropertyDeclaration(n)) && n.initializer && isFn(unwrap(n.initializer)))
    return n.name.getText();
  if (ts.isShorthandPropertyAssignment(n)) return n.name.text;
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && isFn(unwrap(n.right)))
    return n.left.name.text;
  return undefined;
}

/** The expressions a function returns (its expression body, or its return statements outside nested functions). */
export function returnedValues(fn: Fn): ts.Expression[] {
  if (fn.body && !ts.isBlock(fn.body)) return [fn.body];
  const out: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (isFn(n)) return;
    if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
    ts.forEachChild(n, visit);
  };
  if (fn.body) ts.forEachChild(fn.body, visit);
  return out;
}

/** Maps folder prefixes to roles (strata.config.json "roles"). */
export type RoleHints = Record<string, Role>;

/** The analysis of one project. */
export class Analysis {
  readonly files: ProjectFile[] = [];
  readonly graph: CallGraph;
  readonly checker: ts.TypeChecker;
  readonly handlers: Handler[] = [];
  readonly models: ModelFacts[] = [];
  readonly migrations: MigrationSchema = { indexes: [], fks: [] };
  readonly engines: Engine[] = [];
  /** Extra indexes (the live catalog, with --database). */
  readonly catalogIndexes: Index[] = [];
  /** `X.belongsTo(Y, ...)`, `X.hasMany(Y, ...)`, `X.hasOne(Y, ...)` calls. */
  readonly associations: ts.CallExpression[] = [];
  readonly emitsDecoratorMetadata: boolean;
  private readonly byName = new Map<string, ProjectFile>();
  private fromHandlers?: Set<Fn>;
  private handlerFiles?: Set<ts.SourceFile>;
  private modelFiles?: Set<ts.SourceFile>;
  private associationEnds?: Array<{ call: ts.CallExpression; source?: ModelFacts; target?: ModelFacts }>;
  private handlerSet?: Set<Fn>;

  private constructor(
    readonly root: string,
    program: ts.Program,
    sources: Map<string, string>,
    focus: (rel: string) => boolean,
    hints: RoleHints,
  ) {
    this.checker = program.getTypeChecker();
    this.emitsDecoratorMetadata = Boolean(program.getCompilerOptions().emitDecoratorMetadata);
    this.graph = new CallGraph(this.checker, (f) => this.byName.has(path.resolve(f)));
    for (const sf of program.getSourceFiles()) {
      const abs = path.resolve(sf.fileName);
      const text = sources.get(abs);
      if (text === undefined) continue;
      const rel = path.relative(root, abs).split(path.sep).join('/');
      const file: ProjectFile = { rel, sf, text, role: 'other', focus: focus(rel), calls: [], news: [], classes: [] };
      forEachDescendant(sf, (n) => {
        if (ts.isCallExpression(n)) file.calls.push(n);
        else if (ts.isNewExpression(n)) file.news.push(n);
        else if (ts.isClassDeclaration(n)) file.classes.push(n);
        const name = declaredFnName(n);
        if (name) this.graph.names.add(name);
      });
      this.files.push(file);
      this.byName.set(abs, file);
    }
    this.files.sort((a, b) => a.rel.localeCompare(b.rel));
    for (const file of this.files) this.index(file);
    for (const file of this.files) file.role = this.roleOf(file, hints);
    const handlers = this.handlerFns();
    this.graph.isBoundary = (fn) => handlers.has(fn);
  }

  /** Parses and indexes the project (the given files and what they import). */
  static async create(
    root: string,
    sources: Map<string, string>,
    focus: (rel: string) => boolean,
    hints: RoleHints = {},
    catalog?: Table[],
  ): Promise<Analysis> {
    const program = createProgram(root, [...sources.keys()]);
    const analysis = new Analysis(root, program, sources, focus, hints);
    await analysis.readMigrationSql();
    if (catalog) analysis.addCatalog(catalog);
    return analysis;
  }

  /** The file a node is in. */
  fileOf(node: ts.Node): ProjectFile | undefined {
    return this.byName.get(path.resolve(node.getSourceFile().fileName));
  }

  /** The database call a call makes directly. */
  db(call: ts.CallExpression): DbCall | undefined {
    return this.graph.dbCall(call);
  }

  private index(file: ProjectFile): void {
    for (const call of file.calls) {
      this.handlers.push(...handlersOfCall(call, this.graph));
      const name = calledName(call) ?? '';
      if (ASSOCIATIONS.has(name) && call.arguments.length > 0) this.associations.push(call);
      const model = ['init', 'define'].includes(name) ? callModel(call, this.graph) : undefined;
      if (model) this.models.push(model);
    }
    for (const cls of file.classes) {
      this.handlers.push(...nestHandlers(cls, this.checker));
      const model = classModel(cls, this.checker);
      if (model) this.models.push(model);
    }
    for (const node of file.news) {
      // Only a constructor named like an engine (or imported as one under another name) is worth a type query.
      if (!/(Sequelize|Pool|Client)$/.test(node.expression.getText()) && !this.aliasOfEngine(node.expression)) continue;
      const kind = this.graph.db.engineOf(node);
      if (kind) this.engines.push({ kind, node, file });
    }
  }

  /** `import { Sequelize as LegacyOrm }`: the name the identifier was imported under. */
  private aliasOfEngine(expr: ts.Expression): boolean {
    if (!ts.isIdentifier(expr)) return false;
    const symbol = this.checker.getSymbolAtLocation(expr);
    return symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0 && /^(Sequelize|Pool|Client)$/.test(this.checker.getAliasedSymbol(symbol).name);
  }

  private roleOf(file: ProjectFile, hints: RoleHints): Role {
    const mapped = Object.entries(hints).find(([prefix]) => file.rel.startsWith(prefix.replace(/\/?$/, '/')) || file.rel === prefix);
    if (mapped) return mapped[1];
    const hint = hintOf(file.rel);
    if (this.isMigration(file, hint)) return 'migration';
    this.handlerFiles ??= new Set(this.handlers.map((h) => h.fn.getSourceFile()));
    this.modelFiles ??= new Set(this.models.map((m) => m.node.getSourceFile()));
    if (this.modelFiles.has(file.sf)) return 'model';
    if (this.handlerFiles.has(file.sf)) return 'route';
    if (this.engines.some((e) => e.file === file)) return 'db';
    const classes = file.classes.map((c) => c.name?.text ?? '');
    if (classes.some((n) => /(Repository|Repo|Dao)$/.test(n))) return 'repository';
    if (classes.some((n) => /Service$/.test(n))) return 'service';
    if (hint === 'service' || hint === 'repository') return hint;
    const direct = file.calls.map((c) => this.db(c)).filter((d) => d && (d.op === 'read' || d.op === 'write'));
    const raw = direct.some((d) => d?.layer === 'raw');
    const orm = direct.some((d) => d?.layer === 'orm');
    // Both layers: one function mixing them is a service (layer-mixed-data-layers); a raw module with an ORM call is a query module.
    const mixing =
      raw &&
      orm &&
      [...new Set(direct.map((d) => d && enclosingFn(d.node)))].some(
        (fn) =>
          fn && direct.some((d) => d?.layer === 'raw' && enclosingFn(d.node) === fn) && direct.some((d) => d?.layer === 'orm' && enclosingFn(d.node) === fn),
      );
    if (hint === 'query' || (raw && !mixing)) return 'query';
    if (orm || raw) return 'service';
    if (hint) return hint;
    return 'other';
  }

  /** A migration exports `up` (ESM or CommonJS) and lives in a migrations folder or changes the schema. */
  private isMigration(file: ProjectFile, hint: Role | undefined): boolean {
    if (!/\bup\b/.test(file.text)) return false;
    const up = this.exportedFn(file, 'up');
    if (!up) return false;
    if (hint === 'migration') return true;
    return file.calls.some((c) =>
      /^(createTable|addColumn|addIndex|removeColumn|dropTable|changeColumn|renameColumn|addConstraint|bulkInsert)$/.test(calledName(c) ?? ''),
    );
  }

  /** The function a file exports under a name (`export const up`, `export async function up`, `module.exports = { up }`, `exports.up =`). */
  exportedFn(file: ProjectFile, name: string): ts.Node | undefined {
    const symbol = this.checker.getSymbolAtLocation(file.sf);
    const exported = symbol ? this.checker.getExportsOfModule(symbol).find((s) => s.name === name) : undefined;
    const fromDefault = symbol ? this.checker.getExportsOfModule(symbol).find((s) => s.name === 'default') : undefined;
    for (const sym of [
      exported,
      fromDefault?.valueDeclaration && !exported ? this.checker.getPropertyOfType(this.checker.getTypeOfSymbol(fromDefault), name) : undefined,
    ]) {
      const decl = sym?.valueDeclaration;
      if (decl) return decl;
    }
    // module.exports = { up, down } / exports.up = ... read from the syntax when the checker gives no export.
    for (const stmt of file.sf.statements) {
      if (!ts.isExpressionStatement(stmt) || !ts.isBinaryExpression(stmt.expression)) continue;
      const { left, right } = stmt.expression;
      const target = left.getText();
      if ((target === 'module.exports' || target === 'exports') && ts.isObjectLiteralExpression(unwrap(right))) {
        const p = prop(unwrap(right) as ts.ObjectLiteralExpression, name);
        if (p) return p;
      }
      if (target === `exports.${name}` || target === `module.exports.${name}`) return left;
    }
    return undefined;
  }

  /** The functions registered as HTTP handlers. */
  handlerFns(): Set<Fn> {
    this.handlerSet ??= new Set(this.handlers.map((h) => h.fn));
    return this.handlerSet;
  }

  /** Every project function a handler runs, directly or through calls (handlers included). */
  reachableFromHandlers(): Set<Fn> {
    if (this.fromHandlers) return this.fromHandlers;
    const seen = new Set<Fn>();
    const queue = [...this.handlerFns()];
    while (queue.length) {
      const fn = queue.pop() as Fn;
      if (seen.has(fn)) continue;
      seen.add(fn);
      forEachDescendant(fn, (n) => {
        if (ts.isCallExpression(n)) {
          const callee = this.graph.callee(n);
          if (callee && !seen.has(callee)) queue.push(callee);
        }
      });
    }
    this.fromHandlers = seen;
    return seen;
  }

  /** Adds what a live catalog has (indexes, foreign keys with their ON DELETE) to what the code declares. */
  addCatalog(tables: Table[]): void {
    for (const t of tables) {
      for (const i of t.indexes) this.catalogIndexes.push({ table: t.name, columns: i.columns, unique: i.unique });
      // The catalog cannot tell a default NO ACTION from a written one; CASCADE and SET NULL were written.
      for (const fk of t.foreignKeys) this.migrations.fks.push({ table: t.name, column: fk.column, onDelete: fk.onDelete !== 'RESTRICT' });
    }
  }

  /** The calls of a project function, anywhere in the project. */
  callersOf(fn: Fn): ts.CallExpression[] {
    return this.graph.callersOf(fn, () => this.files.flatMap((f) => f.calls));
  }

  /** Whether a node runs while serving a request: inside a handler, or in a function a handler reaches. */
  onRequestPath(node: ts.Node): boolean {
    const reachable = this.reachableFromHandlers();
    for (let fn = enclosingFn(node); fn; fn = enclosingFn(fn)) if (reachable.has(fn)) return true;
    return false;
  }

  /** The model an expression names or holds (a model class, a define() result, or a row loaded from one). */
  modelOf(expr: ts.Expression, depth = 0): ModelFacts | undefined {
    if (depth > 4) return undefined;
    const e = unwrap(expr);
    if (ts.isCallExpression(e)) {
      const db = this.db(e);
      if (db?.kind === 'modelStatic' && ts.isPropertyAccessExpression(e.expression)) return this.modelOf(e.expression.expression, depth + 1);
      const callee = this.graph.callee(e);
      for (const r of callee ? returnedValues(callee) : []) {
        const m = this.modelOf(r, depth + 1);
        if (m) return m;
      }
      return undefined;
    }
    const at = ts.isPropertyAccessExpression(e) ? e.name : e;
    let symbol = this.checker.getSymbolAtLocation(at);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const decl = symbol?.valueDeclaration;
    if (decl) {
      const model = this.models.find((m) => m.decl === decl);
      if (model) return model;
      if (ts.isVariableDeclaration(decl) && decl.initializer) {
        const init = unwrap(decl.initializer);
        if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && this.db(init)?.kind === 'modelStatic')
          return this.modelOf(init.expression.expression, depth + 1);
        if (ts.isCallExpression(init) && calledName(init) === 'define') return this.models.find((m) => m.node === init);
        if (ts.isCallExpression(init)) {
          const callee = this.graph.callee(init);
          if (callee)
            for (const r of returnedValues(callee)) {
              const m = this.modelOf(r, depth + 1);
              if (m) return m;
            }
        }
      }
    }
    // An instance typed by its class.
    const type = this.checker.getTypeAtLocation(e);
    const cls = (type.isUnion() ? type.types : [type]).map((t) => t.getSymbol()?.valueDeclaration).find((d) => d && ts.isClassDeclaration(d));
    if (cls) return this.models.find((m) => m.decl === cls);
    // sequelize.models.SavedSearch, db.SavedSearch: by name, when exactly one model has it.
    const name = ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
    const named = name ? this.models.filter((m) => m.name === name) : [];
    return named.length === 1 && this.db.length >= 0 && depth === 0 && /\bmodels?\b|\bdb\b/.test(e.getText()) ? named[0] : this.viaVariable(e, depth);
  }

  /** const SavedSearch = getSequelize().models.SavedSearch; SavedSearch.destroy(...) */
  private viaVariable(e: ts.Expression, depth: number): ModelFacts | undefined {
    if (!ts.isIdentifier(e) || depth > 0) return undefined;
    const decl = this.checker.getSymbolAtLocation(e)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isPropertyAccessExpression(unwrap(decl.initializer)))
      return this.modelOf(decl.initializer, 0);
    return undefined;
  }

  /** The model whose table has this name. */
  modelOfTable(table: string): ModelFacts | undefined {
    return this.models.find((m) => same(m.table, table));
  }

  /** A model's foreign keys: its attributes' references, its associations' keys, with ON DELETE from any of them or a migration. */
  foreignKeysOf(model: ModelFacts): ForeignKey[] {
    const out = model.fks.map((fk) => ({ ...fk }));
    this.associationEnds ??= this.associations.map((call) => ({
      call,
      source: ts.isPropertyAccessExpression(call.expression) ? this.modelOf(call.expression.expression) : undefined,
      target: call.arguments[0] ? this.modelOf(call.arguments[0]) : undefined,
    }));
    for (const { call, source, target } of this.associationEnds) {
      const belongs = calledName(call) === 'belongsTo';
      if ((belongs ? source : target) !== model) continue;
      const options = objectOf(call.arguments[1], this.checker);
      let key = propValue(options, 'foreignKey');
      if (key && ts.isObjectLiteralExpression(key)) key = propValue(key, 'name');
      // The other end's name, from the model or (models.Product) from the text.
      const otherName = (belongs ? target?.name : source?.name) ?? (belongs ? call.arguments[0]?.getText().split('.').pop() : undefined);
      if (!(key && ts.isStringLiteralLike(key)) && !otherName) continue;
      const column = key && ts.isStringLiteralLike(key) ? key.text : `${otherName?.charAt(0).toLowerCase()}${otherName?.slice(1)}Id`;
      const onDelete = prop(options, 'onDelete') !== undefined;
      const hit = out.find((f) => same(f.column, column) || model.columns.some((c) => same(c.name, column) && same(c.field, f.column)));
      if (hit) hit.onDelete ||= onDelete;
      else if (belongs || !model.columns.length || model.columns.some((c) => same(c.name, column) || same(c.field, column))) {
        const col = model.columns.find((c) => same(c.name, column) || same(c.field, column));
        out.push({ column: col?.field ?? column, node: call, onDelete });
      }
    }
    for (const fk of out) fk.onDelete ||= this.migrations.fks.some((m) => m.onDelete && same(m.table, model.table) && same(m.column, fk.column));
    return out;
  }

  /** Every index on a model's table: the model's own, the migrations', the live catalog's. */
  indexesOf(model: ModelFacts): Index[] {
    const onTable = (i: Index) => same(i.table, model.table);
    return [...model.indexes, ...this.migrations.indexes.filter(onTable), ...this.catalogIndexes.filter(onTable)];
  }

  /** Whether a column leads some index of the model's table (the primary key counts). */
  isIndexed(model: ModelFacts, column: string): boolean {
    if (same(column, 'id')) return true;
    const col = model.columns.find((c) => c.name === column || c.field === column);
    const names = [column, col?.field, col?.name].filter((x): x is string => !!x);
    if (col?.unique) return true;
    return this.indexesOf(model).some((i) => names.some((n) => same(i.columns[0] ?? '', n)));
  }

  private async readMigrationSql(): Promise<void> {
    const sql: string[] = [];
    for (const file of this.files.filter((f) => f.role === 'migration')) {
      migrationCalls(file.sf, this.checker, this.migrations);
      forEachDescendant(file.sf, (n) => {
        if (!ts.isCallExpression(n)) return;
        const arg = n.arguments[0];
        const text =
          arg &&
          (ts.isStringLiteralLike(arg)
            ? arg.text
            : ts.isTemplateExpression(arg)
              ? arg.head.text + arg.templateSpans.map((s) => `x${s.literal.text}`).join('')
              : undefined);
        if (text && /^\s*(CREATE|ALTER)\b/i.test(text)) sql.push(text);
      });
    }
    if (!sql.length) return;
    await loadSqlParser();
    for (const text of sql) readSql(text, this.migrations);
  }

  /** Whether a call is inside a function (or the file) this node belongs to, for rules that look at one function. */
  static fnOf(node: ts.Node): Fn | undefined {
    return enclosingFn(node);
  }

  /** Whether a node runs at import time. */
  static atImportTime = atImportTime;
  /** Whether a node is a function. */
  static isFn = isFn;
}

/** What the project's code does, computed once per check: database calls, the call graph, handlers, roles and the schema. */
import path from 'node:path';
import ts from 'typescript';
import type { Table } from '../../snapshot/types.ts';
import { type DbCall, namedLikeEngine, sqlText } from './db.ts';
import { CallGraph } from './graph.ts';
import { type Handler, handlersOfCall, nestHandlers } from './http.ts';
import { callModel, classModel, type ForeignKey, type Index, type MigrationSchema, type ModelFacts, migrationCalls, same } from './schema.ts';
import { isDdl, loadSqlParser, readSql } from './sql.ts';
import { calledName, enclosingFn, type Fn, forEachDescendant, isFn, objectOf, propValue, unwrap } from './syntax.ts';
import { fail } from '../../errors.ts';
import { createProgram, missingDrivers } from './program.ts';
import { foreignKeysOf, modelOf } from './models.ts';
import { exportedFn, type Role, type RoleHints, roleOf } from './roles.ts';

export type { Role, RoleHints } from './roles.ts';
export { returnedValues } from './syntax.ts';

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
  /** Both ends of each association, resolved once (models.ts). */
  associationEnds?: Array<{ call: ts.CallExpression; source?: ModelFacts; target?: ModelFacts }>;
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
      // Every project file the program reached counts (a --changed run's callees included); only the sources can be in focus.
      const inProject = !sf.isDeclarationFile && !/[\\/]node_modules[\\/]/.test(abs) && !path.relative(root, abs).startsWith('..');
      const text = sources.get(abs) ?? (inProject ? sf.text : undefined);
      if (text === undefined) continue;
      const rel = path.relative(root, abs).split(path.sep).join('/');
      const file: ProjectFile = { rel, sf, text, role: 'other', focus: sources.has(abs) && focus(rel), calls: [], news: [], classes: [] };
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
    const seen = { handlerFiles: new Set(this.handlers.map((h) => h.fn.getSourceFile())), modelFiles: new Set(this.models.map((m) => m.node.getSourceFile())) };
    for (const file of this.files) file.role = roleOf(this, file, hints, seen);
    const handlers = this.handlerFns();
    this.graph.isBoundary = (fn) => handlers.has(fn);
    const aliases = this.files.flatMap((f) =>
      f.calls
        .filter((call) => /^(belongsTo|hasMany|hasOne|belongsToMany)$/.test(calledName(call) ?? ''))
        .flatMap((call) => {
          const as = propValue(objectOf(call.arguments[1], this.checker), 'as');
          return as && ts.isStringLiteralLike(as) ? [as.text] : [];
        }),
    );
    const named = [...this.models.map((m) => m.name), ...aliases];
    this.graph.db.associationNamed = (name) => named.some((n) => same(n, name));
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
    const missing = missingDrivers(program, sources.values());
    if (missing.length)
      fail(
        'STRATA_CHECK_DEPS',
        `the project imports ${missing.join(', ')} but ${missing.length > 1 ? 'their types are' : 'its types are'} not installed, so no database call could be recognised; run npm ci (or npm install) first`,
      );
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
      if (!namedLikeEngine(node.expression.getText()) && !this.aliasOfEngine(node.expression)) continue;
      const kind = this.graph.db.engineOf(node);
      if (kind) this.engines.push({ kind, node, file });
    }
  }

  /** `import { Sequelize as LegacyOrm }`: the name the identifier was imported under. */
  private aliasOfEngine(expr: ts.Expression): boolean {
    if (!ts.isIdentifier(expr)) return false;
    const symbol = this.checker.getSymbolAtLocation(expr);
    return symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0 && namedLikeEngine(this.checker.getAliasedSymbol(symbol).name);
  }

  /** The function a file exports under a name (see roles.ts). */
  exportedFn(file: ProjectFile, name: string): ts.Node | undefined {
    return exportedFn(this.checker, file, name);
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
  modelOf(expr: ts.Expression): ModelFacts | undefined {
    return modelOf(this, expr);
  }

  /** The model whose table has this name. */
  modelOfTable(table: string): ModelFacts | undefined {
    return this.models.find((m) => same(m.table, table));
  }

  /** A model's foreign keys: its attributes' references, its associations' keys, with ON DELETE from any of them, a migration or the catalog. */
  foreignKeysOf(model: ModelFacts): ForeignKey[] {
    return foreignKeysOf(this, model);
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
        const text = ts.isCallExpression(n) ? sqlText(n.arguments[0], this.checker, 'x') : undefined;
        if (text && isDdl(text)) sql.push(text);
      });
    }
    // migration-lock-safety parses every migration's SQL too.
    if (!this.files.some((f) => f.role === 'migration')) return;
    await loadSqlParser();
    for (const text of sql) readSql(text, this.migrations);
  }
}

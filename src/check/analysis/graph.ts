/** The project's call graph: which function a call reaches, and what each function does to the database, one or more calls deep. */
import ts from 'typescript';
import { type DbCall, DbTypes, sqlText } from './db.ts';
import { callsIn, isFn, type Fn, unwrap } from './syntax.ts';

/** A health ping (`SELECT 1`) touches no table and belongs to no feature. */
const isPing = (call: ts.CallExpression, checker: ts.TypeChecker): boolean => /^\s*SELECT\s+1\s*;?\s*$/i.test(sqlText(call.arguments[0], checker) ?? '');

/** A chain of calls from a function down to the database call it reaches. */
export type Path = ts.CallExpression[];

/** What a function does to the database, each with one example path. */
export interface Reach {
  read?: Path;
  write?: Path;
  /** Writes with no transaction around them. */
  looseWrite?: Path;
  /** Writes that use a transaction only when the caller passes one. */
  paramWrite?: Path;
  orm?: Path;
  raw?: Path;
}

const KEYS = ['read', 'write', 'looseWrite', 'paramWrite', 'orm', 'raw'] as const;

/** How a write is protected: inside a transaction, by a transaction the caller passes, or not at all. */
export type Protection = 'tx' | 'param' | 'none';

/** The call graph over the project's source files (declarations outside them are never followed). */
export class CallGraph {
  readonly db: DbTypes;
  private readonly dbCalls = new Map<ts.CallExpression, DbCall | null>();
  private readonly callees = new Map<ts.CallExpression, Fn | null>();
  private readonly reaches = new Map<Fn, Reach>();

  /** Functions that run on their own (HTTP handlers): a function that registers one does not do what the handler does. */
  isBoundary: (fn: Fn) => boolean = () => false;

  /** The calls a function makes itself, nested callbacks included, handlers it registers not. */
  ownCalls(fn: Fn): ts.CallExpression[] {
    const out: ts.CallExpression[] = [];
    const visit = (n: ts.Node): void => {
      if (n !== fn && isFn(n) && this.isBoundary(n)) return;
      if (ts.isCallExpression(n)) out.push(n);
      ts.forEachChild(n, visit);
    };
    visit(fn);
    return out;
  }

  /** Names of the functions the project declares: a call by any other name cannot reach one, so the checker is not asked. */
  readonly names = new Set<string>();

  constructor(
    readonly checker: ts.TypeChecker,
    private readonly isProjectFile: (fileName: string) => boolean,
  ) {
    this.db = new DbTypes(checker);
  }

  /** The database call a call makes directly, if any. */
  dbCall(call: ts.CallExpression): DbCall | undefined {
    let hit = this.dbCalls.get(call);
    if (hit === undefined) {
      hit = this.db.callOf(call) ?? null;
      this.dbCalls.set(call, hit);
    }
    return hit ?? undefined;
  }

  /** The project function a call invokes, when the checker resolves it. */
  callee(call: ts.CallExpression): Fn | undefined {
    let hit = this.callees.get(call);
    if (hit === undefined) {
      const e = call.expression;
      const name = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e) ? e.text : undefined;
      hit = name !== undefined && !this.names.has(name) ? null : (this.resolve(e) ?? null);
      this.callees.set(call, hit);
    }
    return hit ?? undefined;
  }

  /** The project function an expression refers to (a function, a method, a const arrow, an object's property). */
  resolve(expr: ts.Expression): Fn | undefined {
    const e = unwrap(expr);
    if (isFn(e)) return e;
    const at = ts.isPropertyAccessExpression(e) ? e.name : ts.isIdentifier(e) ? e : undefined;
    if (!at) return undefined;
    let symbol = this.checker.getSymbolAtLocation(at);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    for (const decl of symbol?.declarations ?? []) {
      if (!this.isProjectFile(decl.getSourceFile().fileName)) continue;
      if (isFn(decl)) return decl;
      if (ts.isShorthandPropertyAssignment(decl)) {
        const value = this.checker.getShorthandAssignmentValueSymbol(decl);
        const d = value?.valueDeclaration;
        if (d && isFn(d)) return d;
        if (d && ts.isVariableDeclaration(d) && d.initializer && isFn(unwrap(d.initializer))) return unwrap(d.initializer) as Fn;
      }
      const init =
        ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl) || ts.isPropertyDeclaration(decl)
          ? decl.initializer
          : ts.isBinaryExpression(decl)
            ? decl.right
            : undefined;
      if (init && isFn(unwrap(init))) return unwrap(init) as Fn;
    }
    return undefined;
  }

  private callers?: Map<Fn, ts.CallExpression[]>;

  /** The calls that invoke a project function (built once, from every call of the given files). */
  callersOf(fn: Fn, allCalls: () => Iterable<ts.CallExpression>): ts.CallExpression[] {
    if (!this.callers) {
      this.callers = new Map();
      for (const call of allCalls()) {
        const callee = this.callee(call);
        if (callee) this.callers.set(callee, [...(this.callers.get(callee) ?? []), call]);
      }
    }
    return this.callers.get(fn) ?? [];
  }

  /** What a function reaches, through direct calls and project calls (cycles cut). */
  reach(fn: Fn): Reach {
    const hit = this.reaches.get(fn);
    if (hit) return hit;
    const r: Reach = {};
    this.reaches.set(fn, r);
    for (const call of this.ownCalls(fn)) {
      const db = this.dbCall(call);
      if (db) {
        if (db.op === 'read') r.read ??= [call];
        if (db.op === 'write') {
          r.write ??= [call];
          const p = this.protection(call);
          if (p === 'none') r.looseWrite ??= [call];
          if (p === 'param') r.paramWrite ??= [call];
        }
        if ((db.op === 'read' && !isPing(call, this.checker)) || db.op === 'write' || db.op === 'tx' || db.op === 'connect') r[db.layer] ??= [call];
        continue;
      }
      const callee = this.callee(call);
      if (!callee || callee === fn) continue;
      const sub = this.reach(callee);
      for (const key of KEYS) if (sub[key] && !r[key] && key !== 'looseWrite' && key !== 'paramWrite') r[key] = [call, ...sub[key]];
      const site = this.siteWrite(call, sub);
      if (site === 'none') r.looseWrite ??= [call, ...(sub.looseWrite ?? sub.paramWrite ?? [])];
      if (site === 'param') r.paramWrite ??= [call, ...(sub.paramWrite ?? [])];
    }
    return r;
  }

  /** How the write at a call site is protected, given what the callee does (for project calls). */
  siteWrite(call: ts.CallExpression, sub: Reach): Protection | undefined {
    if (!sub.looseWrite && !sub.paramWrite) return undefined;
    if (this.inTransactionCallback(call)) return 'tx';
    if (sub.looseWrite) return 'none';
    return this.passesTransaction(call);
  }

  /** How a direct write is protected. */
  protection(call: ts.CallExpression): Protection {
    if (this.inTransactionCallback(call)) return 'tx';
    const db = this.dbCall(call);
    if (db?.layer === 'raw' && this.beginsTransaction(call)) return 'tx';
    return this.passesTransaction(call);
  }

  /** Whether a call passes a transaction: a Transaction-typed argument or a `{ transaction }` option; 'param' when it only forwards its own caller's. */
  passesTransaction(call: ts.CallExpression): Protection {
    for (const arg of call.arguments) {
      const a = unwrap(arg);
      let value: ts.Expression | undefined;
      if (ts.isObjectLiteralExpression(a)) {
        for (const p of a.properties) {
          if (ts.isSpreadAssignment(p)) value ??= p.expression;
          if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && p.name.getText() === 'transaction')
            value = ts.isPropertyAssignment(p) ? p.initializer : p.name;
        }
      } else if (this.db.kindOf(a) === 'transaction' || (ts.isIdentifier(a) && /^(t|tx|trx|transaction)$/.test(a.text))) value = a;
      if (!value) continue;
      const v = unwrap(value);
      if (v.kind === ts.SyntaxKind.UndefinedKeyword || v.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(v) && v.text === 'undefined')) continue;
      return this.fromParameter(v) ? 'param' : 'tx';
    }
    return 'none';
  }

  /** Whether an expression is (a property of) a parameter of its function. */
  private fromParameter(expr: ts.Expression): boolean {
    let e = unwrap(expr);
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = unwrap(e.expression);
    if (!ts.isIdentifier(e)) return false;
    const symbol = ts.isShorthandPropertyAssignment(e.parent) ? this.checker.getShorthandAssignmentValueSymbol(e.parent) : this.checker.getSymbolAtLocation(e);
    const decl = symbol?.valueDeclaration;
    if (!decl) return false;
    let n: ts.Node | undefined = decl;
    while (n && ts.isBindingElement(n)) n = n.parent.parent;
    return n !== undefined && ts.isParameter(n);
  }

  /** Whether a call runs inside the callback of `sequelize.transaction(...)`, or of a project helper that issues BEGIN around it. */
  inTransactionCallback(node: ts.Node): boolean {
    for (let n = node.parent; n; n = n.parent) {
      if (isFn(n) && n.parent && ts.isCallExpression(n.parent) && n.parent.arguments.includes(n as ts.Expression)) {
        if (this.dbCall(n.parent)?.op === 'tx') return true;
        const helper = this.callee(n.parent);
        if (helper && callsIn(helper).some((c) => this.dbCall(c)?.op === 'tx' && this.dbCall(c)?.layer === 'raw')) return true;
      }
    }
    return false;
  }

  /** Whether the function around a raw call issues BEGIN. */
  private beginsTransaction(call: ts.CallExpression): boolean {
    for (let n = call.parent; n; n = n.parent) {
      if (isFn(n)) return callsIn(n).some((c) => c !== call && this.dbCall(c)?.op === 'tx');
    }
    return false;
  }
}

/** What the rules share: their types, AST helpers, and what a file's imports say about its layer. */
import { Node, SyntaxKind, type CallExpression, type Decorator, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import { snake } from '../../names.ts';
import type { SourceEntry } from '../files.ts';

/** A finding before config and inline ignores are applied. */
export interface RawFinding {
  line: number;
  message: string;
}

/** One rule: an id (its doc is docs/rules/<id>.md), which files it reads, and the check. */
export interface Rule {
  id: string;
  title: string;
  /** Files this rule reads; the others are never parsed for it. */
  applies: (file: SourceEntry) => boolean;
  /** A cheap text test before any parsing. */
  quick?: RegExp;
  check: (file: SourceEntry) => RawFinding[];
}

/** The line a node starts on. */
export const line = (node: Node): number => node.getStartLineNumber();

/** The options object a decorator was called with (its index-th argument). */
export function optionsOf(decorator: Decorator | undefined, index = 0): ObjectLiteralExpression | undefined {
  const arg = decorator?.getArguments()[index];
  return arg && Node.isObjectLiteralExpression(arg) ? arg : undefined;
}

/** The source text of a property of an options object. */
export function propText(obj: ObjectLiteralExpression | undefined, name: string): string | undefined {
  const p = obj?.getProperty(name);
  return p && Node.isPropertyAssignment(p) ? p.getInitializer()?.getText() : undefined;
}

/** The classes of a file that extend Model. */
export function modelClasses(source: SourceFile) {
  return source.getClasses().filter((c) => c.getDecorator('Table'));
}

/** Indexes a model declares: fields of @Table indexes, and properties with @Index. */
export function declaredIndexes(source: SourceFile, className: string): Array<{ fields: string[]; unique: boolean }> {
  const cls = source.getClass(className);
  const out: Array<{ fields: string[]; unique: boolean }> = [];
  const list = optionsOf(cls?.getDecorator('Table'))?.getProperty('indexes');
  const init = list && Node.isPropertyAssignment(list) ? list.getInitializer() : undefined;
  if (init && Node.isArrayLiteralExpression(init)) {
    for (const el of init.getElements()) {
      if (!Node.isObjectLiteralExpression(el)) continue;
      const fields = el.getProperty('fields');
      const arr = fields && Node.isPropertyAssignment(fields) ? fields.getInitializer() : undefined;
      const names = arr && Node.isArrayLiteralExpression(arr) ? arr.getElements().map((e) => e.getText().replace(/^['"`]|['"`]$/g, '')) : [];
      out.push({ fields: names, unique: propText(el, 'unique') === 'true' });
    }
  }
  for (const p of cls?.getProperties() ?? []) {
    const index = p.getDecorator('Index');
    if (index) out.push({ fields: [p.getName(), snake(p.getName())], unique: propText(optionsOf(index), 'unique') === 'true' });
  }
  return out;
}

/** Methods that run a query when called on a model or a client. */
export const QUERY_METHOD = /^(findAll|findOne|findByPk|findAndCountAll|findOrCreate|count|sum|max|min|query|\$get|\$count|get[A-Z]\w*|load[A-Z]\w*|fetch\w*)$/;
/** get* methods that never touch the database. */
export const NOT_QUERY = new Set(['getDataValue', 'getTableName', 'getAttributes', 'getHeader', 'getSchema']);
/** Array methods whose callback runs once per element. */
export const LOOP_CALLBACK = new Set(['map', 'forEach', 'filter', 'reduce', 'flatMap', 'some', 'every', 'find']);

/** The name of the method a call invokes, if it is a property access. */
export function methodName(call: CallExpression): string | undefined {
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) ? callee.getName() : Node.isIdentifier(callee) ? callee.getText() : undefined;
}

/** Whether a node sits inside a loop body or a per-element callback. */
export function isLoopBody(node: Node): boolean {
  if (Node.isForOfStatement(node) || Node.isForStatement(node) || Node.isForInStatement(node) || Node.isWhileStatement(node) || Node.isDoStatement(node))
    return true;
  if (Node.isArrowFunction(node) || Node.isFunctionExpression(node)) {
    const parent = node.getParent();
    if (parent && Node.isCallExpression(parent)) {
      const name = methodName(parent);
      return name !== undefined && LOOP_CALLBACK.has(name) && parent.getArguments()[0] === node;
    }
  }
  return false;
}

/** Request input that must never reach SQL text. */
export const REQUEST_INPUT = /\b(req|request)\.(query|body|params)\b/;
/** Imports that mean the ORM layer. */
export const ORM_MODULES = /^(sequelize|sequelize-typescript)$|\/models(\/|$)|\/repositories(\/|$)|\/db\/session(\.[tj]s)?$/;
/** Imports that mean the raw pg layer. */
export const RAW_MODULES = /^(pg|postgres|pg-copy-streams|pg-pool)$|\/db\/database(\.[tj]s)?$|\/queries(\/|$)/;
/** Imports that mean the HTTP layer. */
export const HTTP_MODULES = /^(fastify|express|koa|hono)$|^@fastify\/|\/routes(\/|$)|\/controllers(\/|$)|\/http(\/|$)/;

/** The modules a file imports, with their lines. */
export function imports(source: SourceFile): Array<{ module: string; line: number }> {
  const out = source.getImportDeclarations().map((d) => ({ module: d.getModuleSpecifierValue(), line: line(d) }));
  for (const call of source.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (call.getExpression().getText() === 'require') {
      const arg = call.getArguments()[0];
      if (arg && Node.isStringLiteral(arg)) out.push({ module: arg.getLiteralValue(), line: line(call) });
    }
  }
  return out;
}

/** Whether a file serves requests (repository, service, route, query module). */
export const isRequestPath = (f: SourceEntry): boolean => ['repository', 'service', 'route', 'query'].includes(f.role);

/** Whether a node is an async function. */
export function isAsyncHandler(node: Node): boolean {
  if (!(Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node))) return false;
  return node.isAsync();
}

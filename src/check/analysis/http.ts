/** HTTP handlers, found by what registers them: Fastify, Express, Koa routers and NestJS controllers. */
import ts from 'typescript';
import type { CallGraph } from './graph.ts';
import { calledName, type Fn, importedFrom, isFn, propValue, returnedValues, unwrap } from './syntax.ts';

/** The HTTP frameworks whose handlers check recognises (and whose types it loads for handler parameters). */
export const HTTP_FRAMEWORKS = ['fastify', 'express', 'koa', '@koa/router', 'koa-router', '@nestjs/common'] as const;

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all']);
const NEST_VERBS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options']);

/** One handler: its function and the registration's options object (Fastify's `{ schema }`), if any. */
export interface Handler {
  fn: Fn;
  options?: ts.ObjectLiteralExpression;
}

const isPath = (e: ts.Expression | undefined): boolean =>
  e !== undefined && (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) && /^\//.test(ts.isTemplateExpression(e) ? e.head.text : e.text);

/** The handlers registered by one call, e.g. `app.get('/x', { schema }, handler)` or `fastify.route({ url, handler })`. */
export function handlersOfCall(call: ts.CallExpression, graph: CallGraph): Handler[] {
  const name = calledName(call);
  if (!name || !ts.isPropertyAccessExpression(call.expression)) return [];
  const args = call.arguments;
  if (name === 'route' && args.length === 1) {
    const obj = unwrap(args[0] as ts.Expression);
    if (!ts.isObjectLiteralExpression(obj) || !isPath(propValue(obj, 'url') ?? propValue(obj, 'path'))) return [];
    const fn = graph.resolve(propValue(obj, 'handler') ?? obj);
    return fn ? [{ fn, options: obj }] : [];
  }
  // Middleware: app.use(async (ctx, next) => ...) runs on every request.
  if (name === 'use') {
    const candidates = args.flatMap((x) => {
      const a = unwrap(x);
      if (isFn(a)) return [a];
      // app.use(tenantDatabase(server)): the middleware a project factory returns
      const factory = ts.isCallExpression(a) ? graph.callee(a) : undefined;
      return factory ? returnedFns(factory) : [];
    });
    return candidates.filter((fn) => /^(ctx|context|req|request)$/.test(fn.parameters[0]?.name.getText() ?? '')).map((fn) => ({ fn }));
  }
  if (!VERBS.has(name)) return [];
  // router.route('/x').get(handler)
  const receiver = unwrap(call.expression.expression);
  const chained = ts.isCallExpression(receiver) && calledName(receiver) === 'route' && isPath(receiver.arguments[0]);
  if (!chained && (!isPath(args[0]) || args.length < 2)) return [];
  const rest = chained ? [...args] : args.slice(1);
  const options = rest.map((a) => unwrap(a)).find(ts.isObjectLiteralExpression);
  return rest.flatMap((a) => {
    // A wrapper (asyncHandler(fn), wrap(controller.get)) hands its argument on: that is the handler.
    const inner = unwrap(a);
    const factory = ts.isCallExpression(inner) ? graph.resolve(inner.expression) : undefined;
    const fns = ts.isCallExpression(inner) ? [...inner.arguments.map((x) => graph.resolve(x)), ...(factory ? returnedFns(factory) : [])] : [graph.resolve(a)];
    return fns.filter((fn): fn is Fn => fn !== undefined).map((fn) => ({ fn, ...(options ? { options } : {}) }));
  });
}

/** The functions a factory returns. */
function returnedFns(fn: Fn): Fn[] {
  return returnedValues(fn)
    .map((e) => unwrap(e))
    .filter((e): e is ts.Expression & Fn => isFn(e));
}

/** The handlers of a NestJS controller class (methods with @Get, @Post, ... in a class with @Controller). */
export function nestHandlers(cls: ts.ClassDeclaration, checker: ts.TypeChecker): Handler[] {
  if (!decoratorNames(cls, checker).has('Controller')) return [];
  return cls.members
    .filter((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && isFn(m) && [...decoratorNames(m, checker)].some((d) => NEST_VERBS.has(d)))
    .map((fn) => ({ fn }));
}

/** Names of a node's decorators imported from @nestjs/*. */
export function decoratorNames(node: ts.HasDecorators, checker: ts.TypeChecker): Set<string> {
  const out = new Set<string>();
  for (const d of ts.getDecorators(node) ?? []) {
    const e = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
    if (ts.isIdentifier(e) && (importedFrom(e, checker) ?? '').startsWith('@nestjs/')) out.add(e.text);
  }
  return out;
}

/** Whether a parameter is request input in a NestJS handler (@Query, @Body, @Param). */
export function isNestInput(param: ts.ParameterDeclaration, checker: ts.TypeChecker): boolean {
  const names = decoratorNames(param, checker);
  return names.has('Query') || names.has('Body') || names.has('Param');
}

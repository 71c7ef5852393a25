/** What the rules share: their shape, and how request input and bounds are recognised. */
import ts from 'typescript';
import type { Analysis } from '../analysis/index.ts';
import { isNestInput } from '../analysis/http.ts';
import { enclosingFn, type Fn, importedFrom, isFn, propName, unwrap } from '../analysis/syntax.ts';

/** A finding before config and inline ignores are applied: the node it points at, and what was seen and why it matters. */
export interface RawFinding {
  node: ts.Node;
  message: string;
}

/** One rule: an id (its doc is docs/rules/<id>.md), a title, a default severity, and the check over the analysed project. */
export interface Rule {
  id: string;
  title: string;
  /** 'warn' for rules that report a smell rather than a defect. */
  severity?: 'warn';
  check: (a: Analysis) => RawFinding[];
}

const REQUEST = /^(req|request|ctx|context)(\.request)?\.(query|body|params)\b/;

const CONVERSIONS = new Set(['Number', 'String', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'JSON']);

/**
 * Whether an expression carries request input as it is: `req.query...`, a Nest @Query parameter, a variable
 * or parameter bound to one (callers are followed), or a conversion of one. A project function's result
 * (a parser, a validator) and a clamp (`Math.min`, a ternary) are not request input any more.
 */
export function fromRequest(expr: ts.Expression, a: Analysis, depth = 0, loose = false): boolean {
  if (depth > 5) return false;
  const e = unwrap(expr);
  const next = (x: ts.Expression) => fromRequest(x, a, depth + 1, loose);
  if (ts.isConditionalExpression(e)) {
    // A whitelist or a bound in the condition sanitizes; a typeof or truthiness test does not.
    const condition = e.condition.getText();
    const whitelist = /\.(includes|has)\(|\bin\b|[<>]/.test(condition) || (/===?\s*['"`\d]|['"`\d]\s*===?/.test(condition) && !/\btypeof\b/.test(condition));
    if (!loose && whitelist) return false;
    return next(e.whenTrue) || next(e.whenFalse);
  }
  if (ts.isCallExpression(e)) {
    if (loose && a.graph.callee(e)) return e.arguments.some(next);
    if (a.graph.callee(e) || /^Math\.(min|max)$/.test(e.expression.getText())) return false;
    const callee = e.expression;
    if (ts.isIdentifier(callee)) return CONVERSIONS.has(callee.text) && e.arguments.some(next);
    if (ts.isPropertyAccessExpression(callee)) return next(callee.expression) || (CONVERSIONS.has(rootName(callee)) && e.arguments.some(next));
    return false;
  }
  if (ts.isBinaryExpression(e)) return next(e.left) || next(e.right);
  if (ts.isPrefixUnaryExpression(e)) return next(e.operand);
  if (ts.isTemplateExpression(e)) return e.templateSpans.some((s) => next(s.expression));
  if (ts.isArrayLiteralExpression(e)) return e.elements.some(next);
  if (ts.isObjectLiteralExpression(e))
    return e.properties.some((p) =>
      ts.isPropertyAssignment(p) ? next(p.initializer) : ts.isShorthandPropertyAssignment(p) ? next(p.name) : ts.isSpreadAssignment(p) && next(p.expression),
    );
  if (ts.isPropertyAccessExpression(e)) return REQUEST.test(e.getText()) || propertyFromRequest(e.expression, e.name.text, a, depth + 1, loose);
  if (ts.isElementAccessExpression(e)) return REQUEST.test(e.getText()) || next(e.expression);
  if (!ts.isIdentifier(e)) return false;
  if (REQUEST.test(e.text)) return true;
  const symbol = ts.isShorthandPropertyAssignment(e.parent) ? a.checker.getShorthandAssignmentValueSymbol(e.parent) : a.checker.getSymbolAtLocation(e);
  const decl = symbol?.valueDeclaration;
  if (!decl) return false;
  let n: ts.Node = decl;
  while (ts.isBindingElement(n)) n = n.parent.parent;
  if (ts.isParameter(n)) return isNestInput(n, a.checker) || argumentFromRequest(n, a, depth, loose);
  return ts.isVariableDeclaration(n) && n.initializer !== undefined && next(n.initializer);
}

const rootName = (e: ts.PropertyAccessExpression): string => {
  let x: ts.Expression = e;
  while (ts.isPropertyAccessExpression(x)) x = x.expression;
  return ts.isIdentifier(x) ? x.text : '';
};

/** Whether property `name` of an object carries request input: the property itself where the object is built, followed through variables and callers. */
function propertyFromRequest(obj: ts.Expression, name: string, a: Analysis, depth: number, loose: boolean): boolean {
  if (depth > 5) return false;
  const o = unwrap(obj);
  if (REQUEST.test(o.getText())) return true;
  if (ts.isObjectLiteralExpression(o)) {
    for (const p of o.properties) {
      if (ts.isPropertyAssignment(p) && propName(p.name) === name) return fromRequest(p.initializer, a, depth + 1, loose);
      if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return fromRequest(p.name, a, depth + 1, loose);
    }
    return o.properties.some((p) => ts.isSpreadAssignment(p) && propertyFromRequest(p.expression, name, a, depth + 1, loose));
  }
  if (ts.isIdentifier(o)) {
    const decl = a.checker.getSymbolAtLocation(o)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return propertyFromRequest(decl.initializer, name, a, depth + 1, loose);
    if (decl && ts.isParameter(decl)) {
      if (isNestInput(decl, a.checker)) return !validatedProperty(decl, name, a);
      return callerArguments(decl, a).some(({ call, arg }) => propertyFromRequest(arg, name, a, depth + 1, loose) && (loose || !schemaBounded(call, a)));
    }
    return false;
  }
  return fromRequest(o, a, depth, loose);
}

/** Whether a NestJS DTO bounds or whitelists a property with class-validator (`@Max(100)`, `@IsIn([...])`). */
function validatedProperty(param: ts.ParameterDeclaration, name: string, a: Analysis): boolean {
  const property = a.checker.getTypeAtLocation(param).getProperty(name)?.valueDeclaration;
  if (!property || !ts.canHaveDecorators(property)) return false;
  return (ts.getDecorators(property) ?? []).some((d) => {
    const e = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
    return ts.isIdentifier(e) && /^(Max|IsIn|IsEnum|Matches)$/.test(e.text) && importedFrom(e, a.checker) === 'class-validator';
  });
}

/** Whether some caller passes request input, unclamped, for this parameter. */
function argumentFromRequest(param: ts.ParameterDeclaration, a: Analysis, depth: number, loose: boolean): boolean {
  return callerArguments(param, a).some(({ call, arg }) => fromRequest(arg, a, depth + 1, loose) && (loose || (!clamped(arg, a) && !schemaBounded(call, a))));
}

/** What each caller of a parameter's function passes for it. */
function callerArguments(param: ts.ParameterDeclaration, a: Analysis): Array<{ call: ts.CallExpression; arg: ts.Expression }> {
  const fn = param.parent;
  if (!isFn(fn)) return [];
  const index = fn.parameters.indexOf(param);
  return a.callersOf(fn).flatMap((call) => {
    const arg = call.arguments[index];
    return arg ? [{ call, arg }] : [];
  });
}

/** Whether an expression (or the variable it names) is clamped: Math.min, a ternary or a project function (a validator). */
export function clamped(expr: ts.Expression, a: Analysis, depth = 0): boolean {
  if (depth > 4) return false;
  const e = unwrap(expr);
  if (/\bMath\.min\(|\bclamp\w*\(/.test(e.getText()) || ts.isConditionalExpression(e)) return true;
  if (ts.isCallExpression(e) && a.graph.callee(e)) return true;
  if (ts.isIdentifier(e)) {
    const decl = a.checker.getSymbolAtLocation(e)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return clamped(decl.initializer, a, depth + 1);
  }
  return false;
}

/** Whether the handler around a node validates its input with a schema that sets a maximum (Fastify `{ schema }`). */
export function schemaBounded(node: ts.Node, a: Analysis): boolean {
  for (let fn: Fn | undefined = enclosingFn(node); fn; fn = enclosingFn(fn)) {
    const h = a.handlers.find((x) => x.fn === fn);
    if (h?.options && mentionsMaximum(h.options, a, 0)) return true;
  }
  return false;
}

/** Whether a schema (or a const it names, a few hops away, in any file) sets a maximum. */
function mentionsMaximum(node: ts.Node, a: Analysis, depth: number): boolean {
  if (depth > 3) return false;
  if (/\bmaximum\b|\bmaxItems\b/.test(node.getText())) return true;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n)) {
      let symbol = a.checker.getSymbolAtLocation(n);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = a.checker.getAliasedSymbol(symbol);
      const d = symbol?.valueDeclaration;
      if (d && ts.isVariableDeclaration(d) && d.initializer && mentionsMaximum(d.initializer, a, depth + 1)) found = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** The text of a call's callee up to the call, for messages: `User.findAll`. */
export const calleeText = (call: ts.CallExpression): string => call.expression.getText().replace(/\s+/g, '');

/** A call path for messages: a() → b() → User.count(). */
export const pathText = (path: ts.CallExpression[]): string => path.map((c) => `${calleeText(c)}()`).join(' → ');

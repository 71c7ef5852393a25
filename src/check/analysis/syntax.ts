/** Small syntax helpers over the TypeScript AST that the analysis and the rules share. */
import ts from 'typescript';

/** A function with a body: the unit of the call graph. */
export type Fn = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.ConstructorDeclaration | ts.AccessorDeclaration;

/** Whether a node is a function with a body. */
export function isFn(node: ts.Node): node is Fn {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)) &&
    node.body !== undefined
  );
}

/** The innermost function around a node, if any. */
export function enclosingFn(node: ts.Node): Fn | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFn(n)) return n;
  return undefined;
}

/** The line (1-based) a node starts on. */
export const lineOf = (node: ts.Node): number => {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
};

/** Every descendant of a node, depth first. */
export function forEachDescendant(node: ts.Node, visit: (n: ts.Node) => void): void {
  const walk = (n: ts.Node): void => {
    visit(n);
    ts.forEachChild(n, walk);
  };
  ts.forEachChild(node, walk);
}

/** The calls inside a node (nested functions included). */
export function callsIn(node: ts.Node): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  forEachDescendant(node, (n) => {
    if (ts.isCallExpression(n)) out.push(n);
  });
  return out;
}

/** The name a call invokes: `a.b.find(...)` → find, `find(...)` → find. */
export function calledName(call: ts.CallExpression): string | undefined {
  const e = call.expression;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isIdentifier(e)) return e.text;
  return undefined;
}

/** A property of an object literal by name. */
export function prop(obj: ts.ObjectLiteralExpression | undefined, name: string): ts.ObjectLiteralElementLike | undefined {
  return obj?.properties.find((p) => p.name !== undefined && propName(p.name) === name);
}

/** The value of a property assignment (or the identifier of a shorthand one). */
export function propValue(obj: ts.ObjectLiteralExpression | undefined, name: string): ts.Expression | undefined {
  const p = prop(obj, name);
  if (!p) return undefined;
  if (ts.isPropertyAssignment(p)) return p.initializer;
  if (ts.isShorthandPropertyAssignment(p)) return p.name;
  return undefined;
}

/** The text of a property name. */
export function propName(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : name.getText();
}

/** Removes parentheses, `await`, `as`, `!` and `satisfies` around an expression. */
export function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e))
    e = e.expression;
  return e;
}

/** An object literal an expression is, or is a const bound to. */
export function objectOf(expr: ts.Expression | undefined, checker: ts.TypeChecker): ts.ObjectLiteralExpression | undefined {
  if (!expr) return undefined;
  const e = unwrap(expr);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (ts.isIdentifier(e)) {
    const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) {
      const init = unwrap(decl.initializer);
      if (ts.isObjectLiteralExpression(init)) return init;
    }
  }
  return undefined;
}

/** Array methods whose first argument runs once per element. */
const PER_ELEMENT = new Set(['map', 'forEach', 'flatMap', 'filter', 'reduce', 'some', 'every', 'find', 'findIndex']);

/** A short list written in the code (`['draft', 'published']`, or a const bound to one): a loop over it runs a fixed number of times. */
function fixedList(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  if (ts.isArrayLiteralExpression(e)) return e.elements.length <= 10;
  if (!ts.isIdentifier(e)) return false;
  const decl = e
    .getSourceFile()
    .statements.filter(ts.isVariableStatement)
    .flatMap((s) => [...s.declarationList.declarations])
    .find((d) => ts.isIdentifier(d.name) && d.name.text === e.text);
  const init = decl?.initializer && unwrap(decl.initializer);
  return !!(init !== undefined && ts.isArrayLiteralExpression(init) && init.elements.length <= 10 && (decl?.parent.flags ?? 0) & ts.NodeFlags.Const);
}

/** The loop a node runs in (within its own function), counting per-element callbacks as loops; while/do and counted for loops without `.length` are retry or batch loops and do not count. */
export function collectionLoopOf(node: ts.Node): ts.Node | undefined {
  let child: ts.Node = node;
  for (let n = node.parent; n; child = n, n = n.parent) {
    if ((ts.isForOfStatement(n) || ts.isForInStatement(n)) && child === n.statement) return fixedList(n.expression) ? undefined : n;
    // A counted loop over an array, one step at a time (a step of a batch size walks batches, not rows).
    if (
      ts.isForStatement(n) &&
      child === n.statement &&
      n.condition &&
      /\.length\b/.test(n.condition.getText()) &&
      /^(\+\+\w+|\w+\+\+|\w+\s*\+=\s*1)$/.test(n.incrementor?.getText() ?? '')
    )
      return n;
    if (isFn(n)) {
      const parent = n.parent;
      if (
        parent &&
        ts.isCallExpression(parent) &&
        parent.arguments[0] === n &&
        PER_ELEMENT.has(calledName(parent) ?? '') &&
        ts.isPropertyAccessExpression(parent.expression)
      )
        return parent;
      return undefined;
    }
  }
  return undefined;
}

/** Whether two nodes sit in different branches of one if/else, conditional or switch (so at most one runs). */
export function exclusive(a: ts.Node, b: ts.Node): boolean {
  const ancestors = new Set<ts.Node>();
  for (let n: ts.Node | undefined = a; n; n = n.parent) ancestors.add(n);
  let child: ts.Node = b;
  for (let n = b.parent; n; child = n, n = n.parent) {
    if (!ancestors.has(n)) continue;
    const branchOf = (x: ts.Node): ts.Node | undefined => {
      for (let m: ts.Node | undefined = x; m && m !== n; m = m.parent) if (m.parent === n) return m;
      return undefined;
    };
    const ba = branchOf(a);
    if (ts.isIfStatement(n) || ts.isConditionalExpression(n)) {
      const branches: Array<ts.Node | undefined> = ts.isIfStatement(n) ? [n.thenStatement, n.elseStatement] : [n.whenTrue, n.whenFalse];
      return ba !== child && branches.includes(ba) && branches.includes(child);
    }
    if (ts.isCaseBlock(n)) return ba !== child;
    return false;
  }
  return false;
}

/** The module an identifier was imported from (ESM import or require), if it was. */
export function importedFrom(id: ts.Identifier, checker: ts.TypeChecker): string | undefined {
  const symbol = checker.getSymbolAtLocation(id);
  for (const decl of symbol?.declarations ?? []) {
    let n: ts.Node | undefined = decl;
    while (n && !ts.isImportDeclaration(n) && !ts.isVariableDeclaration(n)) n = n.parent;
    if (n && ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) return n.moduleSpecifier.text;
    if (n && ts.isVariableDeclaration(n) && n.initializer) {
      const init = unwrap(n.initializer);
      const call = ts.isPropertyAccessExpression(init) ? init.expression : init;
      if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === 'require') {
        const arg = call.arguments[0];
        if (arg && ts.isStringLiteral(arg)) return arg.text;
      }
    }
  }
  return undefined;
}

/** The root identifier of `a.b.c` / `a?.b` / `a[0]`. */
export function rootIdentifier(expr: ts.Expression): ts.Identifier | undefined {
  let e = unwrap(expr);
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e)) e = unwrap(e.expression);
  return ts.isIdentifier(e) ? e : undefined;
}

/** Whether a node is at module top level (runs at import time). */
export function atImportTime(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (isFn(n) || ts.isClassStaticBlockDeclaration(n)) return false;
    if (ts.isPropertyDeclaration(n) && !n.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) return false;
  }
  return true;
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

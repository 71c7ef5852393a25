import ts from 'typescript';
import type { Analysis, Engine } from '../analysis/index.ts';
import { calledName, enclosingFn, type Fn, returnedValues, rootIdentifier, unwrap } from '../analysis/syntax.ts';
import type { Rule } from './helpers.ts';

/** Whether a module exports a name later on (module.exports = x, module.exports = { x }, export { x }, export default x). */
function exportsName(sf: ts.SourceFile, name: string): boolean {
  const mentions = (e: ts.Node) => new RegExp(`\\b${name}\\b`).test(e.getText());
  return sf.statements.some(
    (s) =>
      (ts.isExpressionStatement(s) &&
        ts.isBinaryExpression(s.expression) &&
        /^(module\.)?exports\b/.test(s.expression.left.getText()) &&
        mentions(s.expression.right)) ||
      (ts.isExportAssignment(s) && mentions(s.expression)) ||
      (ts.isExportDeclaration(s) && s.exportClause !== undefined && mentions(s.exportClause)),
  );
}

/** Whether a function returns the variable of this name. */
function returns(fn: Fn, name: string): boolean {
  return returnedValues(fn).some((e) => {
    const v = unwrap(e);
    return ts.isIdentifier(v) && v.text === name;
  });
}

/** The symbols an engine ends up in: the variable or property it is assigned to, or the variables its factory's callers assign. */
function holders(e: Engine, a: Analysis): { symbols: Set<ts.Symbol>; unknown: boolean } {
  const symbols = new Set<ts.Symbol>();
  let node: ts.Node = e.node;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isAwaitExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  const add = (n: ts.Node | undefined) => {
    const s = n && a.checker.getSymbolAtLocation(n);
    if (s) symbols.add(s);
    return s !== undefined;
  };
  const factory = enclosingFn(e.node);
  const returned = (name: string) => factory !== undefined && returns(factory, name);
  // An exported engine belongs to the modules that import it.
  const exported =
    (ts.isBinaryExpression(parent) && /^(module\.)?exports\b/.test(parent.left.getText())) ||
    ts.isExportAssignment(parent) ||
    (ts.isVariableDeclaration(parent) &&
      ts.isVariableStatement(parent.parent.parent) &&
      ts.getModifiers(parent.parent.parent)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
  if (exported) return { symbols, unknown: true };
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && exportsName(e.file.sf, parent.name.text)) return { symbols, unknown: true };
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && !returned(parent.name.text)) return { symbols, unknown: !add(parent.name) };
  if (ts.isPropertyDeclaration(parent)) return { symbols, unknown: !add(parent.name) };
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken)
    return { symbols, unknown: !add(ts.isPropertyAccessExpression(parent.left) ? parent.left.name : parent.left) };
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node) || ts.isVariableDeclaration(parent)) {
    // A factory: whoever calls it holds the engine.
    let callers = 0;
    for (const file of a.files) {
      for (const call of file.calls) {
        if (!factory || a.graph.callee(call) !== factory) continue;
        callers++;
        let p: ts.Node = call.parent;
        while (ts.isAwaitExpression(p) || ts.isParenthesizedExpression(p)) p = p.parent;
        if (ts.isVariableDeclaration(p)) add(p.name);
        else if (ts.isBinaryExpression(p)) add(ts.isPropertyAccessExpression(p.left) ? p.left.name : p.left);
        else return { symbols, unknown: true };
      }
    }
    return { symbols, unknown: callers === 0 };
  }
  return { symbols, unknown: true };
}

/** lifecycle-engine-not-closed: Every engine is closed on shutdown. */
export const lifecycleEngineNotClosed: Rule = {
  id: 'lifecycle-engine-not-closed',
  title: 'Every engine is closed on shutdown',
  check: (a) => {
    const engines = a.engines.filter((e) => e.kind !== 'client' && !a.onRequestPath(e.node)).map((e) => ({ e, ...holders(e, a) }));
    const names = new Set(engines.flatMap(({ symbols }) => [...symbols].map((s) => s.name)));
    const closed = new Set<ts.Symbol>();
    const handedOn = new Set<ts.Symbol>();
    for (const file of a.files) {
      for (const call of file.calls) {
        if (!call.arguments.some((x) => names.has(x.getText().split('.').pop() ?? '')) && calledName(call) !== 'close' && calledName(call) !== 'end') continue;
        const db = a.db(call);
        if (db?.op === 'close' && ts.isPropertyAccessExpression(call.expression)) {
          const recv = unwrap(call.expression.expression);
          const s = a.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(recv) ? recv.name : recv);
          if (s) closed.add(s);
          // const current = pool; ... current.end()
          const d = s?.valueDeclaration;
          if (d && ts.isVariableDeclaration(d) && d.initializer && ts.isIdentifier(unwrap(d.initializer))) {
            const alias = a.checker.getSymbolAtLocation(unwrap(d.initializer));
            if (alias) closed.add(alias);
          }
        }
        // An engine passed to other code (a lifecycle helper, a DI container) is that code's to close;
        // a project function that only uses it does not take ownership.
        if (!db && !a.graph.callee(call))
          for (const arg of call.arguments) {
            const id = rootIdentifier(arg);
            const s = id && a.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(unwrap(arg)) ? (unwrap(arg) as ts.PropertyAccessExpression).name : id);
            if (s) handedOn.add(s);
          }
      }
    }
    return engines
      .filter(({ symbols, unknown }) => !unknown && symbols.size > 0 && ![...symbols].some((s) => closed.has(s) || handedOn.has(s)))
      .map(({ e }) => ({
        node: e.node,
        message: `${e.node.expression.getText()} is never closed (no ${e.kind === 'sequelize' ? '.close()' : '.end()'} on it); close it in the shutdown hook so deploys drain connections instead of dropping them`,
      }));
  },
};

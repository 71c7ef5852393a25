import ts from 'typescript';
import { atImportTime, enclosingFn, forEachDescendant, unwrap } from '../analysis/syntax.ts';
import { calleeText, type RawFinding, type Rule } from './helpers.ts';

/** How a client variable leaves its function: released in a finally, returned or handed on (then its new owner releases it). */
function handledOrEscapes(name: string, fn: ts.Node): boolean {
  let ok = false;
  forEachDescendant(fn, (n) => {
    if (ok) return;
    if (ts.isTryStatement(n) && n.finallyBlock && new RegExp(`\\b${name}\\??\\.release\\(`).test(n.finallyBlock.getText())) ok = true;
    if (ts.isReturnStatement(n) && n.expression && new RegExp(`\\b${name}\\b`).test(n.expression.getText())) ok = true;
    if (ts.isCallExpression(n) && n.arguments.some((x) => ts.isIdentifier(unwrap(x)) && (unwrap(x) as ts.Identifier).text === name)) ok = true;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.right) && n.right.text === name) ok = true;
  });
  return ok;
}

/** lifecycle-client-release: A client taken from a pool is released on every path. */
export const lifecycleClientRelease: Rule = {
  id: 'lifecycle-client-release',
  title: 'A client taken from a pool is released on every path',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const file of a.files) {
      for (const call of file.calls) {
        const db = a.db(call);
        if (db?.op !== 'connect' || db.kind !== 'pool' || call.arguments.length > 0 || atImportTime(call)) continue;
        let p: ts.Node = call.parent;
        while (ts.isAwaitExpression(p) || ts.isParenthesizedExpression(p)) p = p.parent;
        const fn = enclosingFn(call);
        const name =
          ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) ? p.name.text : ts.isBinaryExpression(p) && ts.isIdentifier(p.left) ? p.left.text : undefined;
        // Assigned to a module-level variable: held past the request, never released.
        const moduleLevel =
          ts.isBinaryExpression(p) &&
          ts.isIdentifier(p.left) &&
          (() => {
            const d = a.checker.getSymbolAtLocation(p.left)?.valueDeclaration;
            return d !== undefined && atImportTime(d);
          })();
        if (moduleLevel) {
          out.push({
            node: call,
            message: `${calleeText(call)}() takes a client into a module-level variable, so it is never released; take one per unit of work and release it in finally`,
          });
          continue;
        }
        const handedOn = ts.isCallExpression(p) || ts.isArrayLiteralExpression(p) || ts.isReturnStatement(p) || ts.isArrowFunction(p);
        if (!fn || (name && handledOrEscapes(name, fn)) || handedOn) continue;
        out.push({
          node: call,
          message: `${calleeText(call)}() takes a client that is not released in a finally block; an error leaks it and the pool runs dry: try { ... } finally { client.release() }`,
        });
      }
    }
    return out;
  },
};

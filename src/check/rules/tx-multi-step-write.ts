import ts from 'typescript';
import type { Analysis } from '../analysis/index.ts';
import { exclusive, type Fn, isFn } from '../analysis/syntax.ts';
import { calleeText, type RawFinding, type Rule } from './helpers.ts';

/** The calls of a function that write with no transaction (direct or through project calls), nested callbacks included, nested declarations not. */
function looseWrites(fn: Fn, a: Analysis): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (n !== fn && (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isClassDeclaration(n))) return;
    if (n !== fn && isFn(n) && (!(n.parent && ts.isCallExpression(n.parent)) || a.graph.isBoundary(n))) return;
    if (ts.isCallExpression(n)) {
      const db = a.db(n);
      if (db?.op === 'write' && a.graph.protection(n) === 'none') out.push(n);
      else if (!db) {
        const callee = a.graph.callee(n);
        if (callee && a.graph.siteWrite(n, a.graph.reach(callee)) === 'none') out.push(n);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(fn);
  return out;
}

/** tx-multi-step-write: Writes that belong together run in one transaction. */
export const txMultiStepWrite: Rule = {
  id: 'tx-multi-step-write',
  title: 'Writes that belong together run in one transaction',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const file of a.files) {
      if (file.role === 'migration' || file.role === 'model') continue;
      const fns = new Set<Fn>();
      for (const call of file.calls) {
        for (let n: ts.Node | undefined = call.parent; n; n = n.parent) {
          // A unit: a function of its own, or a handler (which runs per request, apart from what registers it).
          if (isFn(n) && (a.graph.isBoundary(n) || !(n.parent && ts.isCallExpression(n.parent) && n.parent.arguments.includes(n as ts.Expression)))) {
            fns.add(n);
            break;
          }
        }
      }
      for (const fn of fns) {
        const writes = looseWrites(fn, a);
        const second = writes.find((w, i) => i > 0 && writes.slice(0, i).some((first) => !exclusive(first, w)));
        if (second)
          out.push({
            node: second,
            message: `${calleeText(second)}() is a second write in this function with no transaction; if it fails the first one stays: wrap them in sequelize.transaction(async (t) => ...) and pass { transaction: t }`,
          });
      }
    }
    return out;
  },
};

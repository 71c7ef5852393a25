import ts from 'typescript';
import { propName, unwrap } from '../analysis/syntax.ts';
import type { Analysis } from '../analysis/index.ts';
import { fromRequest, type RawFinding, type Rule } from './helpers.ts';

const KEYS = new Set(['order', 'attributes', 'group']);

/** Whether a call reads through the ORM, directly or through project functions. */
function readsRows(call: ts.CallExpression, a: Analysis): boolean {
  const db = a.db(call);
  if (db) return db.layer === 'orm' && db.op === 'read';
  const callee = a.graph.callee(call);
  return callee !== undefined && a.graph.reach(callee).read !== undefined;
}

/** query-unsafe-input: order, attributes and where never come straight from request input. */
export const queryUnsafeInput: Rule = {
  id: 'query-unsafe-input',
  title: 'order, attributes and where never come straight from request input',
  check: (a) => {
    const out: RawFinding[] = [];
    // Options given to the ORM itself are judged here; those given to a project function are judged
    // where that function hands them to the ORM (it may check them first), except a where clause's keys.
    const visit = (options: ts.ObjectLiteralExpression, orm: boolean) => {
      for (const p of options.properties) {
        if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
        const name = propName(p.name);
        const value = ts.isPropertyAssignment(p) ? unwrap(p.initializer) : p.name;
        if (orm && (KEYS.has(name) || (name === 'where' && !ts.isObjectLiteralExpression(value))) && direct(value, a))
          out.push({ node: p, message: `${name} is taken from request input as it is; map it through a whitelist of columns first` });
        // where: { [column]: value } with the column named by the request
        if (name === 'where' && ts.isObjectLiteralExpression(value))
          for (const w of value.properties)
            if (w.name && ts.isComputedPropertyName(w.name) && fromRequest(w.name.expression, a))
              out.push({ node: w, message: 'the request names the column to filter on; map it through a whitelist of columns first' });
      }
    };
    for (const file of a.files) {
      for (const call of file.calls) {
        const objects = call.arguments.map((x) => unwrap(x)).filter(ts.isObjectLiteralExpression);
        if (objects.length && readsRows(call, a)) for (const o of objects) visit(o, a.db(call) !== undefined);
      }
    }
    return out;
  },
};

/** Request input used as the value itself (not merely inside a bound value). */
function direct(value: ts.Expression, a: Analysis): boolean {
  if (ts.isArrayLiteralExpression(value)) return value.elements.some((e) => direct(unwrap(e), a));
  if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value) || ts.isCallExpression(value))
    return fromRequest(value, a);
  return false;
}

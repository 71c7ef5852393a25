import ts from 'typescript';
import { objectOf, prop, propValue, unwrap } from '../analysis/syntax.ts';
import { calleeText, type RawFinding, type Rule } from './helpers.ts';

const LISTS = new Set(['findAll', 'findAndCountAll']);

/** Whether a where clause pins the rows to a given list of keys (`id: ids`, `id: { [Op.in]: ids }`) or one parent's small set. */
function boundedByKeys(where: ts.ObjectLiteralExpression | undefined): boolean {
  const id = propValue(where, 'id');
  if (!id) return false;
  const v = unwrap(id);
  return ts.isArrayLiteralExpression(v) || ts.isIdentifier(v) || ts.isPropertyAccessExpression(v) || ts.isObjectLiteralExpression(v);
}

/** query-unbounded-findall: Lists served to clients have a limit. */
export const queryUnboundedFindall: Rule = {
  id: 'query-unbounded-findall',
  title: 'Lists served to clients have a limit',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const file of a.files) {
      for (const call of file.calls) {
        const db = a.db(call);
        if (db?.kind !== 'modelStatic' || !LISTS.has(db.method) || !a.onRequestPath(call)) continue;
        const arg = call.arguments[0];
        const options = objectOf(arg, a.checker);
        if (arg && !options) continue;
        if (options?.properties.some((p) => ts.isSpreadAssignment(p))) continue;
        if (prop(options, 'limit') || boundedByKeys(objectOf(propValue(options, 'where'), a.checker))) continue;
        out.push({
          node: call,
          message: `${calleeText(call)}() on a request path has no limit, so the response grows with the table; page it (limit <= 100, offset or a keyset)`,
        });
      }
    }
    return out;
  },
};

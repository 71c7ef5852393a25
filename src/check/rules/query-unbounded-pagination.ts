import ts from 'typescript';
import { prop, propValue, unwrap } from '../analysis/syntax.ts';
import { clamped, fromRequest, type RawFinding, type Rule, schemaBounded } from './helpers.ts';

const MAX = 1000;

/** query-unbounded-pagination: Page sizes have a maximum. */
export const queryUnboundedPagination: Rule = {
  id: 'query-unbounded-pagination',
  title: 'Page sizes have a maximum',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const file of a.files) {
      for (const call of file.calls) {
        const db = a.db(call);
        if (db?.kind !== 'modelStatic' || db.op !== 'read') continue;
        const options = call.arguments[0] && unwrap(call.arguments[0]);
        if (!options || !ts.isObjectLiteralExpression(options)) continue;
        const limit = propValue(options, 'limit');
        const node = prop(options, 'limit');
        if (!limit || !node) continue;
        const v = unwrap(limit);
        if (ts.isNumericLiteral(v) && Number(v.text) > MAX)
          out.push({ node, message: `limit: ${v.text} returns up to ${v.text} rows per request; keep pages at 100 or less and let the client page` });
        else if (fromRequest(v, a) && !clamped(v, a) && !schemaBounded(call, a))
          out.push({
            node,
            message: `the limit comes from the request with no maximum, so ?limit=1000000 reads the table; clamp it (Math.min(limit, 100)) or validate it with a schema maximum`,
          });
      }
    }
    return out;
  },
};

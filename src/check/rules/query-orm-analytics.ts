import { objectOf, prop } from '../analysis/syntax.ts';
import { calleeText, type RawFinding, type Rule } from './helpers.ts';

const AGGREGATE = /\bfn\(\s*['"`](sum|avg|count|max|min|stddev|percentile\w*|array_agg|string_agg)['"`]/i;

/** query-orm-analytics: Reports and aggregates go through raw SQL (a warning). */
export const queryOrmAnalytics: Rule = {
  id: 'query-orm-analytics',
  title: 'Reports and aggregates go through raw SQL',
  severity: 'warn',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const file of a.files) {
      for (const call of file.calls) {
        const db = a.db(call);
        if (db?.kind !== 'modelStatic' || db.op !== 'read') continue;
        const options = objectOf(call.arguments[call.arguments.length - 1], a.checker);
        if (!options || !prop(options, 'group')) continue;
        if (!AGGREGATE.test(options.getText()) && !['sum', 'max', 'min', 'aggregate'].includes(db.method)) continue;
        out.push({
          node: call,
          message: `${calleeText(call)}() builds a GROUP BY report through the ORM; analytics read better and run faster as one SQL statement in a raw query module (src/db/queries/)`,
        });
      }
    }
    return out;
  },
};

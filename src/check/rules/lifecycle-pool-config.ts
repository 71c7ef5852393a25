import ts from 'typescript';
import { objectOf, prop, propValue, unwrap } from '../analysis/syntax.ts';
import type { RawFinding, Rule } from './helpers.ts';

const has = (o: ts.ObjectLiteralExpression | undefined, ...names: string[]) => names.some((n) => prop(o, n) !== undefined);

/** lifecycle-pool-config: Pools are sized, time out and recycle connections. */
export const lifecyclePoolConfig: Rule = {
  id: 'lifecycle-pool-config',
  title: 'Pools are sized, time out and recycle connections',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const e of a.engines) {
      if (e.kind === 'client') continue;
      const args = e.node.arguments ?? [];
      const last = args[args.length - 1];
      const options = objectOf(last, a.checker);
      // Options we cannot read (a spread, a variable from elsewhere) are given the benefit of the doubt.
      const isText = (x: ts.Expression) => ts.isStringLiteralLike(unwrap(x)) || (a.checker.getTypeAtLocation(x).flags & ts.TypeFlags.StringLike) !== 0;
      if (last && !isText(last) && !options) continue;
      if (options?.properties.some((p) => ts.isSpreadAssignment(p))) continue;
      let missing: string[];
      if (e.kind === 'sequelize') {
        const pool = objectOf(propValue(options, 'pool'), a.checker);
        if (prop(options, 'pool') && !pool) continue;
        missing = [
          ...(has(pool, 'max') ? [] : ['pool.max']),
          ...(has(pool, 'acquire') ? [] : ['pool.acquire']),
          ...(has(pool, 'idle', 'evict', 'maxUses') ? [] : ['pool.idle/evict']),
        ];
      } else {
        missing = [
          ...(has(options, 'max') ? [] : ['max']),
          ...(has(options, 'connectionTimeoutMillis') ? [] : ['connectionTimeoutMillis']),
          ...(has(options, 'idleTimeoutMillis', 'maxLifetimeSeconds', 'maxUses') ? [] : ['idleTimeoutMillis/maxLifetimeSeconds']),
        ];
      }
      if (missing.length)
        out.push({
          node: e.node,
          message: `${e.node.expression.getText()} has no ${missing.join(', ')}; size the pool, bound the wait for a connection, and recycle idle ones (from settings)`,
        });
    }
    return out;
  },
};

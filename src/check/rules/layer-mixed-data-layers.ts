import type ts from 'typescript';
import { isFn } from '../analysis/syntax.ts';
import { pathText, type RawFinding, type Rule } from './helpers.ts';

/** layer-mixed-data-layers: One feature uses the ORM or raw pg, never both (and never in one transaction). */
export const layerMixedDataLayers: Rule = {
  id: 'layer-mixed-data-layers',
  title: 'A feature uses the ORM or raw pg, never both',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const file of a.files) {
      // A raw query module that uses the ORM is layer-query-module's finding.
      if (file.role === 'db' || file.role === 'migration' || file.role === 'query') continue;
      const fns = new Set<ts.Node>();
      for (const call of file.calls) for (let n: ts.Node | undefined = call.parent; n; n = n.parent) if (isFn(n)) fns.add(n);
      for (const fn of fns) {
        if (!isFn(fn)) continue;
        const r = a.graph.reach(fn);
        if (!r.orm || !r.raw || r.orm[0] === r.raw[0]) continue;
        // Both ends in one raw query module: layer-query-module reports its ORM call.
        const ormEnd = a.fileOf(r.orm[r.orm.length - 1] as ts.Node);
        if (ormEnd?.role === 'query' && a.fileOf(r.raw[r.raw.length - 1] as ts.Node) === ormEnd) continue;
        // Report where the mix happens, not in every caller above it.
        if (r.orm.length > 1 && r.raw.length > 1 && a.graph.callee(r.orm[0] as ts.CallExpression) === a.graph.callee(r.raw[0] as ts.CallExpression)) continue;
        if (out.some((f) => f.node === r.raw?.[0])) continue;
        out.push({
          node: r.raw[0] as ts.Node,
          message: `this function uses raw pg (${pathText(r.raw)}) and the ORM (${pathText(r.orm)}); a feature picks one layer, and the two never share a transaction`,
        });
      }
    }
    return out;
  },
};

import ts from 'typescript';
import type { Analysis } from '../analysis/index.ts';
import type { ModelFacts } from '../analysis/schema.ts';
import { same } from '../analysis/schema.ts';
import { objectOf, propName, propValue, unwrap } from '../analysis/syntax.ts';
import { fromRequest, type RawFinding, type Rule } from './helpers.ts';

const LISTS = new Set(['findAll', 'findAndCountAll', 'count']);

/** Sort keys an `order` option names: literals, or the string whitelist a request value was checked against. */
function sortKeys(order: ts.Expression, a: Analysis): Array<{ node: ts.Node; column: string }> {
  const out: Array<{ node: ts.Node; column: string }> = [];
  const o = unwrap(order);
  if (!ts.isArrayLiteralExpression(o)) return out;
  for (const el of o.elements) {
    const pair = unwrap(el);
    const first = ts.isArrayLiteralExpression(pair) ? pair.elements[0] : pair;
    if (!first) continue;
    const key = unwrap(first);
    if (ts.isStringLiteralLike(key)) out.push({ node: key, column: key.text });
    else if (ts.isIdentifier(key) && fromRequest(key, a, 0, true)) out.push(...whitelistOf(key, a));
  }
  return out;
}

/** The string array a request value was checked against (`SORTABLE.includes(sort) ? sort : 'id'`). */
function whitelistOf(id: ts.Identifier, a: Analysis): Array<{ node: ts.Node; column: string }> {
  const decl = a.checker.getSymbolAtLocation(id)?.valueDeclaration;
  const init = decl && ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
  const out: Array<{ node: ts.Node; column: string }> = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) {
      const d = a.checker.getSymbolAtLocation(n)?.valueDeclaration;
      const list = d && ts.isVariableDeclaration(d) && d.initializer ? unwrap(d.initializer) : undefined;
      if (list && ts.isArrayLiteralExpression(list)) for (const e of list.elements) if (ts.isStringLiteralLike(e)) out.push({ node: e, column: e.text });
    }
    ts.forEachChild(n, visit);
  };
  if (init) visit(init);
  return out;
}

/** query-unindexed-filter: Columns a list route filters or sorts on are indexed; filters used together share a composite index. */
export const queryUnindexedFilter: Rule = {
  id: 'query-unindexed-filter',
  title: 'List filters and sorts use indexed columns',
  check: (a) => {
    const out: RawFinding[] = [];
    const seen = new Set<ts.Node>();
    const report = (node: ts.Node, message: string) => {
      if (!seen.has(node)) out.push({ node, message });
      seen.add(node);
    };
    for (const file of a.files) {
      for (const call of file.calls) {
        const db = a.db(call);
        if (db?.kind !== 'modelStatic' || !LISTS.has(db.method) || !a.onRequestPath(call)) continue;
        const model: ModelFacts | undefined = a.modelOf(db.receiver);
        const options = objectOf(call.arguments[0], a.checker);
        if (!model || !options) continue;
        const whereProp = options.properties.find((p) => p.name && propName(p.name) === 'where');
        const where = objectOf(propValue(options, 'where'), a.checker);
        const filtered: Array<{ node: ts.Node; column: string }> = [];
        for (const p of where?.properties ?? []) {
          if (!(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) || !p.name || ts.isComputedPropertyName(p.name)) continue;
          const value = ts.isPropertyAssignment(p) ? p.initializer : p.name;
          if (fromRequest(value, a, 0, true)) filtered.push({ node: p, column: propName(p.name) });
        }
        const columns = filtered.map((f) => f.column);
        const fieldOf = (c: string) => model.columns.find((x) => x.name === c || x.field === c)?.field ?? c;
        // One index whose leading columns are exactly the filtered ones serves them all.
        const composite =
          columns.length > 1 &&
          a.indexesOf(model).some((i) => columns.every((c) => i.columns.slice(0, columns.length).some((x) => same(x, fieldOf(c)) || same(x, c))));
        if (!composite) {
          for (const f of filtered)
            if (!a.isIndexed(model, f.column))
              report(
                f.node,
                `${model.name} is filtered on ${f.column} from the request, and ${model.table}.${f.column} has no index; every such request scans the table: index it`,
              );
          if (columns.length > 1 && whereProp && columns.every((c) => a.isIndexed(model, c)))
            report(
              whereProp,
              `${model.name} is always filtered on ${columns.join(' and ')} together with no composite index; add one index on (${columns.join(', ')})`,
            );
        }
        const order = propValue(options, 'order');
        for (const k of order ? sortKeys(order, a) : []) {
          if (!a.isIndexed(model, k.column))
            report(
              k.node,
              `${model.name} list is sorted on ${k.column}, which has no index; a sorted page then sorts the whole table: index it or drop it from the sort keys`,
            );
        }
      }
    }
    return out;
  },
};

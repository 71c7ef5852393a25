import { Node, SyntaxKind } from 'ts-morph';
import { line, type RawFinding, type Rule } from './helpers.ts';

/** query-unbounded-pagination: List routes paginate with a limit of at most 100. */
export const queryUnboundedPagination: Rule = {
  id: 'query-unbounded-pagination',
  title: 'List routes paginate with a limit of at most 100',
  applies: (f) => f.role === 'route' || f.inDir('http'),
  quick: /limit|Type\.Array|type:\s*['"]array/,
  check: (f) => {
    const out: RawFinding[] = [];
    for (const p of f.source().getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
      const init = p.getInitializer();
      if (!init) continue;
      const envelope = p.getParentIfKind(SyntaxKind.ObjectLiteralExpression)?.getProperty('items') !== undefined;
      if (p.getName() === 'limit' && !envelope && /Type\.(Integer|Number)|type:\s*['"](integer|number)/.test(init.getText())) {
        const max = /maximum:\s*([0-9_]+)/.exec(init.getText());
        const value = max ? Number(max[1]!.replace(/_/g, '')) : Infinity;
        if (value > 100) out.push({ line: line(p), message: `limit ${max ? `allows up to ${value}` : 'has no maximum'}; bound it with maximum: 100` });
      }
      if (
        /^(200|'200')$/.test(p.getName()) &&
        p.getFirstAncestor((a) => Node.isPropertyAssignment(a) && a.getName() === 'response') &&
        /^Type\.Array\(|^\{\s*type:\s*['"]array/.test(init.getText())
      ) {
        out.push({ line: line(p), message: 'this route returns an unbounded array; return a page ({ items, total, limit, offset }) with limit at most 100' });
      }
    }
    return out;
  },
};

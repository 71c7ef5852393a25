import ts from 'typescript';
import { forEachDescendant, importedFrom, rootIdentifier } from '../analysis/syntax.ts';
import type { RawFinding, Rule } from './helpers.ts';

/** layer-repository-boundary: Repositories only persist; decisions and errors belong to services. */
export const layerRepositoryBoundary: Rule = {
  id: 'layer-repository-boundary',
  title: 'Repositories only persist',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const file of a.files.filter((f) => f.role === 'repository')) {
      forEachDescendant(file.sf, (n) => {
        if (!ts.isThrowStatement(n)) return;
        let inIf = false;
        for (let p = n.parent; p && !ts.isSourceFile(p); p = p.parent) if (ts.isIfStatement(p)) inIf = true;
        const thrown = ts.isNewExpression(n.expression) ? rootIdentifier(n.expression.expression) : undefined;
        const http = thrown ? /^(@nestjs\/|http-errors|@fastify\/|fastify|express|koa|@hapi\/boom)/.test(importedFrom(thrown, a.checker) ?? '') : false;
        const builtin = /^(Error|TypeError|RangeError|AssertionError)$/.test(thrown?.text ?? '');
        if ((inIf && thrown && !builtin) || http)
          out.push({
            node: n,
            message: 'a repository makes a decision and throws; return what you found (or null) and let the service decide and raise the domain error',
          });
      });
    }
    return out;
  },
};

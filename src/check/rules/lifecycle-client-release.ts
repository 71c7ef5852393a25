import { Node, SyntaxKind } from 'ts-morph';
import { line, type Rule } from './helpers.ts';

/** lifecycle-client-release: A pool client is released on every path. */
export const lifecycleClientRelease: Rule = {
  id: 'lifecycle-client-release',
  title: 'A pool client is released on every path',
  applies: () => true,
  quick: /\.connect\(\)/,
  check: (f) =>
    f
      .source()
      .getDescendantsOfKind(SyntaxKind.VariableDeclaration)
      .filter((v) => {
        const init = v.getInitializer();
        return !!init && Node.isAwaitExpression(init) && /pool\w*\.connect\(\)$/i.test(init.getExpression().getText());
      })
      .filter((v) => {
        const fn = v.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
        return !(fn?.getDescendantsOfKind(SyntaxKind.TryStatement) ?? []).some((t) => t.getFinallyBlock()?.getText().includes(`${v.getName()}.release(`));
      })
      .map((v) => ({ line: line(v), message: `${v.getName()} is acquired from a pool but not released in a finally block; release it on every path` })),
};

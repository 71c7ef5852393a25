import { Node, SyntaxKind } from 'ts-morph';
import { isAsyncHandler, isRequestPath, line, methodName, type Rule } from './helpers.ts';

/** lifecycle-sync-in-async: No blocking calls in async request code. */
export const lifecycleSyncInAsync: Rule = {
  id: 'lifecycle-sync-in-async',
  title: 'No blocking calls in async request code',
  applies: (f) => isRequestPath(f) || f.role === 'other',
  quick: /Sync\(/,
  check: (f) =>
    f
      .source()
      .getDescendantsOfKind(SyntaxKind.CallExpression)
      .filter((c) => /Sync$/.test(methodName(c) ?? ''))
      .filter((c) => {
        const fn = c.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a));
        return (
          fn !== undefined &&
          isAsyncHandler(fn) &&
          (isRequestPath(f) || /\.(get|post|put|patch|delete|all|route|addHook)\(/.test(fn.getParent()?.getText() ?? ''))
        );
      })
      .map((c) => ({ line: line(c), message: `${methodName(c)}() blocks the event loop inside async request code; use the async version` })),
};

import { Node, SyntaxKind } from 'ts-morph';
import { isLoopBody, line, methodName, NOT_QUERY, QUERY_METHOD, type Rule } from './helpers.ts';

/** query-n-plus-one: No query per row inside a loop. */
export const queryNPlusOne: Rule = {
  id: 'query-n-plus-one',
  title: 'No query per row inside a loop',
  applies: (f) => f.role !== 'migration' && f.role !== 'model',
  quick: /await/,
  check: (f) =>
    f
      .source()
      .getDescendantsOfKind(SyntaxKind.AwaitExpression)
      .filter((a) => {
        const call = a.getExpression();
        if (!Node.isCallExpression(call)) return false;
        const name = methodName(call);
        if (!name || NOT_QUERY.has(name) || !QUERY_METHOD.test(name) || !Node.isPropertyAccessExpression(call.getExpression())) return false;
        return a.getAncestors().some((n) => isLoopBody(n));
      })
      .map((a) => ({
        line: line(a),
        message: `${a.getExpression().getText().split('(')[0]}() runs once per iteration (N+1); load the rows for the whole list in one query (include, or WHERE id IN ...)`,
      })),
};

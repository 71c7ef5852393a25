import { Node, SyntaxKind } from 'ts-morph';
import { isRequestPath, line, methodName, type Rule } from './helpers.ts';

/** query-unbounded-findall: findAll on a request path has a limit. */
export const queryUnboundedFindall: Rule = {
  id: 'query-unbounded-findall',
  title: 'findAll on a request path has a limit',
  applies: isRequestPath,
  quick: /findAll/,
  check: (f) =>
    f
      .source()
      .getDescendantsOfKind(SyntaxKind.CallExpression)
      .filter((c) => methodName(c) === 'findAll')
      .filter((c) => {
        const arg = c.getArguments()[0];
        return !arg || (Node.isObjectLiteralExpression(arg) && !arg.getProperty('limit'));
      })
      .map((c) => ({
        line: line(c),
        message: `${c.getExpression().getText()}() has no limit; bound it (a page of at most 100) so one request cannot read a whole table`,
      })),
};

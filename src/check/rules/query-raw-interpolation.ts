import { Node, SyntaxKind } from 'ts-morph';
import { line, methodName, type Rule } from './helpers.ts';

/** query-raw-interpolation: Raw SQL is parameterized, never interpolated or concatenated. */
export const queryRawInterpolation: Rule = {
  id: 'query-raw-interpolation',
  title: 'Raw SQL is parameterized, never interpolated or concatenated',
  applies: (f) => f.role !== 'migration',
  quick: /query\(|literal\(|\$queryRaw/,
  check: (f) =>
    f
      .source()
      .getDescendantsOfKind(SyntaxKind.CallExpression)
      .filter((c) => ['query', 'literal', 'queryRaw', '$queryRawUnsafe'].includes(methodName(c) ?? ''))
      .filter((c) => {
        const sql = c.getArguments()[0];
        if (!sql) return false;
        if (Node.isTemplateExpression(sql)) return sql.getTemplateSpans().some((s) => !/^[A-Z][A-Z0-9_]*$/.test(s.getExpression().getText()));
        return Node.isBinaryExpression(sql) && sql.getOperatorToken().getKind() === SyntaxKind.PlusToken;
      })
      .map((c) => ({ line: line(c), message: 'SQL built by interpolation or concatenation; pass values as parameters ($1, $2 or replacements)' })),
};

import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import { line, type Rule } from './helpers.ts';

/** model-string-length: String columns have an explicit length limit. */
export const modelStringLength: Rule = {
  id: 'model-string-length',
  title: 'String columns have an explicit length limit',
  applies: (f) => f.role === 'model',
  quick: /STRING/,
  check: (f) =>
    f
      .source()
      .getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)
      .filter((p) => p.getName() === 'STRING' && /^DataTypes?$/.test(p.getExpression().getText()))
      .filter((p) => !Node.isCallExpression(p.getParent()) || (p.getParent() as CallExpression).getArguments().length === 0)
      .map((p) => ({
        line: line(p),
        message: `${p.getText()} without a length is an implicit varchar(255); give the limit you mean, e.g. DataType.STRING(120), or use TEXT`,
      })),
};

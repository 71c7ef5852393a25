import { SyntaxKind } from 'ts-morph';
import { line, REQUEST_INPUT, type Rule } from './helpers.ts';

/** query-unsafe-input: order, attributes and where never come straight from request input. */
export const queryUnsafeInput: Rule = {
  id: 'query-unsafe-input',
  title: 'order, attributes and where never come straight from request input',
  applies: (f) => f.role !== 'migration' && f.role !== 'model',
  quick: /\b(req|request)\.(query|body|params)\b/,
  check: (f) =>
    f
      .source()
      .getDescendantsOfKind(SyntaxKind.PropertyAssignment)
      .filter((p) => ['order', 'attributes', 'where', 'group'].includes(p.getName()) && REQUEST_INPUT.test(p.getInitializer()?.getText() ?? ''))
      .map((p) => ({ line: line(p), message: `${p.getName()} is built from request input; map it through a whitelist of columns first` })),
};

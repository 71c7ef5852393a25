import { Node } from 'ts-morph';
import { line, modelClasses, type Rule } from './helpers.ts';

/** model-on-delete: Every relation says what ON DELETE does. */
export const modelOnDelete: Rule = {
  id: 'model-on-delete',
  title: 'Every relation says what ON DELETE does',
  applies: (f) => f.role === 'model',
  quick: /@(BelongsTo|HasMany|HasOne)\b/,
  check: (f) =>
    modelClasses(f.source()).flatMap((c) =>
      c.getProperties().flatMap((p) =>
        p
          .getDecorators()
          .filter((d) => ['BelongsTo', 'HasMany', 'HasOne'].includes(d.getName()))
          .filter((d) => !d.getArguments().some((a) => Node.isObjectLiteralExpression(a) && a.getProperty('onDelete')))
          .map((d) => ({ line: line(d), message: `@${d.getName()} ${c.getName()}.${p.getName()} has no onDelete; say CASCADE, SET NULL or RESTRICT` })),
      ),
    ),
};

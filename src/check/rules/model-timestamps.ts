import { line, modelClasses, optionsOf, propText, type Rule } from './helpers.ts';

/** model-timestamps: Every table has created_at and updated_at. */
export const modelTimestamps: Rule = {
  id: 'model-timestamps',
  title: 'Every table has created_at and updated_at',
  applies: (f) => f.role === 'model',
  quick: /timestamps|createdAt|updatedAt/,
  check: (f) =>
    modelClasses(f.source()).flatMap((c) => {
      const o = optionsOf(c.getDecorator('Table'));
      const off = ['timestamps', 'createdAt', 'updatedAt'].find((k) => propText(o, k) === 'false');
      return off
        ? [
            {
              line: line(c.getDecorator('Table')!),
              message: `${c.getName()} turns off ${off}; every table keeps created_at and updated_at (timestamptz, NOT NULL, default now())`,
            },
          ]
        : [];
    }),
};

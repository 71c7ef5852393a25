import type { Rule } from './helpers.ts';

/** model-string-length: String columns have an explicit length limit. */
export const modelStringLength: Rule = {
  id: 'model-string-length',
  title: 'String columns have an explicit length limit',
  check: (a) =>
    a.models.flatMap((m) =>
      m.columns
        .filter((c) => c.type === 'STRING' && !c.sized)
        .map((c) => ({
          node: c.node,
          message: `${m.name}.${c.name} is STRING without a length, an implicit varchar(255); give the limit you mean, e.g. STRING(120), or use TEXT`,
        })),
    ),
};

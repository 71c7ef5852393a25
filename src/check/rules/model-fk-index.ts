import type { Rule } from './helpers.ts';

/** model-fk-index: Every foreign key column has an index (declared in the model, a migration or the live catalog). */
export const modelFkIndex: Rule = {
  id: 'model-fk-index',
  title: 'Every foreign key column has an index',
  check: (a) =>
    a.models.flatMap((m) =>
      a
        .foreignKeysOf(m)
        .filter((fk) => !a.isIndexed(m, fk.column))
        .map((fk) => ({
          node: fk.node,
          message: `foreign key ${m.table}.${fk.column} has no index in the model, the migrations or the catalog; deletes and joins scan ${m.table}: add an index on (${fk.column})`,
        })),
    ),
};

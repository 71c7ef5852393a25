import type { Rule } from './helpers.ts';

/** model-on-delete: Every foreign key says what happens on delete. */
export const modelOnDelete: Rule = {
  id: 'model-on-delete',
  title: 'Every foreign key declares ON DELETE',
  check: (a) =>
    a.models.flatMap((m) =>
      a
        .foreignKeysOf(m)
        .filter((fk) => !fk.onDelete)
        .map((fk) => ({
          node: fk.node,
          message: `foreign key ${m.table}.${fk.column} declares no ON DELETE in the model or the migrations; say CASCADE, SET NULL or RESTRICT (onDelete) so deleting a parent does what you mean`,
        })),
    ),
};

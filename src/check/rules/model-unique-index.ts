import type { Rule } from './helpers.ts';

/** model-unique-index: Unique columns are backed by a declared unique index. */
export const modelUniqueIndex: Rule = {
  id: 'model-unique-index',
  title: 'Unique columns are backed by a declared unique index',
  check: (a) =>
    a.models.flatMap((m) =>
      m.columns
        .filter((c) => c.unique && !a.indexesOf(m).some((i) => i.unique && i.columns.length === 1 && [c.field, c.name].includes(i.columns[0] ?? '')))
        .map((c) => ({
          node: c.node,
          message: `${m.name}.${c.name} is unique: true with no named unique index; declare { name: 'uq_${m.table}_${c.field}', unique: true, fields: ['${c.field}'] } so the model, migrations and catalog agree`,
        })),
    ),
};

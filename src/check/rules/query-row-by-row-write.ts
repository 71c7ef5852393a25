import { pathText, type Rule } from './helpers.ts';
import { perElement } from './loops.ts';

/** query-row-by-row-write: Many rows are written in one statement, not one per row. */
export const queryRowByRowWrite: Rule = {
  id: 'query-row-by-row-write',
  title: 'Many rows are written in one statement, not one per row',
  check: (a) =>
    perElement(a, 'write').map(({ call, path }) => ({
      node: call,
      message: `${pathText(path)} writes once per element; write the batch in one statement (bulkCreate, UPDATE ... WHERE id IN, INSERT ... SELECT unnest($1), or COPY)`,
    })),
};

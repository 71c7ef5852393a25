import { pathText, type Rule } from './helpers.ts';
import { perElement } from './loops.ts';

/** query-n-plus-one: No query per row inside a loop. */
export const queryNPlusOne: Rule = {
  id: 'query-n-plus-one',
  title: 'No query per row inside a loop',
  check: (a) =>
    perElement(a, 'read').map(({ call, path }) => ({
      node: call,
      message: `${path.length > 1 ? `${pathText(path)} reads` : `${pathText(path)} runs`} once per element (N+1); load the rows for the whole list in one query (include, or WHERE id IN (...))`,
    })),
};

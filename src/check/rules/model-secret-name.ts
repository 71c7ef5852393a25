import type { Rule } from './helpers.ts';
import { isSecretColumn } from '../../field-types.ts';
import { snake } from '../../names.ts';
import { isSecret } from './secrets.ts';

/** model-secret-name: Secrets are stored hashed, in hashed_* columns. */
export const modelSecretName: Rule = {
  id: 'model-secret-name',
  title: 'Secrets are stored hashed, in hashed_* columns',
  check: (a) =>
    a.models.flatMap((m) =>
      m.columns
        .filter((c) => isSecret(c) && !isSecretColumn(c.field.toLowerCase()) && !isSecretColumn(snake(c.name)))
        .map((c) => ({
          node: c.node,
          message: `${m.name}.${c.name} holds a secret under the name ${c.field}; store only a hash, in a column named hashed_${c.field.replace(/_?hash(ed)?_?/i, '')}, so nobody mistakes it for the plain value`,
        })),
    ),
};

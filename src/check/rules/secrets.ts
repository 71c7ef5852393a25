/** Which columns hold secrets: the generator's own notion (looksSecret), for text columns. */
import { isSecretColumn, looksSecret } from '../../field-types.ts';
import type { Column } from '../analysis/schema.ts';
import { snake } from '../../names.ts';

const TEXTUAL = new Set(['STRING', 'TEXT', 'CHAR', 'CITEXT', 'BLOB', undefined]);

/** Whether a column holds a secret or its hash (hashed_* columns hold the hash of one, whatever it is called). */
export const isSecret = (c: Column): boolean =>
  (looksSecret(snake(c.name)) || looksSecret(c.field.toLowerCase()) || isSecretColumn(c.field.toLowerCase()) || isSecretColumn(snake(c.name))) &&
  TEXTUAL.has(c.type);

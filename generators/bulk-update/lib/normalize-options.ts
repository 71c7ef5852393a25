import { KEY_TYPES } from '../../../src/types/keys.ts';
import { readEntity } from '../../../src/entity.ts';
import { fail, q } from '../../../src/errors.ts';
import { isSecretColumn } from '../../../src/field-types.ts';
import { camel, kebab, pascal, snake, type Names } from '../../../src/names.ts';
import { assertProject } from '../../../src/project.ts';
import type { Tree } from '../../../src/tree.ts';

/** What the user gave `strata generate bulk-update`. */
export interface BulkUpdateArgs {
  model: string;
  action: string;
  set: string;
}

/** The normalized options every step sees: names, the SET clause, and where the files go. */
export interface BulkUpdateOptions {
  names: Names;
  action: string;
  actionFile: string;
  constName: string;
  functionName: string;
  serviceClass: string;
  serviceProp: string;
  routeVar: string;
  setSql: string;
  setColumn: string;
  setValueTs: string;
  setDescription: string;
  softDelete: boolean;
  /** The SQL array type of the ids it takes (bigint[] or integer[]), and the largest id */
  keyArray: string;
  maxKey: number;
  /** `field=value` as given (the app spec records it) */
  set: string;
  paths: { query: string; service: string; routes: string; test: string };
}

const LITERAL = /^(true|false|-?[0-9]+(\.[0-9]+)?|[A-Za-z0-9 _.-]*)$/;

/** Checks the action, the model and `--set field=value` against the model's columns. */
export function normalizeOptions({ model, action, set }: BulkUpdateArgs, tree: Tree): BulkUpdateOptions {
  assertProject(tree);
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(action)) fail('STRATA_USAGE', `action ${q(action)} must be lower-case letters, digits and -, e.g. publish-all`);
  const entity = readEntity(tree, model);
  const m = /^([A-Za-z][A-Za-z0-9_]*)=(.*)$/.exec(set);
  if (!m) fail('STRATA_USAGE', `--set ${q(set)} must be field=value, e.g. --set published=true`);
  const column = entity.columns.find((c) => c.attr === camel(m[1]!) || c.name === m[1]);
  if (!column) fail('STRATA_USAGE', `--set ${q(set)}: ${entity.names.className} has no field ${q(m[1]!)}`);
  if (isSecretColumn(column.name)) fail('STRATA_USAGE', `--set ${q(set)}: ${column.attr} holds password hashes; a bulk update cannot set it`);
  const raw = m[2]!;
  if (!LITERAL.test(raw)) fail('STRATA_USAGE', `--set ${q(set)}: the value must be true, false, a number or plain text`);
  const numeric = /^(integer|bigint|numeric|double|real)/.test(column.type);
  if (column.type === 'boolean' && raw !== 'true' && raw !== 'false') fail('STRATA_USAGE', `--set ${q(set)}: ${column.attr} is boolean; use true or false`);
  if (numeric && !/^-?[0-9]+(\.[0-9]+)?$/.test(raw)) fail('STRATA_USAGE', `--set ${q(set)}: ${column.attr} is a number`);
  const quoted = column.type !== 'boolean' && !numeric;
  const sqlValue = quoted ? `'${raw}'` : raw;
  const n = entity.names;
  const actionFile = kebab(action);
  return {
    names: n,
    action,
    actionFile,
    constName: `${snake(action).toUpperCase()}_${n.tableName.toUpperCase()}`,
    functionName: camel(`${action}-${n.pluralPropertyName}`),
    serviceClass: `${n.className}${pascal(action)}Service`,
    serviceProp: camel(`${n.propertyName}-${action}`),
    routeVar: `${camel(`${n.propertyName}-${action}`)}Routes`,
    setSql: `"${column.name}" = ${sqlValue}`,
    setColumn: column.name,
    setValueTs: quoted || column.type === 'bigint' || column.type.startsWith('numeric') ? `'${raw}'` : raw,
    setDescription: `${column.name} = ${sqlValue}`,
    softDelete: entity.softDelete,
    keyArray: `${KEY_TYPES[entity.key].sql}[]`,
    maxKey: KEY_TYPES[entity.key].max,
    set,
    paths: {
      query: `src/db/queries/${n.fileName}-${actionFile}.ts`,
      service: `src/services/${n.fileName}-${actionFile}-service.ts`,
      routes: `src/routes/${n.routeName}-${actionFile}.ts`,
      test: `test/bulk/${n.routeName}-${actionFile}.test.ts`,
    },
  };
}

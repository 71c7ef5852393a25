import { ensureArrayElement, ensureNamedImport, ensureReturnedProperty, openSource, saveSource } from '../../../src/ast.ts';
import { columnTsType, readEntity, type Entity } from '../../../src/entity.ts';
import { isSecretColumn, SECRET_PREFIX, secretCheck } from '../../../src/field-types.ts';
import { fail, q } from '../../../src/errors.ts';
import type { Generator } from '../../../src/generator.ts';
import { camel, kebab, pascal, snake } from '../../../src/names.ts';
import { PROJECT_MARKERS } from '../../../src/project.ts';
import { format, renderTemplate } from '../../../src/render.ts';
import type { Tree } from '../../../src/tree.ts';
import { BULK_UPDATE_USAGE, BULK_USAGE, COPY_USAGE } from '../usage.ts';

function assertProject(tree: Tree): void {
  for (const marker of PROJECT_MARKERS) {
    if (!tree.exists(marker)) fail('STRATA_NOT_PROJECT', `${tree.root} is not a strata project (no ${marker}); cd into the project`);
  }
}

async function write(tree: Tree, template: string, file: string, view: object): Promise<void> {
  tree.write(file, await format(file, renderTemplate(`bulk/${template}`, view)));
}

/** Registers a raw-layer service and its route plugin. */
async function register(tree: Tree, service: { prop: string; cls: string; file: string }, route: { name: string; file: string }): Promise<void> {
  const services = openSource(tree, 'src/services/index.ts');
  ensureNamedImport(services, `./${service.file}.ts`, service.cls);
  ensureReturnedProperty(services, 'createServices', service.prop, `new ${service.cls}(db.database)`);
  await saveSource(tree, services);
  const routes = openSource(tree, 'src/routes/index.ts');
  ensureNamedImport(routes, `./${route.file}.ts`, route.name);
  ensureArrayElement(routes, 'routes', route.name);
  await saveSource(tree, routes);
}

/** Options of `generate bulk`. */
export interface BulkOptions {
  entity: Entity;
  hasUnique: boolean;
}

function bulkView(o: BulkOptions) {
  const n = o.entity.names;
  const columns = o.entity.columns.map((c, i) => ({
    name: c.name,
    attr: c.attr,
    optional: c.nullable || c.default !== null,
    tsType: columnTsType(c),
    arrayType: `${c.type}[]`,
    index: i + 1,
    select: c.default !== null ? `COALESCE(t."${c.name}", ${c.default})` : `t."${c.name}"`,
    last: i === o.entity.columns.length - 1,
  }));
  return {
    ...n,
    constName: n.tableName.toUpperCase(),
    columns,
    columnCount: columns.length,
    hasUnique: o.hasUnique,
    secrets: o.entity.columns.filter((c) => isSecretColumn(c.name)).map((c) => ({ attr: c.attr, input: camel(c.name.slice(SECRET_PREFIX.length)), optional: c.nullable })),
    foreignKeys: o.entity.columns.filter((c) => c.foreignKey && !c.nullable).map((c) => c.attr),
  };
}

/** `strata generate bulk`: bulk inserts of a model on the raw SQL layer. */
export const bulkGenerator: Generator<{ model: string }, BulkOptions> = {
  name: 'bulk',
  usage: BULK_USAGE,
  normalize: ({ model }, tree) => {
    assertProject(tree);
    const entity = readEntity(tree, model);
    return { entity, hasUnique: entity.hasUnique };
  },
  steps: [
    [
      'add bulk insert',
      async (tree, o) => {
        const n = o.entity.names;
        const view = bulkView(o);
        await write(tree, 'insert-query.ts', `src/db/queries/${n.fileName}-bulk.ts`, view);
        await write(tree, 'insert-service.ts', `src/services/${n.fileName}-bulk-service.ts`, view);
        await write(tree, 'insert-routes.ts', `src/routes/${n.routeName}-bulk.ts`, view);
        await write(tree, 'insert.test.ts', `test/bulk/${n.routeName}-bulk.test.ts`, view);
        await register(tree, { prop: `${n.propertyName}Bulk`, cls: `${n.className}BulkService`, file: `${n.fileName}-bulk-service` }, { name: `${n.propertyName}BulkRoutes`, file: `${n.routeName}-bulk` });
      },
    ],
  ],
};

/** Options of `generate bulk-update`. */
export interface BulkUpdateOptions {
  entity: Entity;
  action: string;
  column: string;
  sqlValue: string;
  tsValue: string;
  softDelete: boolean;
}

const LITERAL = /^(true|false|-?[0-9]+(\.[0-9]+)?|[A-Za-z0-9 _.-]*)$/;

/** `strata generate bulk-update`: one UPDATE for many ids on the raw SQL layer. */
export const bulkUpdateGenerator: Generator<{ model: string; action: string; set: string }, BulkUpdateOptions> = {
  name: 'bulk-update',
  usage: BULK_UPDATE_USAGE,
  normalize: ({ model, action, set }, tree) => {
    assertProject(tree);
    if (!/^[a-z][a-z0-9-]{0,40}$/.test(action)) fail('STRATA_USAGE', `action ${q(action)} must be lower-case letters, digits and -, e.g. publish-all`);
    const entity = readEntity(tree, model);
    const m = /^([A-Za-z][A-Za-z0-9_]*)=(.*)$/.exec(set);
    if (!m) fail('STRATA_USAGE', `--set ${q(set)} must be field=value, e.g. --set published=true`);
    const column = entity.columns.find((c) => c.attr === camel(m[1]!) || c.name === m[1]);
    if (!column) fail('STRATA_USAGE', `--set ${q(set)}: ${entity.names.className} has no field ${q(m[1]!)}`);
    const raw = m[2]!;
    if (!LITERAL.test(raw)) fail('STRATA_USAGE', `--set ${q(set)}: the value must be true, false, a number or plain text`);
    const numeric = /^(integer|bigint|numeric|double|real)/.test(column.type);
    if (column.type === 'boolean' && raw !== 'true' && raw !== 'false') fail('STRATA_USAGE', `--set ${q(set)}: ${column.attr} is boolean; use true or false`);
    if (numeric && !/^-?[0-9]+(\.[0-9]+)?$/.test(raw)) fail('STRATA_USAGE', `--set ${q(set)}: ${column.attr} is a number`);
    const quoted = column.type !== 'boolean' && !numeric;
    return {
      entity,
      action,
      column: column.name,
      sqlValue: quoted ? `'${raw}'` : raw,
      tsValue: quoted || column.type === 'bigint' || column.type.startsWith('numeric') ? `'${raw}'` : raw,
      softDelete: entity.softDelete,
    };
  },
  steps: [
    [
      'add bulk update',
      async (tree, o) => {
        const n = o.entity.names;
        const actionFile = kebab(o.action);
        const view = {
          ...n,
          action: o.action,
          actionFile,
          constName: `${snake(o.action).toUpperCase()}_${n.tableName.toUpperCase()}`,
          functionName: camel(`${o.action}-${n.pluralPropertyName}`),
          serviceClass: `${n.className}${pascal(o.action)}Service`,
          serviceProp: camel(`${n.propertyName}-${o.action}`),
          routeVar: `${camel(`${n.propertyName}-${o.action}`)}Routes`,
          setSql: `"${o.column}" = ${o.sqlValue}`,
          setColumn: o.column,
          setValueTs: o.tsValue,
          setDescription: `${o.column} = ${o.sqlValue}`,
          softDelete: o.softDelete,
        };
        await write(tree, 'update-query.ts', `src/db/queries/${n.fileName}-${actionFile}.ts`, view);
        await write(tree, 'update-service.ts', `src/services/${n.fileName}-${actionFile}-service.ts`, view);
        await write(tree, 'update-routes.ts', `src/routes/${n.routeName}-${actionFile}.ts`, view);
        await write(tree, 'update.test.ts', `test/bulk/${n.routeName}-${actionFile}.test.ts`, view);
        await register(tree, { prop: view.serviceProp, cls: view.serviceClass, file: `${n.fileName}-${actionFile}-service` }, { name: view.routeVar, file: `${n.routeName}-${actionFile}` });
      },
    ],
  ],
};

/** Which JSON values an NDJSON import accepts for a column (bigint and numeric travel as strings, as in the API). */
function copyKind(c: { type: string }): 'string' | 'integer' | 'number' | 'boolean' | 'json' {
  if (/^(integer|smallint)$/.test(c.type)) return 'integer';
  if (/^(double precision|real)$/.test(c.type)) return 'number';
  if (c.type === 'boolean') return 'boolean';
  return /^json/.test(c.type) ? 'json' : 'string';
}

/** A text cell a spreadsheet would run as a formula gets a leading ' on export (OWASP's advice on CSV injection). */
function formulaSafe(column: string): string {
  return `CASE WHEN "${column}" ~ '^[-=+@\\\\t\\\\r]' THEN '''' || "${column}" ELSE "${column}" END AS "${column}"`;
}

/** A visible, unconstrained text column a test can fill with a formula (unique ones are fine: the value is fresh). */
function formulaColumnOf(entity: Entity): { attr: string; max: number } | undefined {
  const column = entity.columns.find((c) => c.visible && !c.foreignKey && /^(varchar|character varying|text)/.test(c.type));
  if (!column) return undefined;
  const max = Number(/\((\d+)\)/.exec(column.type)?.[1] ?? 1000);
  return max >= 30 ? { attr: column.attr, max } : undefined;
}

/** `strata generate copy`: streaming CSV import and export of a model with COPY. */
export const copyGenerator: Generator<{ model: string }, BulkOptions> = {
  name: 'copy',
  usage: COPY_USAGE,
  normalize: bulkGenerator.normalize,
  steps: [
    [
      'add COPY import and export',
      async (tree, o) => {
        const n = o.entity.names;
        const base = bulkView(o);
        const view = {
          ...base,
          columns: base.columns.map((c, i) => {
            const col = o.entity.columns[i]!;
            const check = isSecretColumn(col.name) ? { check: secretCheck(col.name) } : {};
            return { ...c, type: col.type, required: !col.nullable && col.default === null, kind: copyKind(col), ...check };
          }),
          exportColumns: ['id', ...o.entity.columns.filter((c) => c.visible).map((c) => c.name), 'created_at', 'updated_at'].map((name) => {
            const col = o.entity.columns.find((c) => c.name === name);
            return { name, select: col && /^(varchar|character varying|text)/.test(col.type) ? formulaSafe(name) : `"${name}"` };
          }),
          hiddenColumns: o.entity.columns.filter((c) => !c.visible).map((c) => c.name),
          softDelete: o.entity.softDelete,
          formulaColumn: formulaColumnOf(o.entity),
        };
        tree.write('src/db/copy.ts', await format('src/db/copy.ts', renderTemplate('copy/copy.ts', {})));
        await write(tree, '../copy/query.ts', `src/db/queries/${n.fileName}-copy.ts`, view);
        await write(tree, '../copy/service.ts', `src/services/${n.fileName}-copy-service.ts`, view);
        await write(tree, '../copy/routes.ts', `src/routes/${n.routeName}-copy.ts`, view);
        await write(tree, '../copy/test.ts', `test/bulk/${n.routeName}-copy.test.ts`, view);
        await register(tree, { prop: `${n.propertyName}Copy`, cls: `${n.className}CopyService`, file: `${n.fileName}-copy-service` }, { name: `${n.propertyName}CopyRoutes`, file: `${n.routeName}-copy` });
      },
    ],
  ],
};

import { KEY_TYPES } from '../../../src/types/keys.ts';
import { type Field, looksSecret } from '../../../src/field-types.ts';
import type { Table } from '../../../src/snapshot/types.ts';
import { TYPES } from '../../../src/type-registry.ts';
import { pascal } from '../../../src/names.ts';
import { isEmailField } from '../../../src/schema.ts';
import type { ModelOptions } from './normalize-options.ts';

/** One field as the templates print it: every expression worked out here, none in templates. */
export interface FieldView {
  name: string;
  /** The name the API takes it by: a password's write-only name (password), else the attribute */
  bodyName: string;
  /** A password: the API takes it, the service stores its hash */
  secret: boolean;
  column: string;
  dataType: string;
  keyGetter: boolean;
  allowNull: boolean;
  defaultValue?: string;
  declaredType: string;
  inputType: string;
  inputOptional: boolean;
  responseSchema: string;
  createSchema: string;
  filterSchema?: string;
  hidden: boolean;
  sample: string;
  unique: boolean;
  /** unique regardless of case (an email) */
  caseInsensitive: boolean;
  maxLength?: number;
  isBoolean: boolean;
  /** a wrong-shaped value validation must reject, as a TypeScript expression */
  bad?: string;
  /** named like a secret and declared :public, so check is told it is stored as it is on purpose */
  publicSecret: boolean;
  /** for a foreign key: the referenced class */
  foreignTarget?: string;
  /** for a required foreign key: the factory that creates the parent */
  parentFactory?: string;
}

function fieldView(f: Field, table: Table): FieldView {
  const t = TYPES[f.type];
  const nullable = (type: string) => (f.optional ? `${type} | null` : type);
  const valueType = nullable(t.tsType(f));
  const inputOptional = f.optional || f.default !== undefined;
  const schema = t.schema(f);
  const response = f.optional ? `Nullable(${schema})` : schema;
  return {
    name: f.name,
    bodyName: f.secret?.input ?? f.name,
    secret: f.secret !== undefined,
    publicSecret: Boolean(f.public) && looksSecret(f.column) && (f.type === 'string' || f.type === 'text'),
    column: f.column,
    dataType: t.dataType(f),
    // An int8 key comes back from node-postgres as text: the model reads it as a number (src/db/keys.ts).
    keyGetter: f.references?.key === 'bigint',
    allowNull: table.columns.find((c) => c.name === f.column)?.nullable ?? f.optional,
    ...(f.default ? { defaultValue: f.default.ts } : {}),
    declaredType: inputOptional ? `CreationOptional<${valueType}>` : valueType,
    inputType: nullable(t.tsInput(f)),
    inputOptional,
    responseSchema: response,
    createSchema: f.secret ? (f.optional ? `Type.Optional(${schema})` : schema) : inputOptional ? `Type.Optional(${response})` : response,
    ...(!f.hidden && (t.filterAlways || f.index || f.unique) ? { filterSchema: `Type.Optional(${schema})` } : {}),
    hidden: f.hidden,
    sample: t.testValue(f),
    unique: f.unique,
    caseInsensitive: f.unique && isEmailField(f),
    ...(f.type === 'string' ? { maxLength: f.length } : {}),
    isBoolean: f.type === 'boolean',
    ...(t.bad ? { bad: t.bad } : {}),
    ...(f.references ? { foreignTarget: f.references.target } : {}),
    ...(f.references && !f.optional ? { parentFactory: `create${f.references.target}` } : {}),
  };
}

/** Everything the model templates print, derived once from the normalized options. */
export function modelView(o: ModelOptions) {
  const fields = o.fields.map((f) => fieldView(f, o.table));
  const self = o.names.className;
  const parents = [...new Map(o.belongsTo.filter((b) => b.parent.className !== self).map((b) => [b.parent.className, b.parent])).values()];
  const visible = fields.filter((f) => !f.hidden);
  const sortable = ['id', ...o.fields.filter((f) => !f.hidden && TYPES[f.type].sortable).map((f) => f.name), 'createdAt', 'updatedAt'];
  const searchable = o.fields.filter((f) => !f.hidden && TYPES[f.type].searchable).map((f) => f.name);
  // Indexes and nullability come from the table object the snapshot stores, so model and snapshot agree by construction.
  const indexes = o.table.indexes.map((i) => ({
    name: i.name,
    fields: i.columns.map((c) => (i.lower ? `fn('lower', col('${c}'))` : `'${c}'`)).join(', '),
    unique: i.unique,
    partial: i.where !== undefined,
  }));
  const firstString = fields.find((f) => f.maxLength !== undefined && !f.hidden);
  const required = fields.filter((f) => !f.inputOptional);
  return {
    ...o.names,
    softDelete: o.softDelete,
    fields,
    visible,
    hiddenNames: fields.filter((f) => f.hidden).flatMap((f) => (f.secret ? [f.name, f.bodyName] : [f.name])),
    secrets: o.fields.flatMap((f) =>
      f.secret ? [{ input: f.secret.input, pascal: pascal(f.secret.input), attr: f.name, column: f.column, optional: f.optional }] : [],
    ),
    hasSecrets: o.fields.some((f) => f.secret),
    secretAttrs: o.fields
      .filter((f) => f.secret)
      .map((f) => `'${f.name}'`)
      .join(', '),
    hasHidden: fields.some((f) => f.hidden),
    filters: fields.filter((f) => f.filterSchema !== undefined),
    sortable: sortable.map((name) => ({ name })),
    searchable: searchable.map((name) => ({ name })),
    hasSearch: searchable.length > 0,
    indexes,
    migrationName: o.migrationName,
    belongsTo: o.belongsTo.map((b) => ({
      relation: b.relation,
      target: b.parent.className,
      foreignKey: b.field.name,
      onDelete: b.onDelete,
    })),
    hasBelongsTo: o.belongsTo.length > 0,
    idDataType: KEY_TYPES[o.spec.keys].dataType,
    bigintKeys: o.spec.keys === 'bigint',
    modelImports: parents.map((p) => ({ className: p.className, fileName: p.fileName })),
    factoryImports: [...new Map(o.belongsTo.filter((b) => !b.field.optional).map((b) => [b.parent.className, b.parent])).values()].map((p) => ({
      className: p.className,
      fileName: p.fileName,
    })),
    factoryFields: fields.filter((f) => !(f.foreignTarget && f.allowNull)),
    factoryHelpers: [
      ...(o.fields.some((f) => f.unique && (f.type === 'integer' || f.type === 'bigint')) ? ['seq'] : []),
      ...(o.fields.some((f) => f.type === 'string') ? ['unique'] : []),
    ].join(', '),
    usesNullable: fields.some((f) => f.allowNull),
    usesLowerIndex: indexes.some((i) => i.fields.startsWith('fn(')),
    usesStringEnum: o.fields.some((f) => f.type === 'enum'),
    usesDateTime: o.fields.some((f) => f.type === 'datetime'),
    usesUuid: o.fields.some((f) => f.type === 'uuid'),
    usesSeq: o.fields.some((f) => f.unique && (f.type === 'integer' || f.type === 'bigint')),
    uniqueField: fields.find((f) => f.unique && !f.hidden && !f.isBoolean),
    firstString,
    tooLong: firstString ? (firstString.maxLength ?? 0) + 1 : 0,
    firstRequired: required[0],
    withBad: fields.filter((f) => f.bad !== undefined),
    booleanFilter: fields.find((f) => f.isBoolean && f.filterSchema !== undefined),
  };
}

/** The view type the templates are rendered with. */
export type ModelView = ReturnType<typeof modelView>;

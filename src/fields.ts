import { DEFAULT_KEYS, type KeyType } from './types/keys.ts';
import { fail, q } from './errors.ts';
import { FIELD_TYPES, looksSecret, SECRET_MAX_LENGTH, SECRET_PREFIX, type Field, type FieldDefault, type FieldType, type OnDelete } from './field-types.ts';
import { camel, pascal, snake } from './names.ts';
import { TYPES } from './type-registry.ts';
import { assertIdentifier } from './reserved.ts';

const MODIFIERS = ['unique', 'index', 'optional', 'hidden', 'public'] as const;
const ON_DELETE: Record<string, OnDelete> = { cascade: 'CASCADE', 'set-null': 'SET NULL', restrict: 'RESTRICT' };
const SEGMENT = /^([a-zA-Z]+)(\{([^{}]*)\})?(=(.*))?$/s;
const MAX_VARCHAR = 10485760;

/** Parses `name:type[{args}][:modifier...]` (Rails' syntax) into a validated Field. */
export function parseField(raw: string): Field {
  const [rawName = '', typeSegment, ...rest] = splitSegments(raw);
  if (typeSegment === undefined || typeSegment === '') {
    fail('STRATA_FIELD_SYNTAX', `field ${q(raw)} has no type; write it as name:type, e.g. title:string{200}`);
  }
  assertIdentifier(rawName, 'field', raw);
  const name = camel(rawName);
  const m = SEGMENT.exec(typeSegment);
  const expanded = /^(decimal|enum)([A-Za-z0-9_-]+)/.exec(typeSegment);
  if (expanded && !FIELD_TYPES.includes(typeSegment as FieldType)) {
    fail(
      'STRATA_FIELD_SYNTAX',
      `field ${q(raw)}: your shell expanded the braces of ${expanded[1]}{...}; quote the field, e.g. '${rawName}:${expanded[1]}{10,2}'`,
    );
  }
  if (!m) fail('STRATA_FIELD_SYNTAX', `field ${q(raw)}: cannot read ${q(typeSegment)}; write type[{args}][=default], e.g. price:decimal{10,2}=0`);
  const type = m[1] as FieldType;
  if (!FIELD_TYPES.includes(type)) {
    fail('STRATA_FIELD_TYPE', `field ${q(raw)}: unknown type ${q(m[1] ?? '')}; use one of ${FIELD_TYPES.join(', ')}`);
  }
  const field: Field = { name, column: snake(name), type, unique: false, index: false, optional: false, hidden: false, raw };
  applyArgs(field, m[3]);
  let defaultText = m[4] !== undefined ? (m[5] ?? '') : undefined;
  let onDelete: OnDelete | undefined;
  for (const segment of rest) {
    if (segment.startsWith('=')) {
      defaultText = segment.slice(1);
      continue;
    }
    const [modifier, dflt] = splitDefault(segment);
    if (field.references && ON_DELETE[modifier]) {
      if (onDelete) fail('STRATA_FIELD_MODIFIER', `field ${q(raw)}: give one of cascade, set-null or restrict`);
      onDelete = ON_DELETE[modifier];
      continue;
    }
    if (!(MODIFIERS as readonly string[]).includes(modifier)) {
      fail('STRATA_FIELD_MODIFIER', `field ${q(raw)}: unknown modifier ${q(modifier)}; use ${MODIFIERS.join(', ')} or =default`);
    }
    field[modifier as (typeof MODIFIERS)[number]] = true;
    if (dflt !== undefined) defaultText = dflt;
  }
  if (field.references) {
    field.references.onDelete = onDelete ?? 'RESTRICT';
    if (onDelete === 'SET NULL' && !field.optional) {
      fail('STRATA_FIELD_MODIFIER', `field ${q(raw)}: set-null needs a nullable column; add :optional`);
    }
    if (defaultText !== undefined || field.hidden) fail('STRATA_FIELD_MODIFIER', `field ${q(raw)}: a reference takes no default and cannot be hidden`);
    // A foreign key is always indexed (a unique one by its unique index).
    field.index = !field.unique;
  }
  if (field.unique && field.index && !field.references) {
    fail('STRATA_FIELD_MODIFIER', `field ${q(raw)}: unique already creates an index; drop :index`);
  }
  if (field.hidden && (field.unique || field.index) && field.type !== 'string') {
    fail('STRATA_FIELD_MODIFIER', `field ${q(raw)}: a hidden field cannot be filtered on; drop :index`);
  }
  if ((field.type === 'json' || field.type === 'text') && (field.unique || field.index)) {
    fail('STRATA_FIELD_MODIFIER', `field ${q(raw)}: ${field.type} columns take no btree index; drop :${field.unique ? 'unique' : 'index'}`);
  }
  if (defaultText !== undefined) field.default = parseDefault(field, defaultText);
  if (field.type === 'password') return secretField(field);
  if (field.column.startsWith(SECRET_PREFIX)) {
    fail(
      'STRATA_FIELD_SECRET',
      `field ${q(raw)}: ${SECRET_PREFIX}* columns hold the hashes of password fields; write ${camel(rawName.replace(/^hashed_?/i, '')) || 'password'}:password, or name the field otherwise`,
    );
  }
  if (looksSecret(field.column) && !field.public && (field.type === 'string' || field.type === 'text')) {
    fail(
      'STRATA_FIELD_SECRET',
      `field ${q(raw)} is named like a secret but would be stored as it is; write ${rawName}:password to store a salted hash, or add :public if it really is public`,
    );
  }
  return field;
}

/** `password:password{min}`: the API takes `password` (write-only), the table keeps its hash in `hashed_password`. */
function secretField(field: Field): Field {
  if (field.unique || field.index || field.hidden || field.public || field.default) {
    fail('STRATA_FIELD_MODIFIER', `field ${q(field.raw)}: a password takes only :optional; it is stored hashed, never indexed, shown or defaulted`);
  }
  const input = field.name;
  return {
    ...field,
    name: camel(`${SECRET_PREFIX}${field.column}`),
    column: `${SECRET_PREFIX}${field.column}`,
    hidden: true,
    length: 255,
    secret: { input, minLength: field.length ?? 8 },
  };
}

/** Splits on ':' except inside {...}, [...] or "..." (enum lists, JSON defaults). */
function splitSegments(raw: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of raw) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '{' || ch === '[')) depth++;
    else if (!quoted && (ch === '}' || ch === ']')) depth = Math.max(0, depth - 1);
    if (ch === ':' && depth === 0 && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out;
}

function splitDefault(segment: string): [string, string | undefined] {
  const at = segment.indexOf('=');
  return at < 0 ? [segment, undefined] : [segment.slice(0, at), segment.slice(at + 1)];
}

function applyArgs(field: Field, args: string | undefined): void {
  const { raw, type } = field;
  if (type === 'string') {
    field.length = args === undefined ? 255 : positiveInt(args, raw, 'string{n}: n is the maximum length, 1 to 10485760');
    if (field.length > MAX_VARCHAR) fail('STRATA_FIELD_ARGS', `field ${q(raw)}: length ${field.length} is over PostgreSQL's ${MAX_VARCHAR}; use text`);
    return;
  }
  if (type === 'password') {
    if (args !== undefined) field.length = positiveInt(args, raw, 'password{n}: n is the minimum length, 1 to 1024');
    if ((field.length ?? 8) > SECRET_MAX_LENGTH) fail('STRATA_FIELD_ARGS', `field ${q(raw)}: a minimum length of ${field.length} is over ${SECRET_MAX_LENGTH}`);
    return;
  }
  if (type === 'decimal') {
    const [p, s, extra] = (args ?? '10,2').split(',').map((x) => x.trim());
    if (extra !== undefined || p === undefined || s === undefined) {
      fail('STRATA_FIELD_ARGS', `field ${q(raw)}: decimal takes {precision,scale}, e.g. decimal{10,2}`);
    }
    field.precision = positiveInt(p, raw, 'decimal{p,s}: p is 1 to 1000');
    field.scale = nonNegativeInt(s, raw, 'decimal{p,s}: s is 0 to p');
    if (field.precision > 1000 || field.scale > field.precision) {
      fail('STRATA_FIELD_ARGS', `field ${q(raw)}: decimal{${p},${s}} is out of range; use 1 <= precision <= 1000 and 0 <= scale <= precision`);
    }
    return;
  }
  if (type === 'references') {
    const target = (args ?? '').trim();
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(target)) {
      fail('STRATA_FIELD_ARGS', `field ${q(raw)}: references takes the model it points at, e.g. author:references{User}`);
    }
    const relation = field.name.replace(/Id$/, '') || field.name;
    field.references = { relation, target: pascal(target), onDelete: 'RESTRICT', key: DEFAULT_KEYS };
    field.name = `${relation}Id`;
    field.column = `${snake(relation)}_id`;
    return;
  }
  if (type === 'enum') {
    const values = (args ?? '').split(',').map((v) => v.trim());
    if (values.length === 0 || values.some((v) => !/^[A-Za-z0-9_-]{1,63}$/.test(v))) {
      fail('STRATA_FIELD_ARGS', `field ${q(raw)}: enum takes {a,b,c} with values of letters, digits, _ or -, e.g. status:enum{draft,published}`);
    }
    if (new Set(values).size !== values.length) fail('STRATA_FIELD_ARGS', `field ${q(raw)}: enum lists a value twice`);
    field.values = values;
    return;
  }
  if (args !== undefined) fail('STRATA_FIELD_ARGS', `field ${q(raw)}: type ${type} takes no {arguments}; remove {${args}}`);
}

function positiveInt(text: string, raw: string, hint: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(text)) fail('STRATA_FIELD_ARGS', `field ${q(raw)}: ${q(text)} is not a positive whole number; ${hint}`);
  return Number(text);
}

function nonNegativeInt(text: string, raw: string, hint: string): number {
  if (!/^(0|[1-9][0-9]{0,9})$/.test(text)) fail('STRATA_FIELD_ARGS', `field ${q(raw)}: ${q(text)} is not a whole number; ${hint}`);
  return Number(text);
}

/** A `=default` read by the type's own parser (src/type-registry.ts). */
function parseDefault(field: Field, text: string): FieldDefault {
  const reject = (hint: string): never => fail('STRATA_FIELD_DEFAULT', `field ${q(field.raw)}: default ${q(text)} ${hint}`);
  return TYPES[field.type].parseDefault(field, text, reject);
}

/** Parses all fields and rejects duplicates (by column name); references hold keys of the project's key type. */
export function parseFields(raws: string[], keys: KeyType = DEFAULT_KEYS): Field[] {
  const fields = raws.map(parseField);
  for (const f of fields) if (f.references) f.references.key = keys;
  const seen = new Map<string, string>();
  for (const f of fields) {
    for (const key of [f.column, f.name, f.references?.relation].filter((k): k is string => k !== undefined)) {
      const prior = seen.get(key);
      if (prior !== undefined && prior !== f.raw) {
        fail('STRATA_FIELD_DUPLICATE', `field ${q(f.raw)} repeats ${q(prior)} (both are ${key}); give each field once`);
      }
      seen.set(key, f.raw);
    }
  }
  return fields;
}

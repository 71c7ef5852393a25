/** Fuzz requests: valid ones from the schemas, invalid ones broken on purpose, text bodies, and a strict reading of whether the document accepts each. */
import fc from 'fast-check';
import type { ValidateFunction } from 'ajv';
import {
  deref,
  isJsonMediaType,
  isRecord,
  type Operation,
  type Parameter,
  recordOf,
  rowSchemaFor,
  type Schema,
  schemaTypes,
  stringsOf,
} from './openapi.ts';
import { arbitraryFor, collectionOf, type GenContext, mergeAllOf } from './arbitraries.ts';

/** Bodies per batch for each operation that takes (or may take) a non-JSON body. */
const TEXT_BODIES_PER_OPERATION = 3;

export interface FuzzRequest {
  op: Operation;
  /** What was broken on purpose: a category (for grouping) and the concrete value. */
  mutation: { category: string; detail: string };
  /** Path parameter name to its URL segment, already percent-encoded. */
  pathSegments: Record<string, string>;
  /** Query pairs, already percent-encoded. */
  query: Array<[string, string]>;
  contentType?: string;
  payload?: string;
}

export const VALID = { category: 'valid request', detail: '' };

export function urlOf(request: FuzzRequest): string {
  const path = request.op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => request.pathSegments[name] ?? '');
  const query = request.query.map(([k, v]) => `${k}=${v}`).join('&');
  return query ? `${path}?${query}` : path;
}

/** A value as it travels in a path segment or query string, before encoding. */
export function toWire(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

export function queryPairs(name: string, value: unknown): Array<[string, string]> {
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => [encodeURIComponent(name), encodeURIComponent(toWire(v))]);
}

/** A path parameter value: mostly an id of a row created under the matching collection, else from its schema. */
export function pathValue(ctx: GenContext, op: Operation, p: Parameter): fc.Arbitrary<string> {
  const fromSchema = arbitraryFor(ctx, p.schema).map(toWire);
  const known = ctx.idsByCollection.get(collectionOf(op.path, p.name) ?? '') ?? [];
  const value =
    known.length > 0
      ? fc.oneof({ arbitrary: fc.constantFrom(...known).map(toWire), weight: 3 }, { arbitrary: fromSchema, weight: 1 })
      : fromSchema;
  return value.map(encodeURIComponent);
}

export function validRequest(ctx: GenContext, op: Operation): fc.Arbitrary<FuzzRequest> {
  const path = fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, pathValue(ctx, op, p)])));
  const query = fc.record(Object.fromEntries(op.queryParams.map((p) => [p.name, arbitraryFor(ctx, p.schema)])), {
    requiredKeys: op.queryParams.filter((p) => p.required).map((p) => p.name),
  });
  const json = op.body?.jsonSchema;
  const payload = json ? arbitraryFor(ctx, json).map((v) => JSON.stringify(v)) : fc.constant(undefined);
  return fc.record({ path, query, payload }).map(({ path, query, payload }): FuzzRequest => ({
    op,
    mutation: VALID,
    pathSegments: path,
    query: Object.entries(query).flatMap(([name, value]) => queryPairs(name, value)),
    ...(payload === undefined ? {} : { payload, contentType: 'application/json' }),
  }));
}

export interface Mutation {
  category: string;
  detail: string;
  apply: (request: FuzzRequest) => FuzzRequest;
}

/** Decoded path values that must never be read as a valid id (encoded before sending). */
export const NASTY_PATH_VALUES = [
  '0x10',
  ' 1',
  '1 ',
  '1e3',
  '-1',
  '0',
  '1.5',
  '+1',
  '01',
  '99999999999999999999',
  '2147483648',
  '9007199254740993',
  '1e309',
  '-1e309',
  'Infinity',
  'NaN',
  'null',
  'true',
  '[1]',
  '{"a":1}',
  '\u0000',
  '1\u0000',
  "1' OR '1'='1",
  '\uff11',
  'x'.repeat(120),
  '',
];
/** Raw (already encoded) segments: malformed or decoded to control bytes. */
export const RAW_PATH_SEGMENTS = ['%00', '%E0%A4%A', '%', '%2e%2e', '1%0A'];

export const NASTY_QUERY_VALUES = [
  '1e309',
  '-1e309',
  'Infinity',
  '-Infinity',
  'NaN',
  '',
  ' ',
  '0x10',
  '1e3',
  '-1',
  '-0',
  '1.5',
  '01',
  '99999999999999999999',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '\u0000',
  'a\u0000b',
  'null',
  'true',
  'false',
  '[]',
  '["a"]',
  '{"a":1}',
  '{}',
  'x'.repeat(10_000),
  "'; DROP TABLE x; --",
  '%',
  '\u202e\ud83d\ude00',
];
export const UNKNOWN_QUERY_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'unknownParam',
  'a[b]',
  '__proto__[polluted]',
];

/** Raw JSON bodies that replace the whole body. */
export const RAW_BODIES = [
  'null',
  '[]',
  '[null]',
  '123',
  '-1',
  'true',
  '"text"',
  '"{\\"a\\":1}"',
  '{}',
  '',
  ' ',
  '{',
  '{"a":',
  '{}x',
  '{"a":1,}',
  'NaN',
  'undefined',
  '\u0000',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`,
];
/** Raw JSON values for one property: type confusion, range, size and encoding edges. */
export const CONFUSED_VALUES = [
  'null',
  'true',
  'false',
  '123',
  '-1',
  '0',
  '-0',
  '1.5',
  '1e309',
  '-1e309',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '1e400',
  '["a"]',
  '[]',
  '[1,2]',
  '{}',
  '{"a":1}',
  '""',
  '"123"',
  '"1e3"',
  '"0x10"',
  '"true"',
  '"null"',
  '"a\\u0000b"',
  '"\\u0000"',
  '"\\ud800"',
  '"2024-02-30T25:61:00Z"',
  '"not-a-date"',
  JSON.stringify('x'.repeat(300_000)),
  JSON.stringify('x'.repeat(2_000_000)),
];
export const UNKNOWN_BODY_KEYS = ['__proto__', 'constructor', 'prototype', 'unknownField', '', 'id', 'createdAt'];
export const WRONG_CONTENT_TYPES = [
  undefined,
  'text/plain',
  'application/x-www-form-urlencoded',
  'text/csv',
  'application/xml',
  'application/jsonx',
  'application/json; charset=latin1',
  'multipart/form-data; boundary=x',
];

export function show(text: string | undefined): string {
  if (text === undefined) return '(none)';
  const shown = JSON.stringify(text);
  return shown.length > 60 ? `${shown.slice(0, 57)}…"(${text.length} chars)` : shown;
}

/**
 * Serialises a body in which one value (or key) of the target object is raw JSON text,
 * so that 1e309, duplicate or `__proto__` keys reach the server as written.
 */
export function withRawMember(payload: string | undefined, key: string, raw: string, asKey = false): string {
  const MARKER = '\u0001fuzz-marker\u0001';
  let value: unknown;
  try {
    value = payload === undefined ? {} : JSON.parse(payload);
  } catch {
    value = {};
  }
  const target = Array.isArray(value) ? value[0] : value;
  if (!isRecord(target)) return payload ?? '{}';
  if (asKey) target[MARKER] = JSON.parse(raw);
  else target[key] = MARKER;
  return JSON.stringify(value).replace(JSON.stringify(MARKER), asKey ? JSON.stringify(key) : raw);
}

export function withoutMember(payload: string | undefined, key: string): string | undefined {
  if (payload === undefined) return payload;
  const value: unknown = JSON.parse(payload);
  const target = Array.isArray(value) ? value[0] : value;
  if (isRecord(target)) delete target[key];
  return JSON.stringify(value);
}

/** The object a property mutation targets: the body itself, or the first item of an array body. */
export function targetObjectSchema(doc: Schema, bodySchema: Schema): Schema {
  const schema = recordOf(deref(doc, bodySchema));
  if (schemaTypes(doc, schema).includes('array')) return recordOf(deref(doc, schema.items));
  return Array.isArray(schema.allOf) ? mergeAllOf(doc, schema) : schema;
}

export function mutations(ctx: GenContext, op: Operation): Array<fc.Arbitrary<Mutation>> {
  const arbs: Array<fc.Arbitrary<Mutation>> = [];
  const setSegment = (name: string, segment: string): Mutation => ({
    category: `path ${name}=<nasty>`,
    detail: `${name}=${segment}`,
    apply: (r) => ({ ...r, pathSegments: { ...r.pathSegments, [name]: segment } }),
  });
  for (const p of op.pathParams) {
    const segments = [...NASTY_PATH_VALUES.map(encodeURIComponent), ...RAW_PATH_SEGMENTS];
    arbs.push(fc.constantFrom(...segments).map((segment) => setSegment(p.name, segment)));
  }
  for (const p of op.queryParams) {
    const key = encodeURIComponent(p.name);
    arbs.push(
      fc.constantFrom(...NASTY_QUERY_VALUES).map((value) => ({
        category: `query ${p.name}=<nasty>`,
        detail: `${p.name}=${show(value)}`,
        apply: (r) => ({ ...r, query: [...r.query.filter(([k]) => k !== key), [key, encodeURIComponent(value)]] }),
      })),
      fc.constant({
        category: `query ${p.name} repeated`,
        detail: `${p.name} twice`,
        apply: (r) => ({ ...r, query: [...r.query, [key, '1'], [key, '2']] }),
      }),
    );
    if (p.required) {
      arbs.push(
        fc.constant({
          category: `query ${p.name} missing`,
          detail: `without ${p.name}`,
          apply: (r) => ({ ...r, query: r.query.filter(([k]) => k !== key) }),
        }),
      );
    }
  }
  arbs.push(
    fc.constantFrom(...UNKNOWN_QUERY_KEYS).map((name) => ({
      category: 'query unknown key',
      detail: `${name}=1`,
      apply: (r) => ({ ...r, query: [...r.query, [encodeURIComponent(name), '1']] }),
    })),
  );
  if (op.body?.jsonSchema) arbs.push(...bodyMutations(ctx, op.body.jsonSchema));
  return arbs;
}

export function bodyMutations(ctx: GenContext, bodySchema: Schema): Array<fc.Arbitrary<Mutation>> {
  const target = targetObjectSchema(ctx.doc, bodySchema);
  const properties = Object.keys(recordOf(target.properties));
  const arbs: Array<fc.Arbitrary<Mutation>> = [
    fc.constantFrom(...RAW_BODIES).map((raw) => ({
      category: 'body replaced',
      detail: `body=${show(raw)}`,
      apply: (r) => ({ ...r, payload: raw, contentType: 'application/json' }),
    })),
    fc.constantFrom('wrapped in an array', 'sent as a JSON string').map((how) => ({
      category: 'body wrapped',
      detail: how,
      apply: (r) => ({
        ...r,
        payload: how === 'wrapped in an array' ? `[${r.payload ?? ''}]` : JSON.stringify(r.payload ?? ''),
        contentType: 'application/json',
      }),
    })),
    fc.constantFrom(...WRONG_CONTENT_TYPES).map((contentType) => ({
      category: 'body content type',
      detail: `content-type ${contentType ?? '(none)'}`,
      apply: (r) => ({ ...r, contentType }),
    })),
    fc.constantFrom(...UNKNOWN_BODY_KEYS).map((key) => ({
      category: 'body unknown key',
      detail: `"${key}" added`,
      apply: (r) => ({ ...r, payload: withRawMember(r.payload, key, '{"polluted":true}', true) }),
    })),
  ];
  for (const key of properties) {
    arbs.push(
      fc.constantFrom(...CONFUSED_VALUES).map((raw) => ({
        category: `body ${key}=<confused>`,
        detail: `${key}: ${show(raw)}`,
        apply: (r) => ({ ...r, payload: withRawMember(r.payload, key, raw) }),
      })),
    );
  }
  for (const key of stringsOf(target.required)) {
    arbs.push(
      fc.constant({
        category: `body ${key} missing`,
        detail: `without ${key}`,
        apply: (r) => ({ ...r, payload: withoutMember(r.payload, key) }),
      }),
    );
  }
  return arbs;
}

export function invalidRequest(ctx: GenContext, op: Operation): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(validRequest(ctx, op), fc.oneof(...mutations(ctx, op)))
    .map(([request, m]) => ({ ...m.apply(request), mutation: { category: m.category, detail: m.detail } }));
}

export function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = toWire(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const GARBAGE_TEXT = [
  '',
  '\u0000',
  '"unterminated',
  'a,b\n1',
  '\n\n\n',
  '\ufeff',
  '{"a":1}\n{',
  'null\n',
  '[]',
  'x'.repeat(100_000),
  '\r\n,,,\r\n',
  '\\.\n',
  'a\tb\tc\n1\t2\t3',
];

/** Text bodies for a non-JSON route: rows shaped after the closest collection's create body, or junk. */
export function textBody(ctx: GenContext, contentType: string, rowSchema: Schema | undefined): fc.Arbitrary<string> {
  const garbage = fc.oneof(fc.constantFrom(...GARBAGE_TEXT), fc.string({ unit: 'binary', maxLength: 200 }));
  if (!rowSchema) return garbage;
  const keys = Object.keys(recordOf(targetObjectSchema(ctx.doc, rowSchema).properties));
  const rows = fc.array(arbitraryFor(ctx, rowSchema).filter(isRecord), { minLength: 1, maxLength: 5 });
  const structured = /csv/i.test(contentType)
    ? fc
        .tuple(rows, fc.boolean())
        .map(([items, snake]) =>
          [
            (snake ? keys.map(toSnakeCase) : keys).join(','),
            ...items.map((item) => keys.map((k) => csvCell(item[k])).join(',')),
          ].join('\n'),
        )
    : rows.map((items) => items.map((item) => JSON.stringify(item)).join('\n'));
  return fc.oneof({ arbitrary: structured, weight: 2 }, { arbitrary: garbage, weight: 1 });
}

export const GUESSED_TEXT_TYPES = ['text/csv', 'application/x-ndjson', 'text/plain', 'application/octet-stream'];

/** Operations that take a non-JSON body, or write operations that document no body at all. */
export function textBodyRequests(ctx: GenContext, op: Operation, operations: Operation[], seed: number): FuzzRequest[] {
  const declared = op.body?.contentTypes.filter((t) => !isJsonMediaType(t)) ?? [];
  const undocumentedWrite = !op.body && ['post', 'put', 'patch'].includes(op.method);
  const contentTypes = declared.length > 0 ? declared : undocumentedWrite ? GUESSED_TEXT_TYPES : [];
  if (contentTypes.length === 0) return [];
  const rowSchema = rowSchemaFor(op, operations, ctx.doc);
  const arb = fc.tuple(validRequest(ctx, op), fc.constantFrom(...contentTypes)).chain(([request, contentType]) =>
    textBody(ctx, contentType, rowSchema).map((payload): FuzzRequest => ({
      ...request,
      contentType,
      payload,
      mutation: { category: `text body (${contentType})`, detail: '' },
    })),
  );
  return fc.sample(arb, { seed, numRuns: TEXT_BODIES_PER_OPERATION });
}

// ---------------------------------------------------------------------------
// Judging requests and responses
// ---------------------------------------------------------------------------

export type Verdict = 'conforms' | 'violates' | 'unknown';

export const INTEGER_TEXT = /^-?(?:0|[1-9]\d*)$/;
export const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A path or query string value read strictly: canonical decimal numbers, true/false, else the string. */
export function fromWire(doc: Schema, raw: string, schema: Schema): unknown {
  const types = schemaTypes(doc, schema);
  if ((types.includes('integer') && INTEGER_TEXT.test(raw)) || (types.includes('number') && NUMBER_TEXT.test(raw))) {
    const n = Number(raw);
    if (Number.isFinite(n)) return n;
  }
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Iterative, since fuzz bodies nest thousands of levels deep. */
export function hasNonFiniteNumber(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'number' && !Number.isFinite(value)) return true;
    if (Array.isArray(value)) pending.push(...value);
    else if (isRecord(value)) pending.push(...Object.values(value));
  }
  return false;
}

/** Whether the document accepts the request as sent (no type coercion: the document is the contract). */
export function judge(doc: Schema, validate: ValidateFunction, request: FuzzRequest): Verdict {
  const { op } = request;
  const path: Array<[string, unknown]> = [];
  for (const p of op.pathParams) {
    const decoded = safeDecode(request.pathSegments[p.name] ?? '');
    if (decoded === undefined) return 'unknown';
    path.push([p.name, fromWire(doc, decoded, p.schema)]);
  }
  const rawQuery = new Map<string, string[]>();
  for (const [k, v] of request.query) {
    const key = safeDecode(k);
    const value = safeDecode(v);
    if (key === undefined || value === undefined) return 'unknown';
    rawQuery.set(key, [...(rawQuery.get(key) ?? []), value]);
  }
  const query = [...rawQuery].map(([key, values]): [string, unknown] => {
    const schema = op.queryParams.find((p) => p.name === key)?.schema ?? {};
    const items = recordOf(deref(doc, schema.items));
    if (schemaTypes(doc, schema).includes('array')) return [key, values.map((v) => fromWire(doc, v, items))];
    const parsed = values.map((v) => fromWire(doc, v, schema));
    return [key, parsed.length === 1 ? parsed[0] : parsed];
  });
  // Object.fromEntries keeps `__proto__` as an own key instead of setting the prototype.
  const data: Record<string, unknown> = { path: Object.fromEntries(path), query: Object.fromEntries(query) };
  if (request.payload !== undefined && request.payload !== '') {
    if (!op.body?.jsonSchema) return 'unknown';
    if (!isJsonMediaType(request.contentType)) return 'violates';
    try {
      data.body = JSON.parse(request.payload);
    } catch {
      return 'violates';
    }
    if (hasNonFiniteNumber(data.body)) return 'violates';
  } else if (op.body?.required) {
    return 'violates';
  }
  return validate(data) ? 'conforms' : 'violates';
}

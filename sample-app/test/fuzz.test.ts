/**
 * Schema-driven fuzz test. Every operation of the app's own OpenAPI document
 * (`app.swagger()`) gets requests built from its schemas: valid ones, and ones
 * broken on purpose (wrong types, out-of-range and non-finite numbers, NUL
 * bytes, huge strings, unknown and `__proto__` keys, odd ids, wrong bodies).
 * Every response is held to four rules, and all breaches are reported together:
 *   1. no 5xx;
 *   2. no leak: stored hashes (`scrypt$`), `hashed*` keys, stack traces, SQL or
 *      database error text, source file paths;
 *   3. a 2xx JSON body matches the response schema documented for its status;
 *   4. a request the document rejects (read strictly, without type coercion)
 *      is not answered with a 2xx.
 *
 * Generic on purpose: it names no route, entity or field of the app.
 * Reproduce a run with FUZZ_SEED=<seed>; FUZZ_REQUESTS sets the budget.
 */
import fc from 'fast-check';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { setupTestApp } from './helpers.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_101);
const TOTAL_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3_000);
/** Share of the generated requests that the document's schemas accept. */
const VALID_SHARE = 0.4;
/** Requests are sent in batches, with fresh rows created before each. */
const BATCHES = 4;
/** Bodies per batch for each operation that takes (or may take) a non-JSON body. */
const TEXT_BODIES_PER_OPERATION = 3;
/** Rounds of row creation before the first batch, so that later rounds can refer to earlier rows. */
const SEED_ROUNDS = 3;
const SEED_BODIES_PER_ROUND = 8;

// ---------------------------------------------------------------------------
// The OpenAPI document
// ---------------------------------------------------------------------------

type Schema = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
type Method = (typeof METHODS)[number];

interface Parameter {
  name: string;
  required: boolean;
  schema: Schema;
}

interface Operation {
  method: Method;
  /** The OpenAPI path template, e.g. `/things/{id}`. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body?: { required: boolean; contentTypes: string[]; jsonSchema?: Schema };
  /** Status (or `2XX`, `default`) to its JSON schema, if it documents one. */
  responses: Map<string, Schema | undefined>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Follows local `$ref`s (`#/components/...`) until a schema or object is reached. */
function deref(doc: Schema, value: unknown): unknown {
  let current = value;
  for (let hops = 0; hops < 32 && isRecord(current) && typeof current.$ref === 'string'; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) return current;
    current = ref
      .slice(2)
      .split('/')
      .map((part) => decodeURIComponent(part.replaceAll('~1', '/').replaceAll('~0', '~')))
      .reduce<unknown>((node, key) => recordOf(node)[key], doc);
  }
  return current;
}

function isJsonMediaType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(contentType);
}

function readParameters(doc: Schema, raw: unknown[], location: string): Parameter[] {
  return raw
    .map((p) => recordOf(deref(doc, p)))
    .filter((p) => p.in === location && typeof p.name === 'string')
    .map((p) => ({ name: String(p.name), required: p.required === true, schema: recordOf(p.schema) }));
}

function readOperations(doc: Schema): Operation[] {
  const operations: Operation[] = [];
  for (const [path, rawItem] of Object.entries(recordOf(doc.paths))) {
    const item = recordOf(deref(doc, rawItem));
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      if (!isRecord(item[method])) continue;
      const op = item[method];
      const parameters = [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])];
      const requestBody = recordOf(deref(doc, op.requestBody));
      const content = recordOf(requestBody.content);
      const contentTypes = Object.keys(content);
      const jsonType = contentTypes.find(isJsonMediaType);
      const responses = new Map<string, Schema | undefined>();
      for (const [status, rawResponse] of Object.entries(recordOf(op.responses))) {
        const responseContent = recordOf(recordOf(deref(doc, rawResponse)).content);
        const json = Object.keys(responseContent).find(isJsonMediaType);
        responses.set(status.toUpperCase(), json ? recordOf(recordOf(responseContent[json]).schema) : undefined);
      }
      operations.push({
        method,
        path,
        pathParams: readParameters(doc, parameters, 'path'),
        queryParams: readParameters(doc, parameters, 'query'),
        body:
          contentTypes.length > 0
            ? {
                required: requestBody.required === true,
                contentTypes,
                jsonSchema: jsonType ? recordOf(recordOf(content[jsonType]).schema) : undefined,
              }
            : undefined,
        responses,
      });
    }
  }
  return operations;
}

function operationName(op: Operation): string {
  return `${op.method.toUpperCase()} ${op.path}`;
}

/** A POST to a collection: no path parameters and a JSON object body. */
function isCollectionCreate(op: Operation, doc: Schema): boolean {
  return (
    op.method === 'post' &&
    op.pathParams.length === 0 &&
    op.body?.jsonSchema !== undefined &&
    schemaTypes(doc, op.body.jsonSchema).includes('object')
  );
}

/** The create body of the closest collection above a path (for CSV/NDJSON rows of an import route). */
function rowSchemaFor(op: Operation, operations: Operation[], doc: Schema): Schema | undefined {
  const candidates = operations.filter(
    (other) => isCollectionCreate(other, doc) && other !== op && op.path.startsWith(`${other.path}/`),
  );
  candidates.sort((a, b) => b.path.length - a.path.length);
  return candidates[0]?.body?.jsonSchema;
}

// ---------------------------------------------------------------------------
// Schema validation (ajv)
// ---------------------------------------------------------------------------

/** The id under which the document's components are registered, so that rebased `$ref`s resolve. */
const DOC_ID = 'openapi-document.json';

/** Deep copy in which local `$ref`s point into DOC_ID and nested `$id`s (which would re-root refs) are dropped. */
function rebase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebase);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '$id')
      .map(([key, v]) => [key, key === '$ref' && typeof v === 'string' && v.startsWith('#/') ? DOC_ID + v : rebase(v)]),
  );
}

type FormatsPlugin = (ajv: Ajv) => unknown;

function isFormatsPlugin(value: unknown): value is FormatsPlugin {
  return typeof value === 'function';
}

/** A CommonJS module's export, whether the loader hands over a namespace with `default` or the export itself. */
function defaultExport(loaded: unknown): unknown {
  const isObject = (typeof loaded === 'object' && loaded !== null) || typeof loaded === 'function';
  return isObject && 'default' in loaded ? loaded.default : loaded;
}

/** ajv-formats is only a transitive dependency: use it when installed, else a few formats of our own. */
async function loadFormatsPlugin(): Promise<FormatsPlugin | undefined> {
  const specifier = 'ajv-formats';
  try {
    const loaded: unknown = await import(specifier);
    const plugin = defaultExport(loaded);
    return isFormatsPlugin(plugin) ? plugin : undefined;
  } catch {
    return undefined;
  }
}

const FALLBACK_FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^\s@]+@[^\s@]+$/,
};

async function createAjv(doc: Schema, options: { useDefaults: boolean }): Promise<Ajv> {
  const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: false, useDefaults: options.useDefaults });
  const formats = await loadFormatsPlugin();
  if (formats) formats(ajv);
  else for (const [name, pattern] of Object.entries(FALLBACK_FORMATS)) ajv.addFormat(name, pattern);
  ajv.addSchema({ $id: DOC_ID, components: rebase(doc.components ?? {}) });
  return ajv;
}

/** Validates `{ path, query, body }` of a request against what the document declares. */
function compileRequestValidator(ajv: Ajv, op: Operation): ValidateFunction {
  const objectOf = (params: Parameter[]) => ({
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, rebase(p.schema)])),
    required: params.filter((p) => p.required).map((p) => p.name),
  });
  const properties: Record<string, unknown> = { path: objectOf(op.pathParams), query: objectOf(op.queryParams) };
  if (op.body?.jsonSchema) properties.body = rebase(op.body.jsonSchema);
  return ajv.compile({ type: 'object', properties });
}

// ---------------------------------------------------------------------------
// Values from schemas (fast-check)
// ---------------------------------------------------------------------------

type Id = number | string;

interface GenContext {
  doc: Schema;
  /** Ids of rows created so far, so that valid requests (and foreign keys in bodies) hit existing rows. */
  ids: Id[];
  /** The same ids by the last segment of the collection that created them (`/a/b` → `b`). */
  idsByCollection: Map<string, Id[]>;
}

/** The static segment before a path parameter: `/a/{id}/b/{otherId}` gives `a` for id, `b` for otherId. */
function collectionOf(path: string, param: string): string | undefined {
  const segments = path.split('/');
  const index = segments.indexOf(`{${param}}`);
  return segments
    .slice(0, Math.max(index, 0))
    .reverse()
    .find((segment) => segment !== '' && !segment.startsWith('{'));
}

function lastSegment(path: string): string {
  return path.split('/').filter(Boolean).at(-1) ?? '';
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The JSON types a schema admits (type, type arrays, nullable, anyOf/oneOf, enum). */
function schemaTypes(doc: Schema, input: unknown): string[] {
  const schema = recordOf(deref(doc, input));
  const types = new Set<string>(typeof schema.type === 'string' ? [schema.type] : stringsOf(schema.type));
  for (const alternative of [...asArray(schema.anyOf), ...asArray(schema.oneOf), ...asArray(schema.allOf)]) {
    for (const t of schemaTypes(doc, alternative)) types.add(t);
  }
  for (const value of asArray(schema.enum)) types.add(value === null ? 'null' : typeof value);
  if (types.size === 0 && isRecord(schema.properties)) types.add('object');
  if (schema.nullable === true) types.add('null');
  return [...types];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function numberOr<T extends number | undefined>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function codePoints(text: string): number {
  return [...text].length;
}

/** allOf of object schemas, merged into one (enough for generated APIs). */
function mergeAllOf(doc: Schema, schema: Schema): Schema {
  const parts = asArray(schema.allOf).map((part) => recordOf(deref(doc, part)));
  const rest: Schema = { ...schema };
  delete rest.allOf;
  return parts.reduce<Schema>(
    (merged, part) => ({
      ...part,
      ...merged,
      properties: { ...recordOf(part.properties), ...recordOf(merged.properties) },
      required: [...stringsOf(part.required), ...stringsOf(merged.required)],
    }),
    rest,
  );
}

function arbitraryFor(ctx: GenContext, input: unknown, depth = 0, name = ''): fc.Arbitrary<unknown> {
  const schema = deref(ctx.doc, input);
  if (!isRecord(schema) || depth > 6) return fc.constant(null);
  if (Array.isArray(schema.allOf)) return arbitraryFor(ctx, mergeAllOf(ctx.doc, schema), depth + 1, name);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  if ('const' in schema) return fc.constant(schema.const);
  const alternatives = [...asArray(schema.anyOf), ...asArray(schema.oneOf)];
  if (alternatives.length > 0) {
    const arbs = alternatives.map((alternative) => arbitraryFor(ctx, alternative, depth + 1, name));
    return schema.nullable === true ? fc.oneof(fc.constant(null), ...arbs) : fc.oneof(...arbs);
  }
  const types = schemaTypes(ctx.doc, schema);
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => arbitraryOfType(ctx, schema, type, depth, name)));
}

function arbitraryOfType(
  ctx: GenContext,
  schema: Schema,
  type: string,
  depth: number,
  name: string,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integerArbitrary(ctx, schema);
    case 'number':
      return fc.double({
        min: numberOr(schema.minimum, numberOr(schema.exclusiveMinimum, undefined)),
        max: numberOr(schema.maximum, numberOr(schema.exclusiveMaximum, undefined)),
        minExcluded: schema.exclusiveMinimum !== undefined && schema.exclusiveMinimum !== false,
        maxExcluded: schema.exclusiveMaximum !== undefined && schema.exclusiveMaximum !== false,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'string':
      return stringArbitrary(ctx, schema, name);
    case 'array':
      return arrayArbitrary(ctx, schema, depth);
    case 'object':
      return objectArbitrary(ctx, schema, depth);
    default:
      return fc.constant(null);
  }
}

function integerBounds(schema: Schema): { min: number; max: number } {
  let min = Math.ceil(numberOr(schema.minimum, INT32_MIN));
  let max = Math.floor(numberOr(schema.maximum, INT32_MAX));
  // OpenAPI 3.1 gives exclusive bounds as numbers, 3.0 as booleans next to minimum/maximum.
  if (typeof schema.exclusiveMinimum === 'number') min = Math.floor(schema.exclusiveMinimum) + 1;
  else if (schema.exclusiveMinimum === true) min += 1;
  if (typeof schema.exclusiveMaximum === 'number') max = Math.ceil(schema.exclusiveMaximum) - 1;
  else if (schema.exclusiveMaximum === true) max -= 1;
  return { min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) };
}

function integerArbitrary(ctx: GenContext, schema: Schema): fc.Arbitrary<number> {
  const { min, max } = integerBounds(schema);
  const known = ctx.ids.filter((id): id is number => typeof id === 'number' && id >= min && id <= max);
  const arbs: Array<fc.WeightedArbitrary<number>> = [
    { arbitrary: fc.integer({ min, max }), weight: 2 },
    { arbitrary: fc.constantFrom(min, max), weight: 1 },
  ];
  if (known.length > 0) arbs.push({ arbitrary: fc.constantFrom(...known), weight: 4 });
  return fc.oneof(...arbs);
}

/** Stored secrets look like this (40 to 88 chars), so a response that echoes one is caught by the leak check. */
const SECRET_HASH = /^scrypt\$[0-9a-f]{16}\$[0-9a-f]{16,64}$/;
const SECRET_HASH_MIN_LENGTH = 40;

function stringArbitrary(ctx: GenContext, schema: Schema, name: string): fc.Arbitrary<string> {
  const min = numberOr(schema.minLength, 0);
  const max = numberOr(schema.maxLength, undefined);
  const fits = (text: string) => codePoints(text) >= min && (max === undefined || codePoints(text) <= max);
  return stringSource(ctx, schema, name, min, max).filter(fits);
}

function stringSource(
  ctx: GenContext,
  schema: Schema,
  name: string,
  min: number,
  max: number | undefined,
): fc.Arbitrary<string> {
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern));
    } catch {
      // A pattern JavaScript cannot compile: fall through to plain strings.
    }
  }
  const knownStrings = ctx.ids.filter((id): id is string => typeof id === 'string');
  switch (schema.format) {
    case 'date-time':
      return isoDate().map((d) => d.toISOString());
    case 'date':
      return isoDate().map((d) => d.toISOString().slice(0, 10));
    case 'uuid':
      return knownStrings.length > 0 ? fc.oneof(fc.uuid(), fc.constantFrom(...knownStrings)) : fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
  }
  if (/^hashed/i.test(name) && (max ?? Infinity) >= SECRET_HASH_MIN_LENGTH) return fc.stringMatching(SECRET_HASH);
  const cap = Math.min(max ?? min + 40, min + 40);
  const sources: Array<fc.WeightedArbitrary<string>> = [
    { arbitrary: fc.string({ minLength: min, maxLength: cap }), weight: 4 },
    { arbitrary: fc.string({ minLength: min, maxLength: cap, unit: 'grapheme' }), weight: 1 },
    { arbitrary: fc.string({ minLength: min, maxLength: cap, unit: 'binary' }), weight: 1 },
  ];
  // Exactly maxLength code points, some outside the BMP: where ajv and the database may disagree.
  if (max !== undefined && max <= 10_000) {
    sources.push({ arbitrary: fc.string({ minLength: max, maxLength: max, unit: 'grapheme-composite' }), weight: 1 });
  }
  return fc.oneof(...sources);
}

function isoDate(): fc.Arbitrary<Date> {
  return fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
}

function arrayArbitrary(ctx: GenContext, schema: Schema, depth: number): fc.Arbitrary<unknown[]> {
  const minLength = numberOr(schema.minItems, 0);
  const maxLength = Math.min(numberOr(schema.maxItems, minLength + 4), minLength + 4);
  const items = arbitraryFor(ctx, schema.items ?? {}, depth + 1);
  return schema.uniqueItems === true
    ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
    : fc.array(items, { minLength, maxLength });
}

function objectArbitrary(ctx: GenContext, schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, sub] of Object.entries(recordOf(schema.properties))) {
    model[key] = arbitraryFor(ctx, sub, depth + 1, key);
  }
  const required = stringsOf(schema.required);
  for (const key of required) model[key] ??= fc.jsonValue({ maxDepth: 1 });
  const minProperties = numberOr(schema.minProperties, 0);
  return fc.record(model, { requiredKeys: required }).filter((o) => Object.keys(o).length >= minProperties);
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

interface FuzzRequest {
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

const VALID = { category: 'valid request', detail: '' };

function urlOf(request: FuzzRequest): string {
  const path = request.op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => request.pathSegments[name] ?? '');
  const query = request.query.map(([k, v]) => `${k}=${v}`).join('&');
  return query ? `${path}?${query}` : path;
}

/** A value as it travels in a path segment or query string, before encoding. */
function toWire(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

function queryPairs(name: string, value: unknown): Array<[string, string]> {
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => [encodeURIComponent(name), encodeURIComponent(toWire(v))]);
}

/** A path parameter value: mostly an id of a row created under the matching collection, else from its schema. */
function pathValue(ctx: GenContext, op: Operation, p: Parameter): fc.Arbitrary<string> {
  const fromSchema = arbitraryFor(ctx, p.schema).map(toWire);
  const known = ctx.idsByCollection.get(collectionOf(op.path, p.name) ?? '') ?? [];
  const value =
    known.length > 0
      ? fc.oneof({ arbitrary: fc.constantFrom(...known).map(toWire), weight: 3 }, { arbitrary: fromSchema, weight: 1 })
      : fromSchema;
  return value.map(encodeURIComponent);
}

function validRequest(ctx: GenContext, op: Operation): fc.Arbitrary<FuzzRequest> {
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

interface Mutation {
  category: string;
  detail: string;
  apply: (request: FuzzRequest) => FuzzRequest;
}

/** Decoded path values that must never be read as a valid id (encoded before sending). */
const NASTY_PATH_VALUES = [
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
const RAW_PATH_SEGMENTS = ['%00', '%E0%A4%A', '%', '%2e%2e', '1%0A'];

const NASTY_QUERY_VALUES = [
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
const UNKNOWN_QUERY_KEYS = ['__proto__', 'constructor', 'prototype', 'unknownParam', 'a[b]', '__proto__[polluted]'];

/** Raw JSON bodies that replace the whole body. */
const RAW_BODIES = [
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
const CONFUSED_VALUES = [
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
const UNKNOWN_BODY_KEYS = ['__proto__', 'constructor', 'prototype', 'unknownField', '', 'id', 'createdAt'];
const WRONG_CONTENT_TYPES = [
  undefined,
  'text/plain',
  'application/x-www-form-urlencoded',
  'text/csv',
  'application/xml',
  'application/jsonx',
  'application/json; charset=latin1',
  'multipart/form-data; boundary=x',
];

function show(text: string | undefined): string {
  if (text === undefined) return '(none)';
  const shown = JSON.stringify(text);
  return shown.length > 60 ? `${shown.slice(0, 57)}…"(${text.length} chars)` : shown;
}

/**
 * Serialises a body in which one value (or key) of the target object is raw JSON text,
 * so that 1e309, duplicate or `__proto__` keys reach the server as written.
 */
function withRawMember(payload: string | undefined, key: string, raw: string, asKey = false): string {
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

function withoutMember(payload: string | undefined, key: string): string | undefined {
  if (payload === undefined) return payload;
  const value: unknown = JSON.parse(payload);
  const target = Array.isArray(value) ? value[0] : value;
  if (isRecord(target)) delete target[key];
  return JSON.stringify(value);
}

/** The object a property mutation targets: the body itself, or the first item of an array body. */
function targetObjectSchema(doc: Schema, bodySchema: Schema): Schema {
  const schema = recordOf(deref(doc, bodySchema));
  if (schemaTypes(doc, schema).includes('array')) return recordOf(deref(doc, schema.items));
  return Array.isArray(schema.allOf) ? mergeAllOf(doc, schema) : schema;
}

function mutations(ctx: GenContext, op: Operation): Array<fc.Arbitrary<Mutation>> {
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

function bodyMutations(ctx: GenContext, bodySchema: Schema): Array<fc.Arbitrary<Mutation>> {
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

function invalidRequest(ctx: GenContext, op: Operation): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(validRequest(ctx, op), fc.oneof(...mutations(ctx, op)))
    .map(([request, m]) => ({ ...m.apply(request), mutation: { category: m.category, detail: m.detail } }));
}

function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = toWire(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const GARBAGE_TEXT = [
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
function textBody(ctx: GenContext, contentType: string, rowSchema: Schema | undefined): fc.Arbitrary<string> {
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

const GUESSED_TEXT_TYPES = ['text/csv', 'application/x-ndjson', 'text/plain', 'application/octet-stream'];

/** Operations that take a non-JSON body, or write operations that document no body at all. */
function textBodyRequests(ctx: GenContext, op: Operation, operations: Operation[], seed: number): FuzzRequest[] {
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

type Verdict = 'conforms' | 'violates' | 'unknown';

const INTEGER_TEXT = /^-?(?:0|[1-9]\d*)$/;
const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A path or query string value read strictly: canonical decimal numbers, true/false, else the string. */
function fromWire(doc: Schema, raw: string, schema: Schema): unknown {
  const types = schemaTypes(doc, schema);
  if ((types.includes('integer') && INTEGER_TEXT.test(raw)) || (types.includes('number') && NUMBER_TEXT.test(raw))) {
    const n = Number(raw);
    if (Number.isFinite(n)) return n;
  }
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Iterative, since fuzz bodies nest thousands of levels deep. */
function hasNonFiniteNumber(root: unknown): boolean {
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
function judge(doc: Schema, validate: ValidateFunction, request: FuzzRequest): Verdict {
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

/** Things no response may contain; each has a name for the report. */
const LEAK_PATTERNS: Array<[string, RegExp]> = [
  ['stored secret hash', /scrypt\$/],
  ['stack trace', /\s{2,}at [^\s(]+ \([^()]*:\d+(?::\d+)?\)|\bat (?:file:\/\/|node:|\/)[^\s)"]+:\d+:\d+/],
  ['SQL text', /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b.*\b(FROM|SET|VALUES|WHERE)\b/],
  [
    'database error text',
    /Sequelize\w*Error|syntax error at or near|invalid (?:input syntax|byte sequence) for|violates (?:foreign key|unique|not-null|check) constraint/,
  ],
  ['file path', /\/(src|node_modules|work|tmp)\/[^\s"]*\.(ts|js)/],
];

function hashedKeys(root: unknown): string[] {
  const found: string[] = [];
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) pending.push(...value);
    else if (isRecord(value)) {
      found.push(...Object.keys(value).filter((key) => /^hashed/i.test(key)));
      pending.push(...Object.values(value));
    }
  }
  return found;
}

function leaksIn(body: string, contentType: string, parsed: unknown): string[] {
  const leaks = LEAK_PATTERNS.filter(([, pattern]) => pattern.test(body)).map(([name]) => name);
  const keys = isJsonMediaType(contentType)
    ? hashedKeys(parsed)
    : /csv/i.test(contentType)
      ? (body.split(/\r?\n/, 1)[0] ?? '').split(',').filter((cell) => /^"?hashed/i.test(cell))
      : [];
  if (keys.length > 0) leaks.push(`"hashed…" key (${keys[0]})`);
  return leaks;
}

interface Violation {
  kind: string;
  request: FuzzRequest;
  status: number;
  body: string;
  detail: string;
}

class Checker {
  readonly violations: Violation[] = [];
  readonly statusCounts = new Map<string, number>();
  private readonly responseValidators = new Map<string, ValidateFunction | undefined>();
  private readonly requestValidators = new Map<Operation, ValidateFunction>();

  constructor(
    private readonly app: App,
    private readonly doc: Schema,
    private readonly responseAjv: Ajv,
    private readonly requestAjv: Ajv,
  ) {}

  /** Sends one request and records every rule it breaks; returns the parsed JSON body, if any. */
  async send(request: FuzzRequest): Promise<{ status: number; json: unknown }> {
    const response = await this.app.inject({
      method: request.op.method,
      url: urlOf(request),
      headers: request.contentType ? { 'content-type': request.contentType } : {},
      ...(request.payload === undefined ? {} : { payload: request.payload }),
    });
    const status = response.statusCode;
    const contentType = String(response.headers['content-type'] ?? '');
    const body = response.body;
    let json: unknown;
    let parseError = false;
    if (isJsonMediaType(contentType) && body !== '') {
      try {
        json = JSON.parse(body);
      } catch {
        parseError = true;
      }
    }
    const verdict = judge(this.doc, this.requestValidator(request.op), request);
    const judged = verdict === 'conforms' ? 'valid' : verdict === 'violates' ? 'invalid' : 'unjudged';
    this.count(`${judged} → ${Math.floor(status / 100)}xx`);

    const report = (kind: string, detail = '') => this.violations.push({ kind, request, status, body, detail });
    if (status >= 500) report('5xx response');
    for (const leak of leaksIn(body, contentType, json)) report(`leak: ${leak}`);
    if (status >= 200 && status < 300) {
      if (verdict === 'violates') report('2xx for a request the document rejects');
      if (parseError) report('2xx with unparseable JSON');
      this.checkResponseSchema(request.op, status, contentType, json, report);
    }
    return { status, json };
  }

  private checkResponseSchema(
    op: Operation,
    status: number,
    contentType: string,
    json: unknown,
    report: (kind: string, detail?: string) => void,
  ): void {
    const key = [String(status), `${String(status)[0]}XX`, 'DEFAULT'].find((k) => op.responses.has(k));
    if (key === undefined) return report('2xx status not in the document');
    if (!isJsonMediaType(contentType) || json === undefined) return;
    const validate = this.responseValidator(op, key);
    if (validate && !validate(json)) {
      report('2xx body does not match its response schema', this.responseAjv.errorsText(validate.errors));
    }
  }

  private responseValidator(op: Operation, key: string): ValidateFunction | undefined {
    const id = `${operationName(op)} ${key}`;
    if (!this.responseValidators.has(id)) {
      const schema = op.responses.get(key);
      this.responseValidators.set(id, schema ? this.responseAjv.compile(recordOf(rebase(schema))) : undefined);
    }
    return this.responseValidators.get(id);
  }

  private requestValidator(op: Operation): ValidateFunction {
    let validate = this.requestValidators.get(op);
    if (!validate) {
      validate = compileRequestValidator(this.requestAjv, op);
      this.requestValidators.set(op, validate);
    }
    return validate;
  }

  private count(key: string): void {
    this.statusCounts.set(key, (this.statusCounts.get(key) ?? 0) + 1);
  }
}

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

function excerpt(text: string | undefined, length: number): string {
  if (text === undefined) return '(none)';
  const shown = JSON.stringify(text);
  return shown.length > length ? `${shown.slice(0, length)}… (${text.length} chars)` : shown;
}

function listed(items: string[], max: number): string {
  const unique = [...new Set(items.filter(Boolean))];
  return unique.slice(0, max).join(' | ') + (unique.length > max ? ` | … (${unique.length} in all)` : '');
}

/** Violations grouped by kind and what was sent, with the operations hit and one example each. */
function formatReport(violations: Violation[]): string {
  const groups = new Map<string, Violation[]>();
  for (const v of violations) {
    const key = `${v.kind} | ${v.request.mutation.category}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const lines = [`${violations.length} violations in ${groups.size} groups (FUZZ_SEED=${SEED} reproduces this run):`];
  for (const [key, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const example = members[0];
    if (!example) continue;
    const details = members.map((m) => m.request.mutation.detail);
    lines.push(
      '',
      `● ${key}  ×${members.length}`,
      `  operations: ${listed(
        members.map((m) => operationName(m.request.op)),
        6,
      )}`,
      ...(details.some(Boolean) ? [`  values: ${listed(details, 8)}`] : []),
      `  e.g. ${example.request.op.method.toUpperCase()} ${excerpt(urlOf(example.request), 200)}`,
      `       content-type: ${example.request.contentType ?? '(none)'}  body: ${excerpt(example.request.payload, 200)}`,
      `    → ${example.status} ${excerpt(example.body, 300)}`,
      ...(example.detail ? [`       ${example.detail}`] : []),
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------

/** A seed of its own for each use of the generator, all derived from SEED so a run replays exactly. */
function seedFor(...parts: number[]): number {
  return parts.reduce((seed, part) => Math.imul(seed ^ (part + 1), 0x9e3779b1) >>> 0, SEED >>> 0);
}

/** Remembers the id of a row a collection route created, for later requests. */
function rememberId(ctx: GenContext, op: Operation, status: number, json: unknown): void {
  const id = recordOf(json).id;
  if (!isCollectionCreate(op, ctx.doc) || status < 200 || status >= 300) return;
  if (typeof id !== 'number' && typeof id !== 'string') return;
  ctx.ids.push(id);
  const collection = lastSegment(op.path);
  ctx.idsByCollection.set(collection, [...(ctx.idsByCollection.get(collection) ?? []), id]);
}

/** Creates rows through every collection route; several rounds let later rows refer to earlier ones. */
async function createRows(checker: Checker, ctx: GenContext, operations: Operation[], batch: number): Promise<number> {
  const creators = operations.filter((op) => isCollectionCreate(op, ctx.doc));
  const rounds = batch === 0 ? SEED_ROUNDS : 1;
  let sent = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [index, op] of creators.entries()) {
      const seed = seedFor(1, batch, round, index);
      const requests = fc.sample(validRequest(ctx, op), { seed, numRuns: SEED_BODIES_PER_ROUND });
      for (const request of requests) {
        const { status, json } = await checker.send(request);
        rememberId(ctx, op, status, json);
        sent++;
      }
    }
  }
  return sent;
}

/** One batch of requests over every operation, shuffled (reproducibly) so operations interleave. */
function fuzzRequests(ctx: GenContext, operations: Operation[], batch: number, budget: number): FuzzRequest[] {
  const text = operations.flatMap((op, index) => textBodyRequests(ctx, op, operations, seedFor(2, batch, index)));
  const perOperation = Math.ceil(Math.max(0, budget - text.length) / operations.length);
  const valid = Math.round(perOperation * VALID_SHARE);
  const generated = operations.flatMap((op, index) => [
    ...fc.sample(validRequest(ctx, op), { seed: seedFor(3, batch, index), numRuns: valid }),
    ...fc.sample(invalidRequest(ctx, op), { seed: seedFor(4, batch, index), numRuns: perOperation - valid }),
  ]);
  const all = [...text, ...generated];
  const [shuffled] = fc.sample(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), {
    seed: seedFor(5, batch),
    numRuns: 1,
  });
  return shuffled ?? all;
}

describe('schema-driven fuzz of the OpenAPI document', () => {
  let app: App;

  beforeAll(async () => {
    ({ app } = await setupTestApp());
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers generated valid and invalid requests without 5xx, leaks or off-schema 2xx bodies', async () => {
    const started = Date.now();
    console.info(`fuzz: FUZZ_SEED=${SEED} FUZZ_REQUESTS=${TOTAL_REQUESTS}`);
    const doc = recordOf(app.swagger());
    const operations = readOperations(doc);
    expect(operations.length, 'the OpenAPI document lists no operations').toBeGreaterThan(0);

    // Responses are checked as sent; requests as Fastify sees them, with defaults filled in.
    const responseAjv = await createAjv(doc, { useDefaults: false });
    const requestAjv = await createAjv(doc, { useDefaults: true });
    const checker = new Checker(app, doc, responseAjv, requestAjv);
    const ctx: GenContext = { doc, ids: [], idsByCollection: new Map() };
    let created = 0;
    let fuzzed = 0;
    // In batches, with fresh rows before each: DELETEs use up the rows that later requests should find.
    for (let batch = 0; batch < BATCHES; batch++) {
      created += await createRows(checker, ctx, operations, batch);
      for (const request of fuzzRequests(ctx, operations, batch, Math.ceil(TOTAL_REQUESTS / BATCHES))) {
        const { status, json } = await checker.send(request);
        rememberId(ctx, request.op, status, json);
        fuzzed++;
      }
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const outcomes = [...checker.statusCounts].map(([k, n]) => `${k}: ${n}`).join(', ');
    console.info(
      `fuzz: seed ${SEED}, ${operations.length} operations, ${created} creation requests + ${fuzzed} fuzz requests ` +
        `(${ctx.ids.length} rows created) in ${seconds}s; ${outcomes}`,
    );
    expect(fuzzed).toBeGreaterThanOrEqual(TOTAL_REQUESTS);
    if (checker.violations.length > 0) {
      expect.fail(formatReport(checker.violations));
    }
  }, 120_000);
});

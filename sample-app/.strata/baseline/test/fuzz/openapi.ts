/** Reading the app's OpenAPI document: operations, parameters, bodies, and Ajv validators for its schemas. */
import { Ajv, type ValidateFunction } from 'ajv';

export type Schema = Record<string, unknown>;

export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
export type Method = (typeof METHODS)[number];

export interface Parameter {
  name: string;
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: Method;
  /** The OpenAPI path template, e.g. `/things/{id}`. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body?: { required: boolean; contentTypes: string[]; jsonSchema?: Schema };
  /** Status (or `2XX`, `default`) to its JSON schema, if it documents one. */
  responses: Map<string, Schema | undefined>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function recordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Follows local `$ref`s (`#/components/...`) until a schema or object is reached. */
export function deref(doc: Schema, value: unknown): unknown {
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

export function isJsonMediaType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(contentType);
}

export function readParameters(doc: Schema, raw: unknown[], location: string): Parameter[] {
  return raw
    .map((p) => recordOf(deref(doc, p)))
    .filter((p) => p.in === location && typeof p.name === 'string')
    .map((p) => ({ name: String(p.name), required: p.required === true, schema: recordOf(p.schema) }));
}

export function readOperations(doc: Schema): Operation[] {
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

export function operationName(op: Operation): string {
  return `${op.method.toUpperCase()} ${op.path}`;
}

/** A POST to a collection: no path parameters and a JSON object body. */
export function isCollectionCreate(op: Operation, doc: Schema): boolean {
  return (
    op.method === 'post' &&
    op.pathParams.length === 0 &&
    op.body?.jsonSchema !== undefined &&
    schemaTypes(doc, op.body.jsonSchema).includes('object')
  );
}

/** The create body of the closest collection above a path (for CSV/NDJSON rows of an import route). */
export function rowSchemaFor(op: Operation, operations: Operation[], doc: Schema): Schema | undefined {
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
export const DOC_ID = 'openapi-document.json';

/** Deep copy in which local `$ref`s point into DOC_ID and nested `$id`s (which would re-root refs) are dropped. */
export function rebase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebase);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '$id')
      .map(([key, v]) => [key, key === '$ref' && typeof v === 'string' && v.startsWith('#/') ? DOC_ID + v : rebase(v)]),
  );
}

export type FormatsPlugin = (ajv: Ajv) => unknown;

export function isFormatsPlugin(value: unknown): value is FormatsPlugin {
  return typeof value === 'function';
}

/** A CommonJS module's export, whether the loader hands over a namespace with `default` or the export itself. */
export function defaultExport(loaded: unknown): unknown {
  const isObject = (typeof loaded === 'object' && loaded !== null) || typeof loaded === 'function';
  return isObject && 'default' in loaded ? loaded.default : loaded;
}

/** ajv-formats is only a transitive dependency: use it when installed, else a few formats of our own. */
export async function loadFormatsPlugin(): Promise<FormatsPlugin | undefined> {
  const specifier = 'ajv-formats';
  try {
    const loaded: unknown = await import(specifier);
    const plugin = defaultExport(loaded);
    return isFormatsPlugin(plugin) ? plugin : undefined;
  } catch {
    return undefined;
  }
}

export const FALLBACK_FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^\s@]+@[^\s@]+$/,
};

export async function createAjv(doc: Schema, options: { useDefaults: boolean }): Promise<Ajv> {
  const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: false, useDefaults: options.useDefaults });
  const formats = await loadFormatsPlugin();
  if (formats) formats(ajv);
  else for (const [name, pattern] of Object.entries(FALLBACK_FORMATS)) ajv.addFormat(name, pattern);
  ajv.addSchema({ $id: DOC_ID, components: rebase(doc.components ?? {}) });
  return ajv;
}

/** Validates `{ path, query, body }` of a request against what the document declares. */
export function compileRequestValidator(ajv: Ajv, op: Operation): ValidateFunction {
  const objectOf = (params: Parameter[]) => ({
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, rebase(p.schema)])),
    required: params.filter((p) => p.required).map((p) => p.name),
  });
  const properties: Record<string, unknown> = { path: objectOf(op.pathParams), query: objectOf(op.queryParams) };
  if (op.body?.jsonSchema) properties.body = rebase(op.body.jsonSchema);
  return ajv.compile({ type: 'object', properties });
}

/** The JSON types a schema admits (type, type arrays, nullable, anyOf/oneOf, enum). */
export function schemaTypes(doc: Schema, input: unknown): string[] {
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

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

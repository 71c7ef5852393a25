import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

type BuildValidator = ReturnType<typeof AjvCompiler>;
type RouteValidator = ReturnType<BuildValidator>;
type Validate = ReturnType<RouteValidator>;

/** Unknown properties are a 400 (never dropped); NaN and Infinity are not numbers. */
const STRICT = { removeAdditional: false, useDefaults: true, allErrors: false, strictNumbers: true } as const;

/** The only spellings of a number a query string or path may use: 0x10, " 1", 1e3 and 1e309 are not numbers. */
const NUMERALS: Record<string, RegExp> = {
  integer: /^-?(0|[1-9][0-9]*)$/,
  number: /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/,
};

/** The properties of an object schema that hold integers or numbers, with their type. */
function numericProperties(schema: unknown): Array<[string, string]> {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties ?? {};
  return Object.entries(properties).flatMap(([key, s]) =>
    typeof s.type === 'string' && NUMERALS[s.type] ? [[key, s.type] as [string, string]] : [],
  );
}

/** Checks the text of numeric properties before Ajv coerces it (Ajv's coercion is Number(), which reads 0x10 as 16). */
function canonicalNumbers(schema: unknown, validate: Validate): Validate {
  const numeric = numericProperties(schema);
  if (numeric.length === 0) return validate;
  const checked = ((data: Record<string, unknown>) => {
    for (const [key, type] of numeric) {
      const value = data?.[key];
      for (const text of Array.isArray(value) ? value : [value]) {
        if (typeof text === 'string' && !NUMERALS[type]!.test(text)) {
          checked.errors = [
            {
              keyword: 'type',
              instancePath: `/${key}`,
              schemaPath: `#/properties/${key}/type`,
              params: { type },
              message: `must be ${type === 'integer' ? 'a whole number' : 'a number'} in plain decimal digits`,
            },
          ];
          return false;
        }
      }
    }
    const ok = validate(data);
    checked.errors = validate.errors;
    return ok;
  }) as Validate;
  return checked;
}

/**
 * Fastify's validator factory for this app: JSON bodies are validated as sent
 * (no coercion: null never becomes "", 123 never becomes "123"); query strings
 * and path params are text, so they are coerced, but only from canonical numerals.
 */
export const buildValidator: BuildValidator = (externalSchemas) => {
  const factory = AjvCompiler();
  const strict = factory(externalSchemas, { customOptions: { ...STRICT, coerceTypes: false } });
  const coercing = factory(externalSchemas, { customOptions: { ...STRICT, coerceTypes: 'array' } });
  return (route) => (route.httpPart === 'body' ? strict(route) : canonicalNumbers(route.schema, coercing(route)));
};

/** Where parsed input holds what no column can store, and what: a NUL byte, or a number JSON overflowed to Infinity. */
function unstorable(root: unknown): { path: string; what: string } | undefined {
  // Walked without recursion: input may nest deeply.
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { path, what: 'a NUL byte (\\u0000), which cannot be stored; remove it' };
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return { path, what: 'a number too large to store (it overflows to Infinity)' };
    } else if (
      value !== null &&
      typeof value === 'object' &&
      !ArrayBuffer.isView(value) &&
      typeof (value as { pipe?: unknown }).pipe !== 'function'
    ) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000'))
          return { path: `${path}/${key.replace(/\u0000/g, '\\u0000')}`, what: 'a NUL byte (\\u0000) in a key' };
        stack.push([item, `${path}/${key}`]);
      }
    }
  }
  return undefined;
}

/**
 * PostgreSQL cannot store a NUL byte in text, and JSON reads 1e309 as Infinity,
 * which a json column would keep as null: any input holding either is a 400, before any SQL.
 * A callback hook, like the errors plugin's: it runs on every request, and an async hook costs a promise each.
 */
export function rejectUnstorable(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
  for (const [part, value] of [
    ['body', request.body],
    ['querystring', request.query],
    ['params', request.params],
  ] as const) {
    const found = unstorable(value);
    if (found) return done(new AppError('VALIDATION', `${part}${found.path} holds ${found.what}`));
  }
  done();
}

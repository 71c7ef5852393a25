import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';
import type { AppSpec } from '../../../src/app-spec.ts';
import { fail, StrataError } from '../../../src/errors.ts';
import { parseField } from '../../../src/fields.ts';
import { PACKAGE_ROOT } from '../../../src/package-root.ts';

/** The JSON Schema of an app spec, published in docs/ for editors. */
export const APP_SPEC_SCHEMA = path.join(PACKAGE_ROOT, 'docs', 'app-spec.schema.json');

/** `/entities/Book/fields/price` as `entities.Book.fields.price`. */
const dotted = (pointer: string): string =>
  pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');

/** One ajv error as a line that names where it is and what to do. */
function describe(error: ErrorObject, spec: unknown): string {
  const at = dotted(error.instancePath) || '(top level)';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}: ${JSON.stringify(params.additionalProperty)} is not a key here; see docs/app-spec.schema.json`;
    case 'required':
      return `${at}: ${JSON.stringify(params.missingProperty)} is required`;
    case 'propertyNames':
      return `${at}: ${JSON.stringify(params.propertyName)} is not a valid name here`;
    case 'pattern': {
      if (error.propertyName !== undefined) return `${at}: ${JSON.stringify(error.propertyName)} is not a valid name here (${String(params.pattern)})`;
      // A field's type reads better in the words of the field parser.
      const m = /^\/entities\/([^/]+)\/fields\/([^/]+)$/.exec(error.instancePath);
      if (m) {
        const value = (spec as AppSpec).entities[m[1]!]!.fields[m[2]!];
        try {
          parseField(`${m[2]}:${value}`);
        } catch (e) {
          if (e instanceof StrataError) return `${at}: ${e.message}`;
        }
      }
      return `${at}: ${JSON.stringify(error.data)} is not in the form the schema gives (${String(params.pattern)})`;
    }
    default:
      return `${at}: ${error.message ?? 'is not valid'}`;
  }
}

/**
 * Parses and checks an app spec: YAML, then the JSON Schema, then every field with the field
 * parser. The first problem is one line naming its path in the spec (STRATA_APP_SPEC).
 */
export function parseAppSpec(text: string, source: string): AppSpec {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) fail('STRATA_APP_SPEC', `${source}: ${doc.errors[0]!.message.split('\n')[0]}`);
  const spec: unknown = doc.toJS();
  const ajv = new Ajv({ allErrors: false, verbose: true });
  const validate = ajv.compile(JSON.parse(readFileSync(APP_SPEC_SCHEMA, 'utf8')) as object);
  if (!validate(spec)) fail('STRATA_APP_SPEC', `${source}: ${describe(validate.errors![0]!, spec)}`);
  const app = spec as AppSpec;
  for (const [entity, { fields }] of Object.entries(app.entities)) {
    for (const [name, type] of Object.entries(fields)) {
      try {
        parseField(`${name}:${type}`);
      } catch (e) {
        if (e instanceof StrataError) fail('STRATA_APP_SPEC', `${source}: entities.${entity}.fields.${name}: ${e.message}`);
        throw e;
      }
    }
  }
  return app;
}

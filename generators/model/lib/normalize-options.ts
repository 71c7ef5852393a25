import { fail, q } from '../../../src/errors.ts';
import type { Field } from '../../../src/field-types.ts';
import { parseFields } from '../../../src/fields.ts';
import { camel, names, type Names } from '../../../src/names.ts';
import { PROJECT_MARKERS } from '../../../src/project.ts';
import { assertIdentifier } from '../../../src/reserved.ts';
import { createTableStatements, dropTableStatements, type ModelSpec } from '../../../src/schema.ts';
import { nextMigrationName } from '../../../src/migrations.ts';
import type { Tree } from '../../../src/tree.ts';

/** What the user gave `strata generate model`. */
export interface ModelArgs {
  name: string;
  fields: string[];
  index?: string[];
  softDelete?: boolean;
  /** Clock for migration names; tests and the sample app fix it. */
  now?: Date;
}

/** The normalized options every step sees. */
export interface ModelOptions {
  names: Names;
  fields: Field[];
  spec: ModelSpec;
  softDelete: boolean;
  migrationName: string;
  upSql: string[];
  downSql: string[];
  paths: {
    model: string;
    repository: string;
    service: string;
    routes: string;
    test: string;
    migration: string;
  };
}

function resolveIndex(raw: string, fields: Field[]): Field[] {
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.length < 2 || parts.some((p) => p === '')) {
    fail('STRATA_INDEX', `--index ${q(raw)} must name two or more fields, comma-separated, e.g. --index name,isActive`);
  }
  const picked = parts.map((p) => {
    const field = fields.find((f) => f.name === camel(p) || f.column === p);
    if (!field) fail('STRATA_INDEX', `--index ${q(raw)}: ${q(p)} is not a field of this model; use one of ${fields.map((f) => f.name).join(', ')}`);
    return field;
  });
  if (new Set(picked).size !== picked.length) fail('STRATA_INDEX', `--index ${q(raw)} names a field twice`);
  return picked;
}

/** Validates everything up front, so that bad input fails before any step runs. */
export function normalizeOptions(args: ModelArgs, tree: Tree): ModelOptions {
  assertIdentifier(args.name, 'model');
  for (const marker of PROJECT_MARKERS) {
    if (!tree.exists(marker)) {
      fail('STRATA_NOT_PROJECT', `${tree.root} is not a strata project (no ${marker}); run strata new <name> first, or cd into the project`);
    }
  }
  const n = names(args.name);
  const fields = parseFields(args.fields);
  const indexes = (args.index ?? []).map((raw) => resolveIndex(raw, fields));
  const softDelete = args.softDelete ?? false;
  const spec: ModelSpec = { names: n, fields, indexes, softDelete };
  const migrationName = nextMigrationName(tree, `create_${n.tableName}`, args.now ?? new Date());
  return {
    names: n,
    fields,
    spec,
    softDelete,
    migrationName,
    upSql: createTableStatements(spec),
    downSql: dropTableStatements(spec),
    paths: {
      model: `src/db/models/${n.fileName}.ts`,
      repository: `src/db/repositories/${n.fileName}-repository.ts`,
      service: `src/services/${n.fileName}-service.ts`,
      routes: `src/routes/${n.routeName}.ts`,
      test: `test/${n.routeName}.test.ts`,
      migration: `src/db/migrations/${migrationName}.ts`,
    },
  };
}

import type { QuerySpec } from '../../../src/app-spec.ts';
import { fail, q } from '../../../src/errors.ts';
import { names, type Names } from '../../../src/names.ts';
import { assertProject } from '../../../src/project.ts';
import { describeQuery } from '../../../src/query/describe.ts';
import { parseTyped, type TypedName } from '../../../src/query/types.ts';
import { assertIdentifier } from '../../../src/reserved.ts';
import type { Tree } from '../../../src/tree.ts';

/** What the user gave `strata generate query`. */
export interface QueryArgs {
  name: string;
  sql?: string;
  param?: string[];
  column?: string[];
  route?: string;
  databaseUrl?: string;
}

/** The normalized options every step sees. */
export interface QueryOptions {
  /** The name as given (the app spec's key) */
  name: string;
  names: Names;
  sql: string;
  params: TypedName[];
  columns: TypedName[];
  route?: { method: 'GET'; path: string };
  paths: { module: string; service: string; routes: string; test: string };
}

function paramCount(sql: string): number {
  return Math.max(0, ...[...sql.matchAll(/\$([0-9]+)/g)].map((m) => Number(m[1])));
}

/** Validates the SQL, settles the types (from PostgreSQL or from flags) and the route. */
export async function normalizeOptions(args: QueryArgs, tree: Tree): Promise<QueryOptions> {
  assertIdentifier(args.name.replace(/-/g, '_'), 'model', args.name);
  assertProject(tree);
  const sql = (args.sql ?? '').trim().replace(/;\s*$/, '');
  if (!sql) fail('STRATA_QUERY', 'give the statement with --sql "SELECT ..." or --file query.sql');
  if (sql.includes('`') || sql.includes('${')) fail('STRATA_QUERY', 'the SQL holds ` or ${; pass values as $1..$n parameters instead');
  const count = paramCount(sql);
  let params = (args.param ?? []).map((p) => parseTyped(p, 'param'));
  let columns = (args.column ?? []).map((c) => parseTyped(c, 'column'));
  if (args.databaseUrl) {
    let described: Awaited<ReturnType<typeof describeQuery>>;
    try {
      described = await describeQuery(args.databaseUrl, sql, count);
    } catch (error) {
      return fail('STRATA_DATABASE', `PostgreSQL could not describe the query: ${(error as Error).message}`);
    }
    params = described.params.map((type, i) => ({ name: params[i]?.name ?? `p${i + 1}`, type, nullable: false }));
    if (columns.length === 0) columns = described.columns;
  }
  if (params.length !== count) {
    fail(
      'STRATA_QUERY',
      `the SQL uses ${count} parameter(s) ($1..$${count}) but ${params.length} --param were given; give one --param name:type per $n, in order`,
    );
  }
  if (columns.length === 0) fail('STRATA_QUERY', 'say what the query returns with --column name:type (or give --database so PostgreSQL can tell)');
  let route: QueryOptions['route'];
  if (args.route) {
    const m = /^GET\s+(\/[a-z0-9][a-z0-9/-]*)$/.exec(args.route.trim());
    if (!m) fail('STRATA_QUERY', `--route ${q(args.route)} must be "GET /a/path" (lower-case letters, digits, - and /)`);
    route = { method: 'GET', path: m[1]! };
  }
  const n = names(args.name);
  return {
    name: args.name,
    names: n,
    sql,
    params,
    columns,
    ...(route ? { route } : {}),
    paths: {
      module: `src/db/queries/${n.fileName}.ts`,
      service: `src/services/${n.fileName}-service.ts`,
      routes: `src/routes/${n.fileName}.ts`,
      test: `test/queries/${n.fileName}.test.ts`,
    },
  };
}

/** The arguments that generate a query as the app spec records it (apply, upgrade and destroy re-run these). */
export function queryArgsFromSpec(name: string, query: QuerySpec): QueryArgs {
  return { name, sql: query.sql, param: query.params ?? [], column: query.columns, ...(query.route ? { route: query.route } : {}) };
}

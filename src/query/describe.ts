import pg from 'pg';
import { fromPg, type SqlType, type TypedName } from './types.ts';

/**
 * Asks PostgreSQL what a statement takes and returns, without running it:
 * parameter types from the prepared statement, column names and types from a
 * cursor declared over it (FETCH 0), all in a read-only transaction rolled back.
 */
export async function describeQuery(databaseUrl: string, sql: string, paramCount: number): Promise<{ params: SqlType[]; columns: TypedName[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query("SELECT set_config('statement_timeout', '5000', true)");
    // The statement text is the user's own SQL, prepared, never run.
    // strata-ignore query-raw-interpolation: PREPARE takes the statement text itself; its values stay $n parameters
    await client.query(`PREPARE strata_describe AS ${sql}`);
    const prepared = await client.query<{ types: string[] }>(
      "SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = 'strata_describe'",
    );
    const params = prepared.rows[0]?.types ?? [];
    const nulls = Array.from({ length: Math.max(paramCount, params.length) }, () => null);
    // strata-ignore query-raw-interpolation: DECLARE takes the statement text itself; its values stay $n parameters
    await client.query(`DECLARE strata_cursor NO SCROLL CURSOR FOR ${sql}`, nulls);
    const fetched = await client.query('FETCH 0 FROM strata_cursor');
    const oids = [...new Set(fetched.fields.map((f) => f.dataTypeID))];
    const names = await client.query<{ oid: number; name: string }>('SELECT oid::int AS oid, format_type(oid, NULL) AS name FROM pg_type WHERE oid = ANY($1)', [
      oids,
    ]);
    const typeOf = new Map(names.rows.map((r) => [r.oid, r.name]));
    return {
      params: params.map((p) => fromPg(p)),
      columns: fetched.fields.map((f) => ({ name: f.name, type: fromPg(typeOf.get(f.dataTypeID) ?? 'text'), nullable: true })),
    };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.end();
  }
}

import pg from 'pg';
import type { Column, EnumType, ForeignKey, Index, Table } from './types.ts';

const ON_DELETE: Record<string, ForeignKey['onDelete']> = { c: 'CASCADE', n: 'SET NULL', r: 'RESTRICT', a: 'RESTRICT' };

/** The generated migrator's bookkeeping tables (src/db/migrator.ts, migration-context.ts): not part of the app's schema. */
const RUNNER_TABLES = new Set(['strata_migrations', 'strata_migration_steps']);

/** Spells a catalog type the way strata's snapshot does. */
function normalizeType(type: string, enums: Set<string>): string {
  if (enums.has(type)) return `"${type}"`;
  const varchar = /^character varying\((\d+)\)$/.exec(type);
  if (varchar) return `varchar(${varchar[1]})`;
  return type;
}

/** Spells a catalog default the way strata's snapshot does: literal casts dropped, JSON compacted. */
export function normalizeDefault(expr: string | null): string | null {
  if (expr === null) return null;
  const json = /^'(.*)'::(jsonb|json)$/s.exec(expr);
  if (json) return `'${JSON.stringify(JSON.parse(json[1]!.replace(/''/g, "'"))).replace(/'/g, "''")}'::${json[2]}`;
  const cast = /^'((?:[^']|'')*)'::([a-z_ "]+)(\(\d+(,\d+)?\))?$/.exec(expr);
  if (cast) {
    const numeric = /^(integer|bigint|smallint|numeric|double precision|real)$/.test(cast[2]!) && /^-?[0-9.]+$/.test(cast[1]!);
    return numeric ? cast[1]! : `'${cast[1]}'`;
  }
  const number = /^\(?(-?[0-9.]+)\)?(::[a-z ]+)?$/.exec(expr);
  if (number) return number[1]!;
  return expr;
}

/**
 * Reads the live schema of a database (public schema, strata's bookkeeping
 * table aside) in the snapshot's shape, so it can be diffed with the models.
 */
export async function readCatalog(databaseUrl: string): Promise<Table[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const enumRows = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' GROUP BY t.typname`,
    );
    const enumNames = new Set(enumRows.rows.map((r) => r.name));
    const columns = await client.query<{ table: string; name: string; type: string; notnull: boolean; default: string | null; identity: string }>(
      `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
              pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity AS identity
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum`,
    );
    const indexes = await client.query<{ table: string; name: string; columns: string[]; unique: boolean; where: string | null }>(
      `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, pg_get_expr(ix.indpred, ix.indrelid) AS where,
              array(SELECT pg_get_indexdef(ix.indexrelid, k.ord::int, true) FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                     ORDER BY k.ord)::text[] AS columns
         FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND NOT ix.indisprimary`,
    );
    const fks = await client.query<{ table: string; name: string; column: string; ref: string; deltype: string }>(
      `SELECT t.relname AS table, con.conname AS name, a.attname AS column, r.relname AS ref, con.confdeltype AS deltype
         FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = con.conkey[1]
        WHERE n.nspname = 'public' AND con.contype = 'f'`,
    );
    const tables = new Map<string, Table>();
    for (const c of columns.rows) {
      if (RUNNER_TABLES.has(c.table)) continue;
      const table = tables.get(c.table) ?? { name: c.table, columns: [], indexes: [], foreignKeys: [], enums: [] };
      tables.set(c.table, table);
      const column: Column =
        c.identity === 'd' && c.name === 'id'
          ? { name: 'id', type: normalizeType(c.type, enumNames), nullable: false, default: null, primaryKey: true }
          : { name: c.name, type: normalizeType(c.type, enumNames), nullable: !c.notnull, default: normalizeDefault(c.default) };
      table.columns.push(column);
      if (enumNames.has(c.type)) {
        const e = enumRows.rows.find((r) => r.name === c.type)!;
        table.enums.push({ name: e.name, values: e.values } satisfies EnumType);
      }
    }
    for (const i of indexes.rows) {
      const table = tables.get(i.table);
      if (!table) continue;
      const where = i.where?.replace(/^\((.*)\)$/, '$1');
      const keys = i.columns.map(indexKey);
      const lower = keys.some((k) => k.lower);
      table.indexes.push({
        name: i.name,
        columns: keys.map((k) => k.column),
        unique: i.unique,
        ...(where ? { where } : {}),
        ...(lower ? { lower } : {}),
      } satisfies Index);
    }
    for (const f of fks.rows) {
      tables.get(f.table)?.foreignKeys.push({ name: f.name, column: f.column, table: f.ref, onDelete: ON_DELETE[f.deltype] ?? 'RESTRICT' });
    }
    return [...tables.values()].sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    await client.end();
  }
}

/** One key of an index as pg_get_indexdef prints it: a column (quoted when it must be), or lower(column::text). */
function indexKey(text: string): { column: string; lower: boolean } {
  const lower = /^lower\((.*)\)$/.exec(text);
  const inner = (lower ? lower[1]! : text).replace(/::text$/, '').replace(/^\((.*)\)$/, '$1');
  return { column: inner.replace(/^"(.*)"$/, '$1').replace(/""/g, '"'), lower: lower !== null };
}

/** A canonical text dump of a schema: tables, columns, indexes, keys and types, each sorted by name. */
export function dumpSchema(tables: Table[]): string {
  const sorted = tables
    .map((t) => ({
      ...t,
      columns: [...t.columns].sort((a, b) => a.name.localeCompare(b.name)),
      indexes: [...t.indexes].sort((a, b) => a.name.localeCompare(b.name)),
      foreignKeys: [...t.foreignKeys].sort((a, b) => a.name.localeCompare(b.name)),
      enums: [...t.enums].sort((a, b) => a.name.localeCompare(b.name)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

import type { Readable } from 'node:stream';
import { exportCsv, importCsv, importNdjson, type CopyColumn, type ImportSql } from '../copy.ts';
import type { Database } from '../database.ts';

/** Columns of a CSV import of users, in order; the header must name exactly these. NDJSON uses the field names. */
export const IMPORT_COLUMNS: readonly CopyColumn[] = [
  { name: 'email', field: 'email', kind: 'string' },
  { name: 'username', field: 'username', kind: 'string' },
  { name: 'hashed_password', field: 'hashedPassword', kind: 'string' },
  { name: 'is_active', field: 'isActive', kind: 'boolean' },
];

/** Columns of a CSV export (hidden fields are never exported). */
export const EXPORT_COLUMNS = ['id', 'email', 'username', 'is_active', 'created_at', 'updated_at'] as const;

const IMPORT_SQL: ImportSql = {
  // Lives for one transaction; required columns stay NOT NULL so COPY names the bad row.
  staging: `CREATE TEMP TABLE "users_import" ("email" varchar(255) NOT NULL, "username" varchar(50) NOT NULL, "hashed_password" varchar(255) NOT NULL CHECK ((length("hashed_password") = 80 AND substr("hashed_password", 37, 1) = '$' AND "hashed_password" ~ '^scrypt[$](1[0-9]|20)[$]8[$]1[$][A-Za-z0-9_-]+[$][A-Za-z0-9_-]+$')), "is_active" boolean) ON COMMIT DROP`,
  copyIntoStaging: `COPY "users_import" ("email", "username", "hashed_password", "is_active") FROM STDIN WITH (FORMAT csv, HEADER MATCH)`,
  copyDirect: `COPY "users" ("email", "username", "hashed_password", "is_active") FROM STDIN WITH (FORMAT csv, HEADER MATCH)`,
  upsert: `INSERT INTO "users" ("email", "username", "hashed_password", "is_active")
SELECT t."email", t."username", t."hashed_password", COALESCE(t."is_active", true) FROM "users_import" AS t ON CONFLICT DO NOTHING`,
};

/** Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are exported with a leading '. */
const COPY_OUT_SQL = `COPY (SELECT "id", CASE WHEN "email" ~ '^[-=+@\\t\\r]' THEN '''' || "email" ELSE "email" END AS "email", CASE WHEN "username" ~ '^[-=+@\\t\\r]' THEN '''' || "username" ELSE "username" END AS "username", "is_active", "created_at", "updated_at" FROM "users" ORDER BY "id") TO STDOUT WITH (FORMAT csv, HEADER true)`;

/** Streams a CSV into users with COPY, all or nothing; rows that hit a unique key are skipped. */
export async function importUsersCsv(db: Database, csv: Readable): Promise<{ inserted: number; skipped: number }> {
  return importCsv(db, IMPORT_SQL, csv);
}

/** Streams NDJSON (API field names, JSON types checked per field) into users. */
export async function importUsersNdjson(
  db: Database,
  ndjson: Readable,
): Promise<{ inserted: number; skipped: number }> {
  return importNdjson(db, IMPORT_SQL, IMPORT_COLUMNS, ndjson);
}

/** Streams every User out as CSV with COPY TO STDOUT. */
export async function exportUsersCsv(db: Database): Promise<Readable> {
  return exportCsv(db, COPY_OUT_SQL);
}

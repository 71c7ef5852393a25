import type { Readable } from 'node:stream';
import { exportCsv, importCsv, importNdjson, type CopyColumn, type ImportSql } from '../copy.ts';
import type { Database } from '../database.ts';

/** Columns of a CSV import of posts, in order; the header must name exactly these. NDJSON uses the field names. */
export const IMPORT_COLUMNS: readonly CopyColumn[] = [
  { name: 'title', field: 'title', kind: 'string' },
  { name: 'content', field: 'content', kind: 'string' },
  { name: 'published', field: 'published', kind: 'boolean' },
  { name: 'author_id', field: 'authorId', kind: 'integer' },
];

/** Columns of a CSV export (hidden fields are never exported). */
export const EXPORT_COLUMNS = ['id', 'title', 'content', 'published', 'author_id', 'created_at', 'updated_at'] as const;

const IMPORT_SQL: ImportSql = {
  // Lives for one transaction; required columns stay NOT NULL so COPY names the bad row.
  staging: `CREATE TEMP TABLE "posts_import" ("title" varchar(200) NOT NULL, "content" text NOT NULL, "published" boolean, "author_id" bigint NOT NULL) ON COMMIT DROP`,
  copyIntoStaging: `COPY "posts_import" ("title", "content", "published", "author_id") FROM STDIN WITH (FORMAT csv, HEADER MATCH)`,
  copyDirect: `COPY "posts" ("title", "content", "published", "author_id") FROM STDIN WITH (FORMAT csv, HEADER MATCH)`,
  upsert: `INSERT INTO "posts" ("title", "content", "published", "author_id")
SELECT t."title", t."content", COALESCE(t."published", false), t."author_id" FROM "posts_import" AS t ON CONFLICT DO NOTHING`,
};

/** Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are exported with a leading '. */
const COPY_OUT_SQL = `COPY (SELECT "id", CASE WHEN "title" ~ '^[-=+@\\t\\r]' THEN '''' || "title" ELSE "title" END AS "title", CASE WHEN "content" ~ '^[-=+@\\t\\r]' THEN '''' || "content" ELSE "content" END AS "content", "published", "author_id", "created_at", "updated_at" FROM "posts" ORDER BY "id") TO STDOUT WITH (FORMAT csv, HEADER true)`;

/** Streams a CSV into posts with COPY, all or nothing; rows that hit a unique key are skipped. */
export async function importPostsCsv(db: Database, csv: Readable): Promise<{ inserted: number; skipped: number }> {
  return importCsv(db, IMPORT_SQL, csv);
}

/** Streams NDJSON (API field names, JSON types checked per field) into posts. */
export async function importPostsNdjson(
  db: Database,
  ndjson: Readable,
): Promise<{ inserted: number; skipped: number }> {
  return importNdjson(db, IMPORT_SQL, IMPORT_COLUMNS, ndjson);
}

/** Streams every Post out as CSV with COPY TO STDOUT. */
export async function exportPostsCsv(db: Database): Promise<Readable> {
  return exportCsv(db, COPY_OUT_SQL);
}

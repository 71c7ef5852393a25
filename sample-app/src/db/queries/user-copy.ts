import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Database } from '../database.ts';
import { AppError } from '../../errors.ts';

/** Columns of a CSV import of users, in order; the header must name exactly these. */
export const IMPORT_COLUMNS = ['email', 'username', 'hashed_password', 'is_active'] as const;

/** Columns of a CSV export (hidden fields are never exported). */
export const EXPORT_COLUMNS = ['id', 'email', 'username', 'is_active', 'created_at', 'updated_at'] as const;

/** A staging table that lives for one transaction; required columns stay NOT NULL so COPY names the bad row. */
const STAGING_SQL = `CREATE TEMP TABLE "users_import" ("email" varchar(255) NOT NULL, "username" varchar(50) NOT NULL, "hashed_password" varchar(255) NOT NULL, "is_active" boolean) ON COMMIT DROP`;

const COPY_IN_SQL = `COPY "users_import" ("email", "username", "hashed_password", "is_active") FROM STDIN WITH (FORMAT csv, HEADER MATCH)`;

/** Staged rows go in unless they hit a unique key. */
const UPSERT_SQL = `INSERT INTO "users" ("email", "username", "hashed_password", "is_active")
SELECT t."email", t."username", t."hashed_password", COALESCE(t."is_active", true) FROM "users_import" AS t ON CONFLICT DO NOTHING`;

const COPY_OUT_SQL = `COPY (SELECT "id", "email", "username", "is_active", "created_at", "updated_at" FROM "users" ORDER BY "id") TO STDOUT WITH (FORMAT csv, HEADER true)`;

/** PostgreSQL names the CSV line of a bad row; the header is line 1, so data row n is line n + 1. */
function badRow(error: unknown): Error {
  const e = error as { code?: string; where?: string; message?: string };
  const line = /line (\d+)/.exec(e.where ?? '')?.[1];
  if (line && typeof e.code === 'string' && /^(22|23)/.test(e.code)) {
    return new AppError('INVALID_INPUT', `row ${Number(line) - 1}: ${e.message}; nothing was imported`);
  }
  return error as Error;
}

/**
 * Streams a CSV into users with COPY: into a staging table, then one
 * INSERT ... ON CONFLICT DO NOTHING, all in one transaction. Memory stays flat
 * whatever the size; a bad row aborts the import with its row number and
 * nothing half-imported.
 */
export async function importUsersCsv(db: Database, csv: Readable): Promise<{ inserted: number; skipped: number }> {
  return db.transaction(async (client) => {
    await client.query(STAGING_SQL);
    const copy = client.query(copyFrom(COPY_IN_SQL));
    try {
      await pipeline(csv, copy);
    } catch (error) {
      throw badRow(error);
    }
    const staged = copy.rowCount ?? 0;
    const inserted = (await client.query(UPSERT_SQL)).rowCount ?? 0;
    return { inserted, skipped: staged - inserted };
  });
}

/** Streams every User out as CSV with COPY TO STDOUT; the connection goes back to the pool when the stream ends. */
export async function exportUsersCsv(db: Database): Promise<Readable> {
  // strata-ignore lifecycle-client-release: released when the stream ends, fails or is closed, or right here on error
  const client = await db.pool.connect();
  try {
    const stream = client.query(copyTo(COPY_OUT_SQL));
    let released = false;
    const release = (error?: Error) => {
      if (!released) client.release(error);
      released = true;
    };
    stream.once('end', () => release());
    stream.once('error', (error) => release(error));
    stream.once('close', () => release());
    return stream;
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}

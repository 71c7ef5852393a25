import { pipeline, Transform, type Readable, type Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Database } from '../database.ts';
import { AppError } from '../../errors.ts';

/** Columns of a CSV import of users, in order; the header must name exactly these. */
export const IMPORT_COLUMNS = ['email', 'username', 'hashed_password', 'is_active'] as const;

/** NDJSON imports use the API's field names; each maps onto its column. */
const IMPORT_FIELDS: Record<string, string> = {
  email: 'email',
  username: 'username',
  hashedPassword: 'hashed_password',
  isActive: 'is_active',
};

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

/** The same CSV straight into the table, on a second connection: the fast path. */
const COPY_DIRECT_SQL = `COPY "users" ("email", "username", "hashed_password", "is_active") FROM STDIN WITH (FORMAT csv, HEADER MATCH)`;

/** Resolves when a stream drains, finishes or fails (failures are collected by the caller's listeners). */
function settled(stream: Writable, event: 'drain' | 'finish'): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off(event, done);
      stream.off('error', done);
      stream.off('close', done);
      resolve();
    };
    stream.once(event, done);
    stream.once('error', done);
    stream.once('close', done);
  });
}

/**
 * Writes every chunk of the source into both streams with back-pressure (the
 * slower one sets the pace). The second may fail on its own: its error is
 * returned. When the first fails, the second is aborted and the error thrown.
 */
async function tee(source: Readable, first: Writable, second: Writable): Promise<Error | undefined> {
  let firstError: Error | undefined;
  let secondError: Error | undefined;
  first.on('error', (error) => (firstError ??= error));
  second.on('error', (error) => (secondError ??= error));
  try {
    for await (const chunk of source) {
      const waits: Array<Promise<void>> = [];
      if (!first.write(chunk)) waits.push(settled(first, 'drain'));
      if (!secondError && !second.write(chunk)) waits.push(settled(second, 'drain'));
      await Promise.all(waits);
      if (firstError) break;
    }
  } catch (error) {
    // The source failed (a bad NDJSON line, a dropped request): abort the first COPY as well.
    const closing = settled(first, 'finish');
    first.destroy(error as Error);
    await closing;
    firstError = error as Error;
  }
  if (!firstError) {
    const finishing = settled(first, 'finish');
    first.end();
    await finishing;
  }
  if (firstError) {
    // Abort the other COPY too (CopyFail), so its connection can ROLLBACK.
    if (!secondError) {
      const closing = settled(second, 'finish');
      second.destroy(firstError);
      await closing;
    }
    throw firstError;
  }
  if (!secondError) {
    const finishing = settled(second, 'finish');
    second.end();
    await finishing;
  }
  return secondError;
}

/**
 * Streams a CSV into users with COPY, all or nothing, memory flat
 * whatever the size. The stream feeds two COPYs at once: into a staging table
 * (a bad row aborts the import with its row number) and, on a second
 * connection, straight into the table. When no row hits a unique key the
 * second COPY commits; otherwise it rolls back and one
 * INSERT ... SELECT ... ON CONFLICT DO NOTHING from staging does the work.
 */
export async function importUsersCsv(db: Database, csv: Readable): Promise<{ inserted: number; skipped: number }> {
  return db.transaction(async (client) => {
    await client.query(STAGING_SQL);
    const target = await db.pool.connect();
    try {
      await target.query('BEGIN');
      const staging = client.query(copyFrom(COPY_IN_SQL));
      const direct = target.query(copyFrom(COPY_DIRECT_SQL));
      let directError: Error | undefined;
      try {
        directError = await tee(csv, staging, direct);
      } catch (error) {
        await target.query('ROLLBACK');
        throw badRow(error);
      }
      const staged = staging.rowCount ?? 0;
      if (!directError) {
        await target.query('COMMIT');
        return { inserted: staged, skipped: 0 };
      }
      await target.query('ROLLBACK');
      const inserted = (await client.query(UPSERT_SQL)).rowCount ?? 0;
      return { inserted, skipped: staged - inserted };
    } finally {
      target.release();
    }
  });
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/** Turns NDJSON (one object per line, API field names) into the CSV that COPY reads; a bad line fails with its row number. */
export function ndjsonToCsv(): Transform {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let row = 0;
  const convert = (line: string): string => {
    if (line.trim() === '') return '';
    row += 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new AppError('INVALID_INPUT', `row ${row}: not valid JSON; nothing was imported`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new AppError('INVALID_INPUT', `row ${row}: not a JSON object; nothing was imported`);
    const unknown = Object.keys(value).find((k) => !(k in IMPORT_FIELDS));
    if (unknown !== undefined)
      throw new AppError('INVALID_INPUT', `row ${row}: unknown field ${JSON.stringify(unknown)}; nothing was imported`);
    const record = value as Record<string, unknown>;
    return `${Object.keys(IMPORT_FIELDS)
      .map((k) => csvField(record[k]))
      .join(',')}\n`;
  };
  return new Transform({
    construct(done) {
      this.push(`${IMPORT_COLUMNS.join(',')}\n`);
      done();
    },
    transform(chunk: Buffer, _encoding, done) {
      const lines = (rest + decoder.write(chunk)).split('\n');
      rest = lines.pop() ?? '';
      try {
        done(null, lines.map(convert).join(''));
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        done(null, convert(rest + decoder.end()));
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/** Streams NDJSON into users: the CSV import, fed through ndjsonToCsv(). */
export async function importUsersNdjson(
  db: Database,
  ndjson: Readable,
): Promise<{ inserted: number; skipped: number }> {
  return importUsersCsv(
    db,
    pipeline(ndjson, ndjsonToCsv(), () => {}),
  );
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

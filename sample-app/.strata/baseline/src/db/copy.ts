import { pipeline, Transform, type Readable, type Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Database } from './database.ts';
import { AppError } from '../errors.ts';

/** A column of a COPY import: its CSV name, its API field name, and the JSON values NDJSON may give it. */
export interface CopyColumn {
  name: string;
  field: string;
  kind: 'string' | 'integer' | 'number' | 'boolean' | 'json';
}

/** The SQL of one entity's import: a staging table and COPYs into it and straight into the table. */
export interface ImportSql {
  staging: string;
  copyIntoStaging: string;
  copyDirect: string;
  /** Staged rows go in unless they hit a unique key. */
  upsert: string;
}

/** What a bad value means, by SQLSTATE, in words that name no table or constraint. */
const BAD_VALUE: Record<string, string> = {
  '23502': 'a required value is missing',
  '22001': 'a value is too long for its field',
  '22003': 'a number is out of range',
  '22021': 'a value holds bytes that cannot be stored (a NUL byte or invalid UTF-8)',
  '22P04': 'the row does not match the header',
  '23514': 'a value is not allowed',
};

/** PostgreSQL names the CSV line of a bad row; the header is line 1, so data row n is line n + 1. */
function badRow(error: unknown): Error {
  const e = error as { code?: string; where?: string; column?: string };
  const line = /line (\d+)/.exec(e.where ?? '')?.[1];
  if (line && typeof e.code === 'string' && /^(22|23)/.test(e.code)) {
    const what = BAD_VALUE[e.code] ?? 'a value has the wrong format';
    return new AppError(
      'INVALID_INPUT',
      `row ${Number(line) - 1}: ${e.column ? `${e.column}: ` : ''}${what}; nothing was imported`,
    );
  }
  return error as Error;
}

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

/** Fails a stream that moves no data for `ms`: a client that stalls cannot hold a connection inside COPY. */
function idleTimeout(ms: number, what: string): Transform {
  let timer: NodeJS.Timeout | undefined;
  const stream: Transform = new Transform({
    transform(chunk, _encoding, done) {
      timer?.refresh();
      done(null, chunk);
    },
    flush(done) {
      clearTimeout(timer);
      done();
    },
    destroy(error, done) {
      clearTimeout(timer);
      done(error);
    },
  });
  timer = setTimeout(
    () => stream.destroy(new AppError('COPY_IDLE', `the ${what} moved no data for ${ms} ms; it was aborted`)),
    ms,
  );
  timer.unref();
  return stream;
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
    // The source failed (a bad NDJSON line, a dropped or stalled request): abort the first COPY as well.
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

/** Ends a transaction (COMMIT or ROLLBACK) and releases its client; a client that cannot end it is destroyed, never reused. */
async function finish(client: pg.PoolClient, sql: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  try {
    await client.query(sql);
    client.release();
  } catch (error) {
    client.release(error as Error);
    if (sql === 'COMMIT') throw error;
  }
}

/**
 * Streams a CSV into a table with COPY, all or nothing, memory flat whatever
 * the size. The stream feeds two COPYs at once: into a staging table (a bad
 * row aborts the import with its row number) and, on a second connection,
 * straight into the table. When no row hits a unique key the second COPY
 * commits; otherwise it rolls back and one INSERT ... SELECT ... ON CONFLICT
 * DO NOTHING from staging does the work. Both connections are taken as a
 * pair (Database.connectPair), so concurrent imports cannot deadlock the pool.
 */
export async function importCsv(
  db: Database,
  sql: ImportSql,
  csv: Readable,
): Promise<{ inserted: number; skipped: number }> {
  const [client, target] = await db.connectPair();
  let outcome: { inserted: number; skipped: number };
  // Once ended, the target connection is back in the pool (another request may hold it): never touch it again.
  let targetHeld = true;
  const endTarget = (sql: 'COMMIT' | 'ROLLBACK') => {
    targetHeld = false;
    return finish(target, sql);
  };
  try {
    await client.query('BEGIN');
    await target.query('BEGIN');
    await client.query(sql.staging);
    const staging = client.query(copyFrom(sql.copyIntoStaging));
    const direct = target.query(copyFrom(sql.copyDirect));
    // pipeline, not pipe: a failing or dropped request must fail the source, or COPY would wait for it forever.
    const source = pipeline(csv, idleTimeout(db.copyIdleTimeoutMs, 'upload'), () => {});
    const directError = await tee(source, staging, direct);
    const staged = staging.rowCount ?? 0;
    if (!directError) {
      await endTarget('COMMIT');
      outcome = { inserted: staged, skipped: 0 };
    } else {
      await endTarget('ROLLBACK');
      const inserted = (await client.query(sql.upsert)).rowCount ?? 0;
      outcome = { inserted, skipped: staged - inserted };
    }
  } catch (error) {
    await Promise.all([finish(client, 'ROLLBACK'), targetHeld ? endTarget('ROLLBACK') : undefined]);
    throw badRow(error);
  }
  await finish(client, 'COMMIT');
  return outcome;
}

/** One CSV field as COPY reads it: unquoted empty is NULL, everything else quoted. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/** Whether a JSON value may fill a column of this kind (null is checked by the database). */
function fits(kind: CopyColumn['kind'], value: unknown): boolean {
  if (value === null || kind === 'json') return true;
  if (kind === 'integer') return Number.isSafeInteger(value);
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === kind;
}

/** The longest NDJSON line accepted: without a bound, a line that never ends would grow in memory. */
const MAX_LINE = 1_048_576;

/** Turns NDJSON (one object per line, API field names) into the CSV that COPY reads; a bad line fails with its row number. */
export function ndjsonToCsv(columns: readonly CopyColumn[]): Transform {
  const byField = new Map(columns.map((c) => [c.field, c]));
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let row = 0;
  const reject = (message: string): never => {
    throw new AppError('INVALID_INPUT', `row ${row}: ${message}; nothing was imported`);
  };
  const convert = (line: string): string => {
    if (line.trim() === '') return '';
    row += 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      reject('not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) reject('not a JSON object');
    const record = value as Record<string, unknown>;
    for (const [key, item] of Object.entries(record)) {
      // Own keys only, looked up in a Map: __proto__ and constructor are unknown fields like any other.
      const column = byField.get(key);
      if (!column) reject(`unknown field ${JSON.stringify(key)}`);
      else if (!fits(column.kind, item))
        reject(`field ${JSON.stringify(key)} must be ${column.kind === 'json' ? 'JSON' : `a ${column.kind}`} or null`);
    }
    return `${columns.map((c) => csvField(Object.hasOwn(record, c.field) ? record[c.field] : undefined)).join(',')}\n`;
  };
  return new Transform({
    construct(done) {
      this.push(`${columns.map((c) => c.name).join(',')}\n`);
      done();
    },
    transform(chunk: Buffer, _encoding, done) {
      const lines = (rest + decoder.write(chunk)).split('\n');
      rest = lines.pop() ?? '';
      try {
        if (rest.length > MAX_LINE) {
          row += lines.filter((l) => l.trim() !== '').length + 1;
          reject(`a line is longer than ${MAX_LINE} characters`);
        }
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

/** Streams NDJSON into a table: the CSV import, fed through ndjsonToCsv(). */
export async function importNdjson(
  db: Database,
  sql: ImportSql,
  columns: readonly CopyColumn[],
  ndjson: Readable,
): Promise<{ inserted: number; skipped: number }> {
  return importCsv(
    db,
    sql,
    pipeline(ndjson, ndjsonToCsv(columns), () => {}),
  );
}

/**
 * Streams the result of a COPY ... TO STDOUT. The connection goes back to the
 * pool when the stream ends; when the client hangs up or stops reading for
 * COPY_IDLE_TIMEOUT_MS first, the connection is destroyed, because it is still
 * inside COPY OUT and would hang the next query that draws it.
 */
export async function exportCsv(db: Database, copyOutSql: string): Promise<Readable> {
  // strata-ignore lifecycle-client-release: released when the stream ends, destroyed when it fails or is closed early
  const client = await db.pool.connect();
  let released = false;
  const release = (error?: Error) => {
    if (!released) client.release(error);
    released = true;
  };
  try {
    const stream = client.query(copyTo(copyOutSql));
    const out = idleTimeout(db.copyIdleTimeoutMs, 'download');
    stream.pipe(out);
    stream.once('end', () => release());
    // on, not once: a stream destroyed after a hang-up still reports the connection it loses, and an unheard error would crash the process.
    stream.on('error', (error) => {
      release(error);
      out.destroy(error);
    });
    out.once('close', () => {
      if (released) return;
      const cut = new Error('the export ended before COPY finished (the client hung up or stalled)');
      release(cut);
      stream.destroy(cut);
    });
    return out;
  } catch (error) {
    release(error as Error);
    throw error;
  }
}

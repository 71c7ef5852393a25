import type pg from 'pg';
import type { MigrationTimeouts } from '../config.ts';

/** What a migration's up and down get. */
export interface MigrationContext {
  /** One statement: in the migration's transaction, or, in a stepwise migration, a step of its own (its own transaction, run once). */
  sql: (text: string, values?: unknown[]) => Promise<void>;
  /**
   * CREATE or DROP INDEX CONCURRENTLY, outside any transaction (stepwise migrations only). Given the
   * index's name, an invalid index left by a failed build is dropped first, so a retry builds it again.
   */
  concurrently: (text: string, index?: string) => Promise<void>;
  /** Sets column to value (SQL) where it is NULL, in id ranges of MIGRATION_BATCH_SIZE, each its own transaction (stepwise only; the table has an id). */
  backfill: (table: string, column: string, value: string) => Promise<void>;
  client: pg.ClientBase;
}

/** Steps of a stepwise migration that have run, so a retry resumes after them. */
export const STEPS_TABLE = 'strata_migration_steps';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The statements that set a migration's timeouts: for its transaction (LOCAL) or its connection. */
export function timeoutStatements(t: MigrationTimeouts, local: boolean): string[] {
  const scope = local ? 'SET LOCAL' : 'SET';
  return [`${scope} lock_timeout = '${t.lockTimeoutMs}ms'`, `${scope} statement_timeout = '${t.statementTimeoutMs}ms'`];
}

/**
 * Around CREATE or DROP INDEX CONCURRENTLY: no timeouts. It waits for older transactions while
 * writes go on, so a lock_timeout would only make it fail and leave an invalid index behind.
 */
export function concurrentlyStatements(t: MigrationTimeouts): { before: string[]; after: string[] } {
  return { before: ["SET lock_timeout = '0'", "SET statement_timeout = '0'"], after: timeoutStatements(t, false) };
}

/**
 * One backfill batch: the next $2 rows by id after $1, those whose column is still NULL set; returns the last id it
 * reached (NULL when none is left). A range of the primary key, so every batch costs the same.
 */
export function backfillStatement(table: string, column: string, value: string): string {
  const [t, c] = [quote(table), quote(column)];
  // The batch's column has a name of its own, so the value's SQL may name the table's id.
  return `WITH strata_batch AS (SELECT "id" AS strata_id FROM ${t} WHERE "id" > $1::bigint ORDER BY "id" LIMIT $2), filled AS (UPDATE ${t} SET ${c} = ${value} FROM strata_batch WHERE ${t}."id" = strata_batch.strata_id AND ${t}.${c} IS NULL) SELECT max(strata_id)::text AS last FROM strata_batch`;
}

/** Runs work between BEGIN and COMMIT on the migrator's connection (ROLLBACK if it throws). */
export async function inTransaction(client: pg.ClientBase, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

const notStepwise = (what: string) => async (): Promise<never> => {
  throw new Error(`${what} cannot run inside a transaction: the migration must export const transaction = false`);
};

/** The context of a migration that runs in one transaction (opened and committed by the runner). */
export function transactionContext(client: pg.ClientBase): MigrationContext {
  return {
    client,
    sql: async (text, values) => {
      await client.query(text, values);
    },
    concurrently: notStepwise('CREATE INDEX CONCURRENTLY'),
    backfill: notStepwise('a batched backfill'),
  };
}

/** What a stepwise migration runs with: its name, direction and file checksum, the batch size and the timeouts. */
export interface StepwiseRun {
  name: string;
  direction: 'up' | 'down';
  checksum: string;
  batch: number;
  timeouts: MigrationTimeouts;
}

/**
 * The context of a stepwise migration (`export const transaction = false`): each call is one
 * numbered step, recorded in STEPS_TABLE when it is done, and skipped when a retry reaches it again.
 * Statements run in their own short transactions so no lock is held past its statement. Steps are
 * numbered by position, so a file changed since a failed run is refused rather than resumed.
 */
export async function stepwiseContext(client: pg.ClientBase, run: StepwiseRun): Promise<MigrationContext> {
  const { name, direction, checksum, batch } = run;
  const { rows } = await client.query<{ step: number; checksum: string }>(
    `SELECT step, checksum FROM ${STEPS_TABLE} WHERE name = $1 AND direction = $2`,
    [name, direction],
  );
  if (rows.some((r) => r.checksum !== checksum))
    throw new Error(
      `${name} changed since a failed run finished ${rows.length} of its steps; restore the file as it was and retry, or, to run every step again, DELETE FROM ${STEPS_TABLE} WHERE name = '${name}'`,
    );
  const done = new Set(rows.map((r) => r.step));
  let next = 0;
  const record = (step: number) =>
    client.query(`INSERT INTO ${STEPS_TABLE} (name, direction, step, checksum) VALUES ($1, $2, $3, $4)`, [
      name,
      direction,
      step,
      checksum,
    ]);
  const { before, after } = concurrentlyStatements(run.timeouts);
  /** Runs a step unless a previous attempt finished it. */
  const step = async (run: (step: number) => Promise<void>): Promise<void> => {
    next += 1;
    if (!done.has(next)) await run(next);
  };
  return {
    client,
    sql: (text, values) =>
      step((n) =>
        inTransaction(client, async () => {
          await client.query(text, values);
          await record(n);
        }),
      ),
    concurrently: (text, index) =>
      step(async (n) => {
        if (index) {
          const invalid = await client.query(
            `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace AND NOT i.indisvalid`,
            [index],
          );
          // strata-ignore query-raw-interpolation: an index name cannot be a parameter; it comes from the migration file, quoted
          if (invalid.rowCount) await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${quote(index)}`);
        }
        await client.query(before.join('; '));
        try {
          await client.query(text);
        } finally {
          await client.query(after.join('; '));
        }
        await record(n);
      }),
    // Not recorded as done: it only fills NULLs, so a retry runs it again and also fills rows written since.
    backfill: (table, column, value) =>
      step(async () => {
        const update = backfillStatement(table, column, value);
        // Rows added while it runs are reached too: it goes on until a batch finds no rows.
        for (let last: string | null = '-9223372036854775808'; last !== null;) {
          const after: string = last;
          await inTransaction(client, async () => {
            // strata-ignore query-raw-interpolation: identifiers and the value's SQL come from the migration file, never from a request
            last = (await client.query<{ last: string | null }>(update, [after, batch])).rows[0]?.last ?? null;
          });
        }
      }),
  };
}

/**
 * A context that runs nothing and collects the SQL a migration would run, for linters such as
 * squawk. The runner's bookkeeping (the meta and steps tables) is left out.
 */
export function recordingContext(
  stepwise: boolean,
  timeouts: MigrationTimeouts,
): { context: MigrationContext; script: () => string } {
  const lines: string[] = stepwise
    ? timeoutStatements(timeouts, false)
    : ['BEGIN', ...timeoutStatements(timeouts, true)];
  const wrap = (text: string) => (stepwise ? ['BEGIN', text, 'COMMIT'] : [text]);
  const context: MigrationContext = {
    get client(): pg.ClientBase {
      throw new Error('a migration that uses the client directly cannot be written out as SQL');
    },
    sql: async (text) => {
      lines.push(...wrap(text));
    },
    concurrently: stepwise
      ? async (text) => {
          const { before, after } = concurrentlyStatements(timeouts);
          lines.push(...before, text, ...after);
        }
      : notStepwise('CREATE INDEX CONCURRENTLY'),
    backfill: stepwise
      ? async (table, column, value) => {
          lines.push(...wrap(backfillStatement(table, column, value)));
        }
      : notStepwise('a batched backfill'),
  };
  return { context, script: () => `${[...lines, ...(stepwise ? [] : ['COMMIT'])].map((l) => `${l};`).join('\n')}\n` };
}

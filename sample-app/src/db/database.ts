import pg from 'pg';
import type { Settings } from '../config.ts';

/** Where the raw layer reports pool errors (the app's pino logger fits). */
export interface PoolLogger {
  warn: (obj: object, msg: string) => void;
}

/**
 * The raw SQL layer: one pg Pool per app for analytics, bulk work and COPY.
 * It never shares a feature or a transaction with the ORM (src/db/session.ts).
 */
export class Database {
  readonly pool: pg.Pool;

  constructor(settings: Settings, logger: PoolLogger) {
    this.pool = new pg.Pool({
      connectionString: settings.databaseUrl,
      max: settings.poolSize + settings.maxOverflow,
      connectionTimeoutMillis: settings.acquireTimeoutMs,
      idleTimeoutMillis: 10_000,
      maxLifetimeSeconds: Math.ceil(settings.recycleMs / 1000),
      statement_timeout: settings.statementTimeoutMs,
      application_name: 'sample-app-raw',
    });
    // An idle client that loses its server (a restart, a failover) emits 'error'.
    // Without a listener that would crash the process; the pool replaces the client.
    this.pool.on('error', (err) => logger.warn({ err: err.message }, 'idle database connection lost'));
  }

  /** Opens one connection to prove the database is reachable. */
  async connect(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      client.release();
    }
  }

  /** Closes every connection; called once, from the app's onClose hook. */
  async disconnect(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  /** Runs one parameterized statement and returns its rows. */
  async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    const result = await this.pool.query<R>(text, values);
    return result.rows;
  }

  /** Runs fn in a transaction on one client: commit on success, rollback on error, release always. */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

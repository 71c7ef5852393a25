import pg from 'pg';
import type { Settings } from '../config.ts';
import { AppError } from '../errors.ts';
import { guardedClient } from './driver.ts';

// Dates (not timestamps) come back as 'YYYY-MM-DD' text, as the ORM and the API give them,
// never as a Date at local midnight. Sequelize keeps its own parsers; this is the raw layer's.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

/**
 * The work's result, or a DB_UNAVAILABLE (503) at the deadline: one acquire timeout
 * for a whole multi-step acquisition. What arrives too late goes to `late` (a
 * connection is released, never leaked).
 */
async function beforeDeadline<T>(work: Promise<T>, deadline: number, late?: (value: T) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let expired = false;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => {
        expired = true;
        reject(new AppError('DB_UNAVAILABLE', 'no database connection was free in time; try again later'));
      },
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    if (expired && late) void work.then(late, () => {});
  }
}

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
  /** A COPY that moves no data for this long is aborted (COPY_IDLE_TIMEOUT_MS). */
  readonly copyIdleTimeoutMs: number;
  /** PostgreSQL itself (DATABASE_DIRECT_URL), for dedicated connections that hold a session (LISTEN). */
  readonly url: string;
  private readonly acquireTimeoutMs: number;
  /** The tail of the queue of callers taking two connections at once. */
  private pairing: Promise<void> = Promise.resolve();
  readonly logger: PoolLogger;
  /** What must stop before the pool ends (listeners register here). */
  private readonly closers = new Set<() => Promise<void>>();

  constructor(settings: Settings, logger: PoolLogger) {
    this.url = settings.directDatabaseUrl;
    this.logger = logger;
    this.copyIdleTimeoutMs = settings.copyIdleTimeoutMs;
    this.acquireTimeoutMs = settings.acquireTimeoutMs;
    this.pool = new pg.Pool({
      Client: guardedClient((err) => logger.warn({ err: err.message }, 'database connection lost')),
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

  /** Runs `stop` when the raw layer closes, unless it was removed (the result removes it). */
  onDisconnect(stop: () => Promise<void>): () => void {
    this.closers.add(stop);
    return () => this.closers.delete(stop);
  }

  /** Closes every connection and listener; called once, from the app's onClose hook. */
  async disconnect(): Promise<void> {
    await Promise.all([...this.closers].map((stop) => stop()));
    if (!this.pool.ended) await this.pool.end();
  }

  /**
   * Two connections for one job (COPY into staging and into the table at once).
   * Callers take their pairs one at a time: were two callers each to hold one
   * connection of a full pool and wait for a second, neither would ever get it.
   */
  async connectPair(): Promise<[pg.PoolClient, pg.PoolClient]> {
    const deadline = Date.now() + this.acquireTimeoutMs;
    const turn = this.pairing;
    let done = () => {};
    this.pairing = new Promise((resolve) => (done = resolve));
    const release = (client: pg.PoolClient) => client.release();
    try {
      await beforeDeadline(turn, deadline);
      const first = await beforeDeadline(this.pool.connect(), deadline, release);
      try {
        return [first, await beforeDeadline(this.pool.connect(), deadline, release)];
      } catch (error) {
        first.release();
        throw error;
      }
    } finally {
      // A caller that gave up waiting still lets the next one in only after the one before it is done.
      void turn.then(done);
    }
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

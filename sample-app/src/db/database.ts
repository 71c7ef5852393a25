import pg from 'pg';
import type { Settings } from '../config.ts';
import { guardedClient } from './driver.ts';

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
  private readonly url: string;
  private readonly acquireTimeoutMs: number;
  /** The tail of the queue of callers taking two connections at once. */
  private pairing: Promise<void> = Promise.resolve();
  private readonly logger: PoolLogger;
  private readonly listeners = new Set<() => Promise<void>>();

  constructor(settings: Settings, logger: PoolLogger) {
    this.url = settings.databaseUrl;
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

  /** Closes every connection and listener; called once, from the app's onClose hook. */
  async disconnect(): Promise<void> {
    await Promise.all([...this.listeners].map((stop) => stop()));
    if (!this.pool.ended) await this.pool.end();
  }

  /**
   * LISTENs on a channel on a dedicated connection and hands each payload,
   * parsed, to the handler. When the connection drops (a restart, a failover)
   * it reconnects with backoff and LISTENs again. Resolves once listening;
   * the result stops it.
   */
  async listen<T>(channel: string, handler: (payload: T) => void): Promise<() => Promise<void>> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`bad channel name ${JSON.stringify(channel)}`);
    let client: pg.Client | undefined;
    let stopped = false;
    let delay = 100;
    const connect = async (): Promise<void> => {
      const next = new pg.Client({ connectionString: this.url, application_name: 'sample-app-listen' });
      next.on('notification', (message) => {
        if (message.channel !== channel || message.payload === undefined) return;
        try {
          handler(JSON.parse(message.payload) as T);
        } catch (err) {
          this.logger.warn({ err: (err as Error).message, channel }, 'notification handler failed');
        }
      });
      next.on('error', (err) => this.logger.warn({ err: err.message, channel }, 'listener connection lost'));
      next.on('end', () => {
        if (stopped) return;
        setTimeout(() => void reconnect(), delay).unref();
      });
      await next.connect();
      // strata-ignore query-raw-interpolation: LISTEN takes no parameters; the channel was checked against a strict pattern above
      await next.query(`LISTEN "${channel}"`);
      client = next;
      delay = 100;
    };
    const reconnect = async (): Promise<void> => {
      if (stopped) return;
      try {
        await connect();
      } catch {
        delay = Math.min(delay * 2, 5_000);
        setTimeout(() => void reconnect(), delay).unref();
      }
    };
    await connect();
    const stop = async (): Promise<void> => {
      stopped = true;
      this.listeners.delete(stop);
      await client?.end().catch(() => {});
    };
    this.listeners.add(stop);
    return stop;
  }

  /**
   * Two connections for one job (COPY into staging and into the table at once).
   * Callers take their pairs one at a time: were two callers each to hold one
   * connection of a full pool and wait for a second, neither would ever get it.
   */
  async connectPair(): Promise<[pg.PoolClient, pg.PoolClient]> {
    const turn = this.pairing;
    let done = () => {};
    this.pairing = new Promise((resolve) => (done = resolve));
    try {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('timeout exceeded when trying to connect')), this.acquireTimeoutMs);
      });
      await Promise.race([turn, late]).finally(() => clearTimeout(timer));
      // strata-ignore lifecycle-client-release: both connections go to the caller, which releases them (src/db/copy.ts)
      const first = await this.pool.connect();
      try {
        return [first, await this.pool.connect()];
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

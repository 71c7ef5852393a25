/**
 * Settings from the environment, validated once at start. No credentials live
 * in code: DATABASE_URL carries them.
 */
export interface Settings {
  /** The server the pools use: PostgreSQL itself, or PgBouncer in transaction mode in front of it (DATABASE_URL). */
  databaseUrl: string;
  /** PostgreSQL itself, for what needs a session: migrations and LISTEN (DATABASE_DIRECT_URL; DATABASE_URL when unset). */
  directDatabaseUrl: string;
  /** Connections the pools keep (DB_POOL_SIZE). */
  poolSize: number;
  /** Extra connections allowed under bursts (DB_MAX_OVERFLOW). */
  maxOverflow: number;
  /** How long a request waits for a connection before a 503, ms (DB_ACQUIRE_TIMEOUT_MS). */
  acquireTimeoutMs: number;
  /** Connections older than this are replaced, ms (DB_RECYCLE_MS). */
  recycleMs: number;
  /** Validate a connection before handing it out (DB_PRE_PING). */
  prePing: boolean;
  /** Server-side cap on any statement, ms (DB_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
  /** Log every SQL statement (DB_ECHO). */
  echo: boolean;
  /** Time to receive a whole request, headers and body, ms (HTTP_REQUEST_TIMEOUT_MS); it bounds COPY uploads too, so raise it for longer imports. */
  requestTimeoutMs: number;
  /** A socket with no traffic either way is closed after this, ms (HTTP_CONNECTION_TIMEOUT_MS). */
  connectionTimeoutMs: number;
  /** An idle keep-alive connection is closed after this, ms (HTTP_KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs: number;
  /** The largest JSON body accepted, bytes (HTTP_BODY_LIMIT); COPY uploads are streamed instead. */
  bodyLimit: number;
  /** At most this many related rows per relation per parent in `include=` (INCLUDE_LIMIT). */
  includeLimit: number;
  /** A COPY upload or download that moves no data for this long is aborted, ms (COPY_IDLE_TIMEOUT_MS). */
  copyIdleTimeoutMs: number;
  /** On SIGTERM, requests get this long to finish before connections are cut, ms (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  /** scrypt cost of stored secrets as log2(N) (SECRET_HASH_COST); stored hashes keep their own. */
  secretHashCost: number;
  host: string;
  port: number;
  logLevel: string;
}

/** A setting that is present but wrong stops the app with this error. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function int(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  // Plain decimal digits only, as the HTTP layer insists: 0x10 and " 5" are not numbers here either.
  const value = /^-?[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${key}=${JSON.stringify(raw)} is not a whole number from ${min} to ${max}`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${key}=${JSON.stringify(raw)} is not true or false`);
}

/** How long a migration may wait for a lock, and run one statement (0: no limit), in ms. */
export interface MigrationTimeouts {
  lockTimeoutMs: number;
  statementTimeoutMs: number;
}

/**
 * The migrator's timeouts (MIGRATION_LOCK_TIMEOUT_MS, default 5 s; MIGRATION_STATEMENT_TIMEOUT_MS,
 * default 0, as index builds may run long): an ALTER queued behind a long transaction would
 * otherwise hold up every query on its table while it waits.
 */
export function migrationTimeouts(env: NodeJS.ProcessEnv = process.env): MigrationTimeouts {
  return {
    lockTimeoutMs: int(env, 'MIGRATION_LOCK_TIMEOUT_MS', 5_000, 1, 3_600_000),
    statementTimeoutMs: int(env, 'MIGRATION_STATEMENT_TIMEOUT_MS', 0, 0, 86_400_000),
  };
}

/** Rows per transaction when a migration backfills a column (MIGRATION_BATCH_SIZE, default 1000): short transactions keep row locks short. */
export function migrationBatchSize(env: NodeJS.ProcessEnv = process.env): number {
  return int(env, 'MIGRATION_BATCH_SIZE', 1_000, 1, 1_000_000);
}

/** Reads and validates the settings; throws ConfigError naming the bad variable. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const databaseUrl = env.DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL must be set to a postgres:// URL (npm run dev starts an embedded PostgreSQL and sets it)',
    );
  }
  const directDatabaseUrl = env.DATABASE_DIRECT_URL ?? databaseUrl;
  if (!/^postgres(ql)?:\/\//.test(directDatabaseUrl)) {
    throw new ConfigError(
      'DATABASE_DIRECT_URL must be a postgres:// URL of the server itself (not a pooler), or unset',
    );
  }
  return {
    databaseUrl,
    directDatabaseUrl,
    poolSize: int(env, 'DB_POOL_SIZE', 5, 1, 1000),
    maxOverflow: int(env, 'DB_MAX_OVERFLOW', 10, 0, 1000),
    acquireTimeoutMs: int(env, 'DB_ACQUIRE_TIMEOUT_MS', 5_000, 1, 600_000),
    recycleMs: int(env, 'DB_RECYCLE_MS', 3_600_000, 1_000, 86_400_000),
    prePing: bool(env, 'DB_PRE_PING', true),
    statementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 30_000, 0, 86_400_000),
    echo: bool(env, 'DB_ECHO', false),
    requestTimeoutMs: int(env, 'HTTP_REQUEST_TIMEOUT_MS', 120_000, 1, 3_600_000),
    connectionTimeoutMs: int(env, 'HTTP_CONNECTION_TIMEOUT_MS', 30_000, 1, 3_600_000),
    keepAliveTimeoutMs: int(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000, 1, 3_600_000),
    bodyLimit: int(env, 'HTTP_BODY_LIMIT', 1_048_576, 1_024, 1_073_741_824),
    includeLimit: int(env, 'INCLUDE_LIMIT', 100, 1, 10_000),
    copyIdleTimeoutMs: int(env, 'COPY_IDLE_TIMEOUT_MS', 10_000, 1, 3_600_000),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000, 100, 600_000),
    secretHashCost: int(env, 'SECRET_HASH_COST', 17, 10, 20),
    host: env.HOST ?? '127.0.0.1',
    port: int(env, 'PORT', 3000, 0, 65_535),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

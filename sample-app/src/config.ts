/**
 * Settings from the environment, validated once at start. No credentials live
 * in code: DATABASE_URL carries them.
 */
export interface Settings {
  databaseUrl: string;
  /** Connections the pools keep (DB_POOL_SIZE). */
  poolSize: number;
  /** Extra connections allowed under bursts (DB_MAX_OVERFLOW). */
  maxOverflow: number;
  /** How long a request waits for a connection, ms (DB_ACQUIRE_TIMEOUT_MS). */
  acquireTimeoutMs: number;
  /** Connections older than this are replaced, ms (DB_RECYCLE_MS). */
  recycleMs: number;
  /** Validate a connection before handing it out (DB_PRE_PING). */
  prePing: boolean;
  /** Server-side cap on any statement, ms (DB_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
  /** Log every SQL statement (DB_ECHO). */
  echo: boolean;
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
  const value = Number(raw);
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

/** Reads and validates the settings; throws ConfigError naming the bad variable. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const databaseUrl = env.DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL must be set to a postgres:// URL (npm run dev starts an embedded PostgreSQL and sets it)',
    );
  }
  return {
    databaseUrl,
    poolSize: int(env, 'DB_POOL_SIZE', 5, 1, 1000),
    maxOverflow: int(env, 'DB_MAX_OVERFLOW', 10, 0, 1000),
    acquireTimeoutMs: int(env, 'DB_ACQUIRE_TIMEOUT_MS', 30_000, 1, 600_000),
    recycleMs: int(env, 'DB_RECYCLE_MS', 3_600_000, 1_000, 86_400_000),
    prePing: bool(env, 'DB_PRE_PING', true),
    statementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 30_000, 0, 86_400_000),
    echo: bool(env, 'DB_ECHO', false),
    host: env.HOST ?? '127.0.0.1',
    port: int(env, 'PORT', 3000, 0, 65_535),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

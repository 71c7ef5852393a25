import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings, migrationTimeouts } from '../src/config.ts';

describe('settings', () => {
  const url = 'postgres://u:p@127.0.0.1:5432/db';

  it('come from the environment, with defaults', () => {
    const s = loadSettings({ DATABASE_URL: url, DB_POOL_SIZE: '7', DB_ECHO: 'true' });
    expect(s).toMatchObject({
      databaseUrl: url,
      directDatabaseUrl: url,
      poolSize: 7,
      maxOverflow: 10,
      echo: true,
      prePing: true,
      statementTimeoutMs: 30_000,
    });
  });

  it.each([
    [{}, /DATABASE_URL/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ DATABASE_URL: url, DB_POOL_SIZE: 'many' }, /DB_POOL_SIZE="many"/],
    [{ DATABASE_URL: url, DB_POOL_SIZE: '0' }, /DB_POOL_SIZE/],
    [{ DATABASE_URL: url, DB_PRE_PING: 'maybe' }, /DB_PRE_PING="maybe"/],
    [{ DATABASE_URL: url, PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: url, PORT: '0x10' }, /PORT="0x10"/],
    [{ DATABASE_URL: url, DB_POOL_SIZE: ' 5' }, /DB_POOL_SIZE=" 5"/],
    [{ DATABASE_URL: url, DATABASE_DIRECT_URL: 'pgbouncer:6432' }, /DATABASE_DIRECT_URL/],
  ])('a bad value stops the app, naming the variable: %o', (env, message) => {
    expect(() => loadSettings(env)).toThrow(ConfigError);
    expect(() => loadSettings(env)).toThrow(message);
  });

  it('migrations and LISTEN take DATABASE_DIRECT_URL when a pooler is in DATABASE_URL', () => {
    const direct = 'postgres://u:p@127.0.0.1:5432/db';
    const s = loadSettings({ DATABASE_URL: 'postgres://u:p@127.0.0.1:6432/db', DATABASE_DIRECT_URL: direct });
    expect(s.directDatabaseUrl).toBe(direct);
  });

  it('the migrator waits at most 5 s for a lock and lets statements run, unless told otherwise', () => {
    expect(migrationTimeouts({})).toEqual({ lockTimeoutMs: 5_000, statementTimeoutMs: 0 });
    expect(migrationTimeouts({ MIGRATION_LOCK_TIMEOUT_MS: '250', MIGRATION_STATEMENT_TIMEOUT_MS: '60000' })).toEqual({
      lockTimeoutMs: 250,
      statementTimeoutMs: 60_000,
    });
    expect(() => migrationTimeouts({ MIGRATION_LOCK_TIMEOUT_MS: '0' })).toThrow(/MIGRATION_LOCK_TIMEOUT_MS="0"/);
    expect(() => migrationTimeouts({ MIGRATION_STATEMENT_TIMEOUT_MS: '5s' })).toThrow(ConfigError);
  });
});

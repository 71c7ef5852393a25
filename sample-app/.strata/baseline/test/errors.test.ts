import pg from 'pg';
import { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../src/errors.ts';
import { mapDatabaseError } from '../src/plugins/errors.ts';
import { createTestDatabase } from './helpers.ts';

// Real errors from a real PostgreSQL, through both data layers, onto the catalogue.
describe('database errors map onto the error catalogue', () => {
  let client: pg.Client;
  let sequelize: Sequelize;

  beforeAll(async () => {
    const url = await createTestDatabase('_errors');
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `CREATE TABLE t (id int PRIMARY KEY, name varchar(3) NOT NULL, n smallint, parent int REFERENCES t (id))`,
    );
    await client.query(`CREATE TABLE r (id int PRIMARY KEY, t_id int REFERENCES t (id) ON DELETE RESTRICT)`);
    await client.query(`INSERT INTO t (id, name) VALUES (1, 'a'), (9, 'r')`);
    await client.query(`INSERT INTO r (id, t_id) VALUES (1, 9)`);
    sequelize = new Sequelize(url, { logging: false });
  });
  afterAll(async () => {
    await client.end();
    await sequelize.close();
  });

  const cases: Array<[string, string, keyof typeof ERRORS, number]> = [
    ['unique', `INSERT INTO t (id, name) VALUES (1, 'b')`, 'UNIQUE_VIOLATION', 409],
    ['foreign key', `INSERT INTO t (id, name, parent) VALUES (2, 'b', 99)`, 'FOREIGN_KEY_VIOLATION', 409],
    [
      'still referenced',
      `INSERT INTO t (id, name, parent) VALUES (3, 'c', 1); DELETE FROM t WHERE id = 1`,
      'FOREIGN_KEY_VIOLATION',
      409,
    ],
    ['restrict', `DELETE FROM t WHERE id = 9`, 'FOREIGN_KEY_VIOLATION', 409],
    ['not null', `INSERT INTO t (id, name) VALUES (4, NULL)`, 'NOT_NULL_VIOLATION', 422],
    ['too long', `INSERT INTO t (id, name) VALUES (5, 'abcd')`, 'INVALID_INPUT', 400],
    ['bad format', `SELECT 'abc'::int`, 'INVALID_INPUT', 400],
    ['out of range', `INSERT INTO t (id, name, n) VALUES (6, 'f', 99999)`, 'INVALID_INPUT', 400],
    ['statement timeout', `SET LOCAL statement_timeout = 10; SELECT pg_sleep(1)`, 'DB_TIMEOUT', 503],
    ['NUL byte', `INSERT INTO t (id, name) VALUES (7, E'a\\x00')`, 'INVALID_INPUT', 400],
  ];

  it.each(cases)('%s through pg', async (_name, sql, code, status) => {
    const error = await client.query(`BEGIN; ${sql}`).catch((e: unknown) => e);
    await client.query('ROLLBACK');
    expect(mapDatabaseError(error)?.code).toBe(code);
    expect(ERRORS[code].statusCode).toBe(status);
  });

  it.each(cases.filter(([name]) => name !== 'statement timeout'))('%s through Sequelize', async (_name, sql, code) => {
    const error = await sequelize
      .transaction(async (transaction) => sequelize.query(sql, { transaction }))
      .catch((e: unknown) => e);
    expect(mapDatabaseError(error)?.code).toBe(code);
  });

  it('a refused connection is DB_UNAVAILABLE', async () => {
    const down = new pg.Client({ connectionString: 'postgres://postgres:postgres@127.0.0.1:1/none' });
    const error = await down.connect().catch((e: unknown) => e);
    expect(mapDatabaseError(error)?.code).toBe('DB_UNAVAILABLE');
  });

  it('a connection lost mid-query is DB_UNAVAILABLE, however the driver words it', () => {
    // What pg and Sequelize raised while the server was killed (see the kill -9 drill in the sample app).
    const seen = [
      new Error('Client has encountered a connection error and is not queryable'),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      {
        name: 'SequelizeDatabaseError',
        message: 'x',
        parent: { code: '57P01', message: 'terminating connection due to unexpected postmaster exit' },
      },
      { name: 'SequelizeDatabaseError', message: 'x', parent: { message: 'Connection terminated unexpectedly' } },
    ];
    for (const error of seen) expect(mapDatabaseError(error)?.code).toBe('DB_UNAVAILABLE');
  });

  it('anything else is not a database error', () => {
    expect(mapDatabaseError(new Error('boom'))).toBeUndefined();
  });
});

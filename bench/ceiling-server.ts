// The ceiling the generated service is measured against: a minimal Fastify + pg server that
// serves the same rows of users and creates the same tags, with the same response schemas and
// the same pool size, and nothing else (no ORM, no transaction around the one INSERT, no
// includes). Started by bench/http.ts.
import Fastify from 'fastify';
import pg from 'pg';

/** The API's user, as the generated app's UserSchema describes it. */
const User = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    email: { type: 'string' },
    username: { type: 'string' },
    isActive: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** The API's tag (bench/http.ts creates them). */
const Tag = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    createdById: { type: ['integer', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const COLUMNS = 'id::int AS id, email, username, is_active AS "isActive", created_at AS "createdAt", updated_at AS "updatedAt"';

/** Listens on the given port until the process ends. */
export async function startCeiling(databaseUrl: string, port: number, poolSize: number): Promise<() => Promise<void>> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const app = Fastify({ logger: false });
  app.get<{ Params: { id: string } }>(
    '/users/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } }, response: { 200: User } } },
    async (request, reply) => {
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [request.params.id]);
      return rows[0] ?? reply.status(404).send({ message: 'not found' });
    },
  );
  app.get<{ Querystring: { limit: number; offset: number } }>(
    '/users',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 }, offset: { type: 'integer', minimum: 0, default: 0 } },
        },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: User }, total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' } },
          },
        },
      },
    },
    async (request) => {
      const { limit, offset } = request.query;
      const [page, count] = await Promise.all([
        pool.query(`SELECT ${COLUMNS} FROM users ORDER BY id LIMIT $1 OFFSET $2`, [limit, offset]),
        pool.query('SELECT count(*)::int AS n FROM users'),
      ]);
      return { items: page.rows, total: count.rows[0].n, limit, offset };
    },
  );
  app.post<{ Body: { name: string; createdById: number | null } }>(
    '/tags',
    {
      schema: {
        body: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', maxLength: 50 }, createdById: { type: ['integer', 'null'], minimum: 1 } },
          additionalProperties: false,
        },
        response: { 201: Tag },
      },
    },
    async (request, reply) => {
      const { rows } = await pool.query(
        'INSERT INTO tags (name, created_by_id, created_at, updated_at) VALUES ($1, $2, now(), now()) RETURNING id::int AS id, name, created_by_id::int AS "createdById", created_at AS "createdAt", updated_at AS "updatedAt"',
        [request.body.name, request.body.createdById ?? null],
      );
      return reply.status(201).send(rows[0]);
    },
  );
  await app.listen({ host: '127.0.0.1', port });
  return async () => {
    await app.close();
    await pool.end();
  };
}

// Run as a process of its own (bench/http.ts): DATABASE_URL, PORT and DB_POOL_SIZE from the environment.
if (process.argv[1]?.endsWith('ceiling-server.ts')) {
  const stop = await startCeiling(process.env.DATABASE_URL ?? '', Number(process.env.PORT), Number(process.env.DB_POOL_SIZE ?? 5));
  // A clean exit on a signal (closes the pool, and lets --cpu-prof write its profile).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(0)));
  console.log('listening');
}

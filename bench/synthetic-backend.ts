// Writes a synthetic Express/Fastify + Sequelize + pg backend of about `files` source files, in the
// shapes real backends have: define()/init()/class models, repositories, services, routes,
// raw query modules, migrations and helpers, importing each other. A few findings are planted.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILES_PER_FEATURE = 7;

function model(i: number): string {
  const prev = i > 0 ? `\n  Item${i}.belongsTo(Item${i - 1}, { foreignKey: 'parent_id', onDelete: 'CASCADE' });` : '';
  return `import { DataTypes, Model, type Sequelize } from 'sequelize';

/** Item ${i}: a row of the catalogue. */
export class Item${i} extends Model {
  declare id: number;
  declare name: string;
  declare status: string;
  declare parentId: number | null;
}

export function initItem${i}(sequelize: Sequelize): void {
  Item${i}.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.STRING(120), allowNull: false },
      status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'new' },
      parentId: { type: DataTypes.INTEGER, allowNull: true, field: 'parent_id' },
    },
    { sequelize, tableName: 'items_${i}', underscored: true, indexes: [{ name: 'idx_items_${i}_parent_id', fields: ['parent_id'] }, { name: 'idx_items_${i}_status', fields: ['status'] }] },
  );
}

export function associateItem${i}(): void {${prev}
}
`;
}

function repository(i: number): string {
  return `import { Op, type Transaction } from 'sequelize';
import { Item${i} } from '../models/item-${i}';

/** Persistence of Item${i}. */
export class Item${i}Repository {
  async page(status: string | undefined, limit: number, offset: number): Promise<Item${i}[]> {
    return Item${i}.findAll({ where: status ? { status } : {}, limit, offset, order: [['id', 'ASC']] });
  }

  async byId(id: number, transaction?: Transaction): Promise<Item${i} | null> {
    return Item${i}.findByPk(id, { transaction });
  }

  async byIds(ids: number[]): Promise<Item${i}[]> {
    return Item${i}.findAll({ where: { id: { [Op.in]: ids } } });
  }

  async create(name: string, transaction?: Transaction): Promise<Item${i}> {
    return Item${i}.create({ name }, { transaction });
  }

  async rename(id: number, name: string, transaction?: Transaction): Promise<number> {
    const [n] = await Item${i}.update({ name }, { where: { id }, transaction });
    return n;
  }
}
`;
}

function service(i: number): string {
  // Every tenth service loops over a repository call: an N+1 two calls away.
  const perRow =
    i % 10 === 0
      ? `
  async names(ids: number[]): Promise<string[]> {
    const out: string[] = [];
    for (const id of ids) {
      const row = await this.repo.byId(id);
      out.push(row?.name ?? '');
    }
    return out;
  }
`
      : `
  async names(ids: number[]): Promise<string[]> {
    return (await this.repo.byIds(ids.slice(0, 100))).map((r) => r.name);
  }
`;
  return `import type { Sequelize } from 'sequelize';
import { Item${i}Repository } from '../repositories/item-${i}-repository';
import { clampLimit } from '../lib/paging-${i % 50}';

/** Business rules of Item${i}. */
export class Item${i}Service {
  private readonly repo = new Item${i}Repository();

  constructor(private readonly sequelize: Sequelize) {}

  async list(status: string | undefined, limit: unknown, offset: unknown) {
    return this.repo.page(status, clampLimit(limit), Math.max(0, Number(offset) || 0));
  }
${perRow}
  async copy(id: number): Promise<number> {
    return this.sequelize.transaction(async (transaction) => {
      const row = await this.repo.byId(id, transaction);
      if (!row) throw new Error('not found');
      const copy = await this.repo.create(row.name, transaction);
      await this.repo.rename(row.id, row.name + ' (copied)', transaction);
      return copy.id;
    });
  }
}
`;
}

function route(i: number): string {
  if (i % 2 === 0) {
    return `import { Router } from 'express';
import type { Item${i}Service } from '../services/item-${i}-service';

/** HTTP routes of Item${i}. */
export function item${i}Routes(service: Item${i}Service): Router {
  const router = Router();
  router.get('/items-${i}', async (req, res) => {
    res.json(await service.list(req.query.status as string | undefined, req.query.limit, req.query.offset));
  });
  router.post('/items-${i}/:id/copy', async (req, res) => {
    res.status(201).json({ id: await service.copy(Number(req.params.id)) });
  });
  router.post('/items-${i}/names', async (req, res) => {
    res.json(await service.names(req.body.ids));
  });
  return router;
}
`;
  }
  return `import type { FastifyInstance } from 'fastify';
import type { Item${i}Service } from '../services/item-${i}-service';

/** HTTP routes of Item${i}. */
export async function item${i}Routes(app: FastifyInstance, service: Item${i}Service): Promise<void> {
  app.get('/items-${i}', async (request) => {
    const q = request.query as { status?: string; limit?: string; offset?: string };
    return service.list(q.status, q.limit, q.offset);
  });
  app.post('/items-${i}/:id/copy', async (request, reply) => {
    const { id } = request.params as { id: string };
    reply.code(201);
    return { id: await service.copy(Number(id)) };
  });
  app.post('/items-${i}/names', async (request) => service.names((request.body as { ids: number[] }).ids));
}
`;
}

function query(i: number): string {
  return `import type { Pool } from 'pg';

/** Reports over items_${i}, in SQL. */
export async function statusCounts${i}(pool: Pool, since: Date): Promise<Array<{ status: string; n: number }>> {
  const { rows } = await pool.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM items_${i} WHERE created_at >= $1 GROUP BY status ORDER BY status',
    [since],
  );
  return rows;
}

export async function insertMany${i}(pool: Pool, names: string[]): Promise<number> {
  const { rowCount } = await pool.query('INSERT INTO items_${i} (name) SELECT unnest($1::varchar[])', [names]);
  return rowCount ?? 0;
}
`;
}

function migration(i: number): string {
  return `import type { QueryInterface } from 'sequelize';
import { DataTypes } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('items_${i}', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    name: { type: DataTypes.STRING(120), allowNull: false },
    status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'new' },
    parent_id: { type: DataTypes.INTEGER, allowNull: true${i > 0 ? `, references: { model: 'items_${i - 1}', key: 'id' }, onDelete: 'CASCADE'` : ''} },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('items_${i}', ['parent_id'], { name: 'idx_items_${i}_parent_id' });
  await qi.addIndex('items_${i}', ['status'], { name: 'idx_items_${i}_status' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('items_${i}');
}
`;
}

function helper(i: number): string {
  return `/** Paging helpers (${i}). */
export function clampLimit(raw: unknown, max = 100): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : 20;
}

export function slug${i}(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
`;
}

/** Writes the backend under dir/src and returns the number of source files. */
export function writeSyntheticBackend(dir: string, files = 1500): number {
  const features = Math.ceil(files / FILES_PER_FEATURE);
  const write = (rel: string, text: string) => {
    const abs = path.join(dir, 'src', rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  };
  let count = 0;
  for (let i = 0; i < features && count < files; i++) {
    const parts: Array<[string, string]> = [
      [`models/item-${i}.ts`, model(i)],
      [`repositories/item-${i}-repository.ts`, repository(i)],
      [`services/item-${i}-service.ts`, service(i)],
      [`routes/item-${i}.ts`, route(i)],
      [`queries/item-${i}-reports.ts`, query(i)],
      [`migrations/${String(20240101000000 + i)}-items-${i}.ts`, migration(i)],
      [`lib/paging-${i}.ts`, helper(i)],
    ];
    for (const [rel, text] of parts) {
      if (count >= files) break;
      write(rel, text);
      count++;
    }
  }
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify(
      { compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true }, include: ['src'] },
      null,
      2,
    ),
  );
  return count;
}

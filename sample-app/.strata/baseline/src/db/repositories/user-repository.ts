import { type CreationAttributes, type InferAttributes, type WhereOptions } from 'sequelize';
import { User } from '../models/user.ts';
import { insertRow, insertsDirectly } from './inserts.ts';
import { readById, readPage, whereOf, type PageRequest } from './reads.ts';
import { visibleValues } from './shapes.ts';
import { includesFor, link, listRelated, loadManyToMany, relationsOf, unlink, type RelationInfo } from './relations.ts';
import { likePattern, NO_INCLUDE, type Include, type ListQuery, type Page, type RepoOptions } from './types.ts';

/** What may be written to one User. */
export interface UserInput {
  email: string;
  username: string;
  hashedPassword: string;
  isActive?: boolean;
}

/** One User as plain values, as reads return it: the hashed secrets are never read. */
export type UserRow = Omit<InferAttributes<User>, 'hashedPassword'>;

/** Equality filters a list may apply; the route whitelists them. */
export interface UserFilters {
  email?: string;
  username?: string;
  isActive?: boolean;
}

/** The attributes ?search= looks in (case-insensitive, wildcards taken literally). */
const SEARCHABLE = ['email', 'username'];

/** Persistence of users only: no business rules, nothing HTTP. */
export class UserRepository {
  /** The relations of User: the whitelist for include. */
  relations(): RelationInfo[] {
    return relationsOf(User);
  }

  /** One row by primary key with relations loaded eagerly, or locked FOR UPDATE in the caller's transaction. */
  async getById(id: number, options: RepoOptions & { lock?: boolean; include?: Include } = {}): Promise<User | null> {
    const include = options.include ?? NO_INCLUDE;
    const row = await User.findByPk(id, {
      transaction: options.transaction,
      lock: options.lock,
      include: includesFor(User, include),
    });
    if (row) await loadManyToMany(User, [row], include, options.transaction);
    return row;
  }

  /** The hashed secrets of one row (the default scope never reads them), for verification only. */
  async getSecrets(id: number, options: RepoOptions = {}): Promise<User | null> {
    return User.scope('withSecrets').findByPk(id, {
      attributes: ['id', 'hashedPassword'],
      transaction: options.transaction,
    });
  }

  /** One row as plain values with relations loaded eagerly; hidden fields are never read. */
  async read(id: number, include: Include = NO_INCLUDE, options: RepoOptions = {}): Promise<UserRow | null> {
    if (include.names.length === 0) {
      const row = await readById<UserRow>(User, id, options.transaction);
      if (row !== undefined) return row;
    }
    const row = await this.getById(id, { ...options, include });
    return row ? (row.get({ plain: true }) as UserRow) : null;
  }

  /** One page of plain rows matching the filters with relations loaded eagerly (a fixed number of queries), and the total. */
  async list(query: ListQuery<UserFilters>, options: RepoOptions = {}): Promise<Page<UserRow>> {
    const include = query.include ?? NO_INCLUDE;
    const request: PageRequest = {
      filters: { ...query.filters },
      sort: query.sort,
      limit: query.limit,
      offset: query.offset,
      search: query.search ? { pattern: likePattern(query.search), attributes: SEARCHABLE } : undefined,
    };
    if (include.names.length === 0) {
      const page = await readPage<UserRow>(User, request, options.transaction);
      if (page) return page;
    }
    const where = whereOf(request) as WhereOptions<User>;
    const count = await User.count({ where, transaction: options.transaction });
    const rows: User[] = await User.findAll({
      where,
      limit: query.limit,
      offset: query.offset,
      order: query.sort,
      include: includesFor(User, include),
      transaction: options.transaction,
    });
    await loadManyToMany(User, rows, include, options.transaction);
    return { rows: rows.map((row) => row.get({ plain: true }) as UserRow), count };
  }

  /** One page of a has-many relation of one row. */
  async listRelated(
    id: number,
    name: string,
    page: { limit: number; offset: number },
    options: RepoOptions = {},
  ): Promise<Page<unknown>> {
    const { rows, count } = await listRelated(User, id, name, page, options.transaction);
    return { rows: rows.map((row) => row.get({ plain: true })), count };
  }

  /** Links a row to another through a many-to-many relation (idempotent). */
  async link(id: number, name: string, targetId: number, options: RepoOptions = {}): Promise<void> {
    await link(User, id, name, targetId, options.transaction);
  }

  /** Removes a many-to-many link; false when there was none. */
  async unlink(id: number, name: string, targetId: number, options: RepoOptions = {}): Promise<boolean> {
    return unlink(User, id, name, targetId, options.transaction);
  }

  /** Whether insert writes the row itself in one statement; otherwise the ORM's create runs the model's hooks with it. */
  insertsDirectly(): boolean {
    return insertsDirectly(User);
  }

  /** Inserts one row and returns it as plain values, as stored (defaults included, hidden fields never read back). */
  async insert(values: UserInput, options: RepoOptions = {}): Promise<UserRow> {
    const row = await insertRow<UserRow>(User, { ...values }, options.transaction);
    return row ?? visibleValues<UserRow>(User, await this.create(values, options));
  }

  /** Inserts one row and returns it as stored (defaults included). */
  async create(values: UserInput, options: RepoOptions = {}): Promise<User> {
    return User.create(values as CreationAttributes<User>, { transaction: options.transaction });
  }

  /** Writes the given attributes of a row. */
  async update(row: User, values: Partial<UserInput>, options: RepoOptions = {}): Promise<User> {
    return row.update(values as Partial<CreationAttributes<User>>, { transaction: options.transaction });
  }

  /** Deletes a row. */
  async delete(row: User, options: RepoOptions = {}): Promise<void> {
    await row.destroy({ transaction: options.transaction });
  }

  /** Inserts many rows in one statement. */
  async bulkCreate(values: UserInput[], options: RepoOptions = {}): Promise<User[]> {
    return User.bulkCreate(values as CreationAttributes<User>[], { transaction: options.transaction });
  }
}

import { Op, type CreationAttributes, type WhereOptions } from 'sequelize';
import { User } from '../models/user.ts';
import { likePattern, type ListQuery, type Page, type RepoOptions } from './types.ts';

/** What may be written to one User. */
export interface UserInput {
  email: string;
  username: string;
  hashedPassword: string;
  isActive?: boolean;
}

/** Equality filters a list may apply; the route whitelists them. */
export interface UserFilters {
  email?: string;
  username?: string;
  isActive?: boolean;
}

/** Persistence of users only: no business rules, nothing HTTP. */
export class UserRepository {
  /** One row by primary key, optionally locked FOR UPDATE in the caller's transaction. */
  async getById(id: number, options: RepoOptions & { lock?: boolean } = {}): Promise<User | null> {
    return User.findByPk(id, { transaction: options.transaction, lock: options.lock });
  }

  /** One page of rows matching the filters, and the total that matched. */
  async list(query: ListQuery<UserFilters>, options: RepoOptions = {}): Promise<Page<User>> {
    const where: Record<string | symbol, unknown> = {};
    for (const [key, value] of Object.entries(query.filters)) {
      if (value !== undefined) where[key] = value;
    }
    if (query.search) {
      const pattern = likePattern(query.search);
      where[Op.or] = [{ email: { [Op.iLike]: pattern } }, { username: { [Op.iLike]: pattern } }];
    }
    return User.findAndCountAll({
      where: where as WhereOptions<User>,
      limit: query.limit,
      offset: query.offset,
      order: query.sort,
      transaction: options.transaction,
    });
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

import type { InferAttributes } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import type { User } from '../db/models/user.ts';
import { UserRepository, type UserFilters, type UserInput } from '../db/repositories/user-repository.ts';
import type { RelationInfo } from '../db/repositories/relations.ts';
import type { ListQuery } from '../db/repositories/types.ts';
import { NotFoundError, rethrowConflict } from '../errors.ts';

/** User as plain data (routes drop hidden fields when they serialize it). */
export type UserData = InferAttributes<User>;

/** Business rules for users. Every write runs in a transaction this service owns. */
export class UserService {
  private readonly sequelize: Sequelize;
  private readonly repo = new UserRepository();

  constructor(sequelize: Sequelize) {
    this.sequelize = sequelize;
  }

  /** The relations a caller may include. */
  relations(): RelationInfo[] {
    return this.repo.relations();
  }

  /** One User with the given relations; NotFoundError when absent. */
  async get(id: number, include: string[] = []): Promise<UserData> {
    const row = await this.repo.getById(id, { include });
    if (!row) throw new NotFoundError('User', id);
    return row.get({ plain: true });
  }

  /** A page of users and the total that matched. */
  async list(query: ListQuery<UserFilters>): Promise<{ items: UserData[]; total: number }> {
    const { rows, count } = await this.repo.list(query);
    return { items: rows.map((row) => row.get({ plain: true })), total: count };
  }

  /** A page of a has-many relation; NotFoundError when the User is absent. */
  async listRelated(
    id: number,
    name: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: unknown[]; total: number }> {
    if (!(await this.repo.getById(id))) throw new NotFoundError('User', id);
    const { rows, count } = await this.repo.listRelated(id, name, page);
    return { items: rows, total: count };
  }

  /** Links a User to a related row (idempotent); NotFoundError when the User is absent. */
  async link(id: number, name: string, targetId: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      if (!(await this.repo.getById(id, { transaction }))) throw new NotFoundError('User', id);
      await this.repo.link(id, name, targetId, { transaction });
    });
  }

  /** Removes a link; NotFoundError when the User or the link is absent. */
  async unlink(id: number, name: string, targetId: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      if (!(await this.repo.unlink(id, name, targetId, { transaction })))
        throw new NotFoundError(`User ${id} link`, targetId);
    });
  }

  /** Creates one User; ConflictError when a unique field is taken. */
  async create(values: UserInput): Promise<UserData> {
    return this.sequelize
      .transaction(async (transaction) => {
        const row = await this.repo.create(values, { transaction });
        return row.get({ plain: true });
      })
      .catch(rethrowConflict('User'));
  }

  /** Changes one User, locked for the length of the transaction; NotFoundError or ConflictError. */
  async update(id: number, values: Partial<UserInput>): Promise<UserData> {
    return this.sequelize
      .transaction(async (transaction) => {
        const row = await this.repo.getById(id, { transaction, lock: true });
        if (!row) throw new NotFoundError('User', id);
        await this.repo.update(row, values, { transaction });
        return row.get({ plain: true });
      })
      .catch(rethrowConflict('User'));
  }

  /** Deletes one User; NotFoundError when absent. */
  async remove(id: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      const row = await this.repo.getById(id, { transaction, lock: true });
      if (!row) throw new NotFoundError('User', id);
      await this.repo.delete(row, { transaction });
    });
  }
}

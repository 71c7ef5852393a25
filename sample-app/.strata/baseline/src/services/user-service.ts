import type { Sequelize } from 'sequelize-typescript';
import type { User } from '../db/models/user.ts';
import { UserRepository, type UserFilters, type UserInput, type UserRow } from '../db/repositories/user-repository.ts';
import type { RelationInfo } from '../db/repositories/relations.ts';
import type { Include, ListQuery } from '../db/repositories/types.ts';
import { NotFoundError, rethrowConflict } from '../errors.ts';
import { verifySecret, type SecretHasher } from '../security/secrets.ts';

/** User as plain data, without its hashed secrets (routes also drop hidden fields when they serialize it). */
export type UserData = UserRow;

/** What a caller gives to create a User: secrets in plain text, which only their hashes outlive. */
export type UserBody = Omit<UserInput, 'hashedPassword'> & {
  password: string;
};

/** Business rules for users. Every write of more than one statement runs in a transaction this service owns. */
export class UserService {
  private readonly sequelize: Sequelize;
  private readonly repo = new UserRepository();
  private readonly secrets: SecretHasher;

  constructor(sequelize: Sequelize, secrets: SecretHasher) {
    this.sequelize = sequelize;
    this.secrets = secrets;
  }

  /** The values to store: each secret replaced by its salted hash (worked out before any transaction opens). */
  private async stored<T extends Partial<UserBody>>(values: T): Promise<Partial<UserInput>> {
    const { password, ...rest } = values;
    return {
      ...rest,
      ...(password === undefined ? {} : { hashedPassword: await this.secrets.hash(password) }),
    };
  }

  /** Plain data without the hashes, whatever the row holds. */
  private data(row: User): UserData {
    const { hashedPassword: _hashedPassword, ...data } = row.get({ plain: true });
    return data;
  }

  /** Whether password is the User's password (for a login); false when the User or the hash is absent. */
  async verifyPassword(id: number, password: string): Promise<boolean> {
    const row = await this.repo.getSecrets(id);
    return verifySecret(password, row?.hashedPassword);
  }

  /** The relations a caller may include. */
  relations(): RelationInfo[] {
    return this.repo.relations();
  }

  /** One User with the given relations; NotFoundError when absent. */
  async get(id: number, include?: Include): Promise<UserData> {
    const row = await this.repo.read(id, include);
    if (!row) throw new NotFoundError('User', id);
    return row;
  }

  /** A page of users and the total that matched. */
  async list(query: ListQuery<UserFilters>): Promise<{ items: UserData[]; total: number }> {
    const { rows, count } = await this.repo.list(query);
    return { items: rows, total: count };
  }

  /** A page of a has-many relation; NotFoundError when the User is absent. */
  async listRelated(
    id: number,
    name: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: unknown[]; total: number }> {
    if (!(await this.repo.read(id))) throw new NotFoundError('User', id);
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

  /**
   * Creates one User; ConflictError when a unique field is taken. One INSERT is atomic
   * on its own, so it runs without BEGIN and COMMIT (two round trips fewer). When the model has
   * hooks, the ORM's create runs them in a transaction with the INSERT. A rule that adds a
   * second write wraps both in this.sequelize.transaction (strata check's tx-multi-step-write
   * reports one that does not).
   */
  async create(values: UserBody): Promise<UserData> {
    const stored = (await this.stored(values)) as UserInput;
    const inserted = this.repo.insertsDirectly()
      ? this.repo.insert(stored)
      : this.sequelize.transaction((transaction) => this.repo.insert(stored, { transaction }));
    return inserted.catch(rethrowConflict('User'));
  }

  /** Changes one User, locked for the length of the transaction; NotFoundError or ConflictError. */
  async update(id: number, values: Partial<UserBody>): Promise<UserData> {
    const stored = await this.stored(values);
    return this.sequelize
      .transaction(async (transaction) => {
        const row = await this.repo.getById(id, { transaction, lock: true });
        if (!row) throw new NotFoundError('User', id);
        await this.repo.update(row, stored, { transaction });
        return this.data(row);
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

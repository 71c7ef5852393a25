import type { Sequelize } from 'sequelize-typescript';
import type { Subscription } from '../db/models/subscription.ts';
import {
  SubscriptionRepository,
  type SubscriptionFilters,
  type SubscriptionInput,
  type SubscriptionRow,
} from '../db/repositories/subscription-repository.ts';
import type { RelationInfo } from '../db/repositories/relations.ts';
import type { Include, ListQuery } from '../db/repositories/types.ts';
import { NotFoundError, rethrowConflict } from '../errors.ts';

/** Subscription as plain data (routes drop hidden fields when they serialize it). */
export type SubscriptionData = SubscriptionRow;

/** What a caller gives to create a Subscription. */
export type SubscriptionBody = SubscriptionInput;

/** Business rules for subscriptions. Every write of more than one statement runs in a transaction this service owns. */
export class SubscriptionService {
  private readonly sequelize: Sequelize;
  private readonly repo = new SubscriptionRepository();

  constructor(sequelize: Sequelize) {
    this.sequelize = sequelize;
  }

  /** Plain data of a row. */
  private data(row: Subscription): SubscriptionData {
    return row.get({ plain: true });
  }

  /** The relations a caller may include. */
  relations(): RelationInfo[] {
    return this.repo.relations();
  }

  /** One Subscription with the given relations; NotFoundError when absent. */
  async get(id: number, include?: Include): Promise<SubscriptionData> {
    const row = await this.repo.read(id, include);
    if (!row) throw new NotFoundError('Subscription', id);
    return row;
  }

  /** A page of subscriptions and the total that matched. */
  async list(query: ListQuery<SubscriptionFilters>): Promise<{ items: SubscriptionData[]; total: number }> {
    const { rows, count } = await this.repo.list(query);
    return { items: rows, total: count };
  }

  /** A page of a has-many relation; NotFoundError when the Subscription is absent. */
  async listRelated(
    id: number,
    name: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: unknown[]; total: number }> {
    if (!(await this.repo.read(id))) throw new NotFoundError('Subscription', id);
    const { rows, count } = await this.repo.listRelated(id, name, page);
    return { items: rows, total: count };
  }

  /** Links a Subscription to a related row (idempotent); NotFoundError when the Subscription is absent. */
  async link(id: number, name: string, targetId: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      if (!(await this.repo.getById(id, { transaction }))) throw new NotFoundError('Subscription', id);
      await this.repo.link(id, name, targetId, { transaction });
    });
  }

  /** Removes a link; NotFoundError when the Subscription or the link is absent. */
  async unlink(id: number, name: string, targetId: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      if (!(await this.repo.unlink(id, name, targetId, { transaction })))
        throw new NotFoundError(`Subscription ${id} link`, targetId);
    });
  }

  /**
   * Creates one Subscription; ConflictError when a unique field is taken. One INSERT is atomic
   * on its own, so it runs without BEGIN and COMMIT (two round trips fewer). When the model has
   * hooks, the ORM's create runs them in a transaction with the INSERT. A rule that adds a
   * second write wraps both in this.sequelize.transaction (strata check's tx-multi-step-write
   * reports one that does not).
   */
  async create(values: SubscriptionBody): Promise<SubscriptionData> {
    const stored = values;
    const inserted = this.repo.insertsDirectly()
      ? this.repo.insert(stored)
      : this.sequelize.transaction((transaction) => this.repo.insert(stored, { transaction }));
    return inserted.catch(rethrowConflict('Subscription'));
  }

  /** Changes one Subscription, locked for the length of the transaction; NotFoundError or ConflictError. */
  async update(id: number, values: Partial<SubscriptionBody>): Promise<SubscriptionData> {
    const stored = values;
    return this.sequelize
      .transaction(async (transaction) => {
        const row = await this.repo.getById(id, { transaction, lock: true });
        if (!row) throw new NotFoundError('Subscription', id);
        await this.repo.update(row, stored, { transaction });
        return this.data(row);
      })
      .catch(rethrowConflict('Subscription'));
  }

  /** Deletes one Subscription; NotFoundError when absent. */
  async remove(id: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      const row = await this.repo.getById(id, { transaction, lock: true });
      if (!row) throw new NotFoundError('Subscription', id);
      await this.repo.delete(row, { transaction });
    });
  }
}

import type { Sequelize } from 'sequelize-typescript';
import type { Tag } from '../db/models/tag.ts';
import { TagRepository, type TagFilters, type TagInput, type TagRow } from '../db/repositories/tag-repository.ts';
import type { RelationInfo } from '../db/repositories/relations.ts';
import type { Include, ListQuery } from '../db/repositories/types.ts';
import { NotFoundError, rethrowConflict } from '../errors.ts';

/** Tag as plain data (routes drop hidden fields when they serialize it). */
export type TagData = TagRow;

/** What a caller gives to create a Tag. */
export type TagBody = TagInput;

/** Business rules for tags. Every write of more than one statement runs in a transaction this service owns. */
export class TagService {
  private readonly sequelize: Sequelize;
  private readonly repo = new TagRepository();

  constructor(sequelize: Sequelize) {
    this.sequelize = sequelize;
  }

  /** Plain data of a row. */
  private data(row: Tag): TagData {
    return row.get({ plain: true });
  }

  /** The relations a caller may include. */
  relations(): RelationInfo[] {
    return this.repo.relations();
  }

  /** One Tag with the given relations; NotFoundError when absent. */
  async get(id: number, include?: Include): Promise<TagData> {
    const row = await this.repo.read(id, include);
    if (!row) throw new NotFoundError('Tag', id);
    return row;
  }

  /** A page of tags and the total that matched. */
  async list(query: ListQuery<TagFilters>): Promise<{ items: TagData[]; total: number }> {
    const { rows, count } = await this.repo.list(query);
    return { items: rows, total: count };
  }

  /** A page of a has-many relation; NotFoundError when the Tag is absent. */
  async listRelated(
    id: number,
    name: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: unknown[]; total: number }> {
    if (!(await this.repo.read(id))) throw new NotFoundError('Tag', id);
    const { rows, count } = await this.repo.listRelated(id, name, page);
    return { items: rows, total: count };
  }

  /** Links a Tag to a related row (idempotent); NotFoundError when the Tag is absent. */
  async link(id: number, name: string, targetId: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      if (!(await this.repo.getById(id, { transaction }))) throw new NotFoundError('Tag', id);
      await this.repo.link(id, name, targetId, { transaction });
    });
  }

  /** Removes a link; NotFoundError when the Tag or the link is absent. */
  async unlink(id: number, name: string, targetId: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      if (!(await this.repo.unlink(id, name, targetId, { transaction })))
        throw new NotFoundError(`Tag ${id} link`, targetId);
    });
  }

  /**
   * Creates one Tag; ConflictError when a unique field is taken. One INSERT is atomic
   * on its own, so it runs without BEGIN and COMMIT (two round trips fewer). When the model has
   * hooks, the ORM's create runs them in a transaction with the INSERT. A rule that adds a
   * second write wraps both in this.sequelize.transaction (strata check's tx-multi-step-write
   * reports one that does not).
   */
  async create(values: TagBody): Promise<TagData> {
    const stored = values;
    const inserted = this.repo.insertsDirectly()
      ? this.repo.insert(stored)
      : this.sequelize.transaction((transaction) => this.repo.insert(stored, { transaction }));
    return inserted.catch(rethrowConflict('Tag'));
  }

  /** Changes one Tag, locked for the length of the transaction; NotFoundError or ConflictError. */
  async update(id: number, values: Partial<TagBody>): Promise<TagData> {
    const stored = values;
    return this.sequelize
      .transaction(async (transaction) => {
        const row = await this.repo.getById(id, { transaction, lock: true });
        if (!row) throw new NotFoundError('Tag', id);
        await this.repo.update(row, stored, { transaction });
        return this.data(row);
      })
      .catch(rethrowConflict('Tag'));
  }

  /** Deletes one Tag; NotFoundError when absent. */
  async remove(id: number): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      const row = await this.repo.getById(id, { transaction, lock: true });
      if (!row) throw new NotFoundError('Tag', id);
      await this.repo.delete(row, { transaction });
    });
  }
}

import { type CreationAttributes, type InferAttributes, type WhereOptions } from 'sequelize';
import { Subscription } from '../models/subscription.ts';
import { insertRow, insertsDirectly } from './inserts.ts';
import { readById, readPage, whereOf, type PageRequest } from './reads.ts';
import { visibleValues } from './shapes.ts';
import { includesFor, link, listRelated, loadManyToMany, relationsOf, unlink, type RelationInfo } from './relations.ts';
import { likePattern, NO_INCLUDE, type Include, type ListQuery, type Page, type RepoOptions } from './types.ts';

/** What may be written to one Subscription. */
export interface SubscriptionInput {
  plan?: 'free' | 'pro' | 'team';
  seats?: number;
  usageBytes?: string;
  discountRate?: number | null;
  price: string;
  autoRenew?: boolean;
  startsOn: string;
  renewedAt?: Date | string | null;
  externalId?: string;
  metadata?: unknown | null;
  notes?: string | null;
  couponCode?: string | null;
  internalNote: string;
  tokenLimit?: number;
  ownerId: number;
}

/** One Subscription as plain values, as reads return it. */
export type SubscriptionRow = InferAttributes<Subscription>;

/** Equality filters a list may apply; the route whitelists them. */
export interface SubscriptionFilters {
  plan?: 'free' | 'pro' | 'team';
  autoRenew?: boolean;
  externalId?: string;
  couponCode?: string | null;
  ownerId?: number;
}

/** The attributes ?search= looks in (case-insensitive, wildcards taken literally). */
const SEARCHABLE = ['couponCode'];

/** Persistence of subscriptions only: no business rules, nothing HTTP. */
export class SubscriptionRepository {
  /** The relations of Subscription: the whitelist for include. */
  relations(): RelationInfo[] {
    return relationsOf(Subscription);
  }

  /** One row by primary key with relations loaded eagerly, or locked FOR UPDATE in the caller's transaction. */
  async getById(
    id: number,
    options: RepoOptions & { lock?: boolean; include?: Include } = {},
  ): Promise<Subscription | null> {
    const include = options.include ?? NO_INCLUDE;
    const row = await Subscription.findByPk(id, {
      transaction: options.transaction,
      lock: options.lock,
      include: includesFor(Subscription, include),
    });
    if (row) await loadManyToMany(Subscription, [row], include, options.transaction);
    return row;
  }

  /** One row as plain values with relations loaded eagerly; hidden fields are never read. */
  async read(id: number, include: Include = NO_INCLUDE, options: RepoOptions = {}): Promise<SubscriptionRow | null> {
    if (include.names.length === 0) {
      const row = await readById<SubscriptionRow>(Subscription, id, options.transaction);
      if (row !== undefined) return row;
    }
    const row = await this.getById(id, { ...options, include });
    return row ? (row.get({ plain: true }) as SubscriptionRow) : null;
  }

  /** One page of plain rows matching the filters with relations loaded eagerly (a fixed number of queries), and the total. */
  async list(query: ListQuery<SubscriptionFilters>, options: RepoOptions = {}): Promise<Page<SubscriptionRow>> {
    const include = query.include ?? NO_INCLUDE;
    const request: PageRequest = {
      filters: { ...query.filters },
      sort: query.sort,
      limit: query.limit,
      offset: query.offset,
      search: query.search ? { pattern: likePattern(query.search), attributes: SEARCHABLE } : undefined,
    };
    if (include.names.length === 0) {
      const page = await readPage<SubscriptionRow>(Subscription, request, options.transaction);
      if (page) return page;
    }
    const where = whereOf(request) as WhereOptions<Subscription>;
    const count = await Subscription.count({ where, transaction: options.transaction });
    const rows: Subscription[] = await Subscription.findAll({
      where,
      limit: query.limit,
      offset: query.offset,
      order: query.sort,
      include: includesFor(Subscription, include),
      transaction: options.transaction,
    });
    await loadManyToMany(Subscription, rows, include, options.transaction);
    return { rows: rows.map((row) => row.get({ plain: true }) as SubscriptionRow), count };
  }

  /** One page of a has-many relation of one row. */
  async listRelated(
    id: number,
    name: string,
    page: { limit: number; offset: number },
    options: RepoOptions = {},
  ): Promise<Page<unknown>> {
    const { rows, count } = await listRelated(Subscription, id, name, page, options.transaction);
    return { rows: rows.map((row) => row.get({ plain: true })), count };
  }

  /** Links a row to another through a many-to-many relation (idempotent). */
  async link(id: number, name: string, targetId: number, options: RepoOptions = {}): Promise<void> {
    await link(Subscription, id, name, targetId, options.transaction);
  }

  /** Removes a many-to-many link; false when there was none. */
  async unlink(id: number, name: string, targetId: number, options: RepoOptions = {}): Promise<boolean> {
    return unlink(Subscription, id, name, targetId, options.transaction);
  }

  /** Whether insert writes the row itself in one statement; otherwise the ORM's create runs the model's hooks with it. */
  insertsDirectly(): boolean {
    return insertsDirectly(Subscription);
  }

  /** Inserts one row and returns it as plain values, as stored (defaults included, hidden fields never read back). */
  async insert(values: SubscriptionInput, options: RepoOptions = {}): Promise<SubscriptionRow> {
    const row = await insertRow<SubscriptionRow>(Subscription, { ...values }, options.transaction);
    return row ?? visibleValues<SubscriptionRow>(Subscription, await this.create(values, options));
  }

  /** Inserts one row and returns it as stored (defaults included). */
  async create(values: SubscriptionInput, options: RepoOptions = {}): Promise<Subscription> {
    return Subscription.create(values as CreationAttributes<Subscription>, { transaction: options.transaction });
  }

  /** Writes the given attributes of a row. */
  async update(
    row: Subscription,
    values: Partial<SubscriptionInput>,
    options: RepoOptions = {},
  ): Promise<Subscription> {
    return row.update(values as Partial<CreationAttributes<Subscription>>, { transaction: options.transaction });
  }

  /** Deletes a row (soft: sets deleted_at). */
  async delete(row: Subscription, options: RepoOptions = {}): Promise<void> {
    await row.destroy({ transaction: options.transaction });
  }

  /** Inserts many rows in one statement. */
  async bulkCreate(values: SubscriptionInput[], options: RepoOptions = {}): Promise<Subscription[]> {
    return Subscription.bulkCreate(values as CreationAttributes<Subscription>[], { transaction: options.transaction });
  }
}

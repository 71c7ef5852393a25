import { type CreationAttributes, type InferAttributes, type WhereOptions } from 'sequelize';
import { Tag } from '../models/tag.ts';
import { insertRow, insertsDirectly } from './inserts.ts';
import { readById, readPage, whereOf, type PageRequest } from './reads.ts';
import { visibleValues } from './shapes.ts';
import { includesFor, link, listRelated, loadManyToMany, relationsOf, unlink, type RelationInfo } from './relations.ts';
import { likePattern, NO_INCLUDE, type Include, type ListQuery, type Page, type RepoOptions } from './types.ts';

/** What may be written to one Tag. */
export interface TagInput {
  name: string;
  createdById?: number | null;
}

/** One Tag as plain values, as reads return it. */
export type TagRow = InferAttributes<Tag>;

/** Equality filters a list may apply; the route whitelists them. */
export interface TagFilters {
  name?: string;
  createdById?: number | null;
}

/** The attributes ?search= looks in (case-insensitive, wildcards taken literally). */
const SEARCHABLE = ['name'];

/** Persistence of tags only: no business rules, nothing HTTP. */
export class TagRepository {
  /** The relations of Tag: the whitelist for include. */
  relations(): RelationInfo[] {
    return relationsOf(Tag);
  }

  /** One row by primary key with relations loaded eagerly, or locked FOR UPDATE in the caller's transaction. */
  async getById(id: number, options: RepoOptions & { lock?: boolean; include?: Include } = {}): Promise<Tag | null> {
    const include = options.include ?? NO_INCLUDE;
    const row = await Tag.findByPk(id, {
      transaction: options.transaction,
      lock: options.lock,
      include: includesFor(Tag, include),
    });
    if (row) await loadManyToMany(Tag, [row], include, options.transaction);
    return row;
  }

  /** One row as plain values with relations loaded eagerly; hidden fields are never read. */
  async read(id: number, include: Include = NO_INCLUDE, options: RepoOptions = {}): Promise<TagRow | null> {
    if (include.names.length === 0) {
      const row = await readById<TagRow>(Tag, id, options.transaction);
      if (row !== undefined) return row;
    }
    const row = await this.getById(id, { ...options, include });
    return row ? (row.get({ plain: true }) as TagRow) : null;
  }

  /** One page of plain rows matching the filters with relations loaded eagerly (a fixed number of queries), and the total. */
  async list(query: ListQuery<TagFilters>, options: RepoOptions = {}): Promise<Page<TagRow>> {
    const include = query.include ?? NO_INCLUDE;
    const request: PageRequest = {
      filters: { ...query.filters },
      sort: query.sort,
      limit: query.limit,
      offset: query.offset,
      search: query.search ? { pattern: likePattern(query.search), attributes: SEARCHABLE } : undefined,
    };
    if (include.names.length === 0) {
      const page = await readPage<TagRow>(Tag, request, options.transaction);
      if (page) return page;
    }
    const where = whereOf(request) as WhereOptions<Tag>;
    const count = await Tag.count({ where, transaction: options.transaction });
    const rows: Tag[] = await Tag.findAll({
      where,
      limit: query.limit,
      offset: query.offset,
      order: query.sort,
      include: includesFor(Tag, include),
      transaction: options.transaction,
    });
    await loadManyToMany(Tag, rows, include, options.transaction);
    return { rows: rows.map((row) => row.get({ plain: true }) as TagRow), count };
  }

  /** One page of a has-many relation of one row. */
  async listRelated(
    id: number,
    name: string,
    page: { limit: number; offset: number },
    options: RepoOptions = {},
  ): Promise<Page<unknown>> {
    const { rows, count } = await listRelated(Tag, id, name, page, options.transaction);
    return { rows: rows.map((row) => row.get({ plain: true })), count };
  }

  /** Links a row to another through a many-to-many relation (idempotent). */
  async link(id: number, name: string, targetId: number, options: RepoOptions = {}): Promise<void> {
    await link(Tag, id, name, targetId, options.transaction);
  }

  /** Removes a many-to-many link; false when there was none. */
  async unlink(id: number, name: string, targetId: number, options: RepoOptions = {}): Promise<boolean> {
    return unlink(Tag, id, name, targetId, options.transaction);
  }

  /** Whether insert writes the row itself in one statement; otherwise the ORM's create runs the model's hooks with it. */
  insertsDirectly(): boolean {
    return insertsDirectly(Tag);
  }

  /** Inserts one row and returns it as plain values, as stored (defaults included, hidden fields never read back). */
  async insert(values: TagInput, options: RepoOptions = {}): Promise<TagRow> {
    const row = await insertRow<TagRow>(Tag, { ...values }, options.transaction);
    return row ?? visibleValues<TagRow>(Tag, await this.create(values, options));
  }

  /** Inserts one row and returns it as stored (defaults included). */
  async create(values: TagInput, options: RepoOptions = {}): Promise<Tag> {
    return Tag.create(values as CreationAttributes<Tag>, { transaction: options.transaction });
  }

  /** Writes the given attributes of a row. */
  async update(row: Tag, values: Partial<TagInput>, options: RepoOptions = {}): Promise<Tag> {
    return row.update(values as Partial<CreationAttributes<Tag>>, { transaction: options.transaction });
  }

  /** Deletes a row. */
  async delete(row: Tag, options: RepoOptions = {}): Promise<void> {
    await row.destroy({ transaction: options.transaction });
  }

  /** Inserts many rows in one statement. */
  async bulkCreate(values: TagInput[], options: RepoOptions = {}): Promise<Tag[]> {
    return Tag.bulkCreate(values as CreationAttributes<Tag>[], { transaction: options.transaction });
  }
}

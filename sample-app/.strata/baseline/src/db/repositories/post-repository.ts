import { type CreationAttributes, type InferAttributes, type WhereOptions } from 'sequelize';
import { Post } from '../models/post.ts';
import { insertRow, insertsDirectly } from './inserts.ts';
import { readById, readPage, whereOf, type PageRequest } from './reads.ts';
import { visibleValues } from './shapes.ts';
import { includesFor, link, listRelated, loadManyToMany, relationsOf, unlink, type RelationInfo } from './relations.ts';
import { likePattern, NO_INCLUDE, type Include, type ListQuery, type Page, type RepoOptions } from './types.ts';

/** What may be written to one Post. */
export interface PostInput {
  title: string;
  content: string;
  published?: boolean;
  authorId: number;
}

/** One Post as plain values, as reads return it. */
export type PostRow = InferAttributes<Post>;

/** Equality filters a list may apply; the route whitelists them. */
export interface PostFilters {
  title?: string;
  published?: boolean;
  authorId?: number;
}

/** The attributes ?search= looks in (case-insensitive, wildcards taken literally). */
const SEARCHABLE = ['title'];

/** Persistence of posts only: no business rules, nothing HTTP. */
export class PostRepository {
  /** The relations of Post: the whitelist for include. */
  relations(): RelationInfo[] {
    return relationsOf(Post);
  }

  /** One row by primary key with relations loaded eagerly, or locked FOR UPDATE in the caller's transaction. */
  async getById(id: number, options: RepoOptions & { lock?: boolean; include?: Include } = {}): Promise<Post | null> {
    const include = options.include ?? NO_INCLUDE;
    const row = await Post.findByPk(id, {
      transaction: options.transaction,
      lock: options.lock,
      include: includesFor(Post, include),
    });
    if (row) await loadManyToMany(Post, [row], include, options.transaction);
    return row;
  }

  /** One row as plain values with relations loaded eagerly; hidden fields are never read. */
  async read(id: number, include: Include = NO_INCLUDE, options: RepoOptions = {}): Promise<PostRow | null> {
    if (include.names.length === 0) {
      const row = await readById<PostRow>(Post, id, options.transaction);
      if (row !== undefined) return row;
    }
    const row = await this.getById(id, { ...options, include });
    return row ? (row.get({ plain: true }) as PostRow) : null;
  }

  /** One page of plain rows matching the filters with relations loaded eagerly (a fixed number of queries), and the total. */
  async list(query: ListQuery<PostFilters>, options: RepoOptions = {}): Promise<Page<PostRow>> {
    const include = query.include ?? NO_INCLUDE;
    const request: PageRequest = {
      filters: { ...query.filters },
      sort: query.sort,
      limit: query.limit,
      offset: query.offset,
      search: query.search ? { pattern: likePattern(query.search), attributes: SEARCHABLE } : undefined,
    };
    if (include.names.length === 0) {
      const page = await readPage<PostRow>(Post, request, options.transaction);
      if (page) return page;
    }
    const where = whereOf(request) as WhereOptions<Post>;
    const count = await Post.count({ where, transaction: options.transaction });
    const rows: Post[] = await Post.findAll({
      where,
      limit: query.limit,
      offset: query.offset,
      order: query.sort,
      include: includesFor(Post, include),
      transaction: options.transaction,
    });
    await loadManyToMany(Post, rows, include, options.transaction);
    return { rows: rows.map((row) => row.get({ plain: true }) as PostRow), count };
  }

  /** One page of a has-many relation of one row. */
  async listRelated(
    id: number,
    name: string,
    page: { limit: number; offset: number },
    options: RepoOptions = {},
  ): Promise<Page<unknown>> {
    const { rows, count } = await listRelated(Post, id, name, page, options.transaction);
    return { rows: rows.map((row) => row.get({ plain: true })), count };
  }

  /** Links a row to another through a many-to-many relation (idempotent). */
  async link(id: number, name: string, targetId: number, options: RepoOptions = {}): Promise<void> {
    await link(Post, id, name, targetId, options.transaction);
  }

  /** Removes a many-to-many link; false when there was none. */
  async unlink(id: number, name: string, targetId: number, options: RepoOptions = {}): Promise<boolean> {
    return unlink(Post, id, name, targetId, options.transaction);
  }

  /** Whether insert writes the row itself in one statement; otherwise the ORM's create runs the model's hooks with it. */
  insertsDirectly(): boolean {
    return insertsDirectly(Post);
  }

  /** Inserts one row and returns it as plain values, as stored (defaults included, hidden fields never read back). */
  async insert(values: PostInput, options: RepoOptions = {}): Promise<PostRow> {
    const row = await insertRow<PostRow>(Post, { ...values }, options.transaction);
    return row ?? visibleValues<PostRow>(Post, await this.create(values, options));
  }

  /** Inserts one row and returns it as stored (defaults included). */
  async create(values: PostInput, options: RepoOptions = {}): Promise<Post> {
    return Post.create(values as CreationAttributes<Post>, { transaction: options.transaction });
  }

  /** Writes the given attributes of a row. */
  async update(row: Post, values: Partial<PostInput>, options: RepoOptions = {}): Promise<Post> {
    return row.update(values as Partial<CreationAttributes<Post>>, { transaction: options.transaction });
  }

  /** Deletes a row. */
  async delete(row: Post, options: RepoOptions = {}): Promise<void> {
    await row.destroy({ transaction: options.transaction });
  }

  /** Inserts many rows in one statement. */
  async bulkCreate(values: PostInput[], options: RepoOptions = {}): Promise<Post[]> {
    return Post.bulkCreate(values as CreationAttributes<Post>[], { transaction: options.transaction });
  }
}

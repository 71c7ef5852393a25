import type { Database } from '../database.ts';

/** The statement: parameters only ($1..$n), never interpolated. */
export const TOP_AUTHORS_SQL = `WITH published AS (SELECT author_id, count(*) AS posts FROM posts WHERE published GROUP BY author_id) SELECT u.id, u.username, p.posts FROM published p JOIN users u ON u.id = p.author_id ORDER BY p.posts DESC, u.id LIMIT $1`;

/** Parameters of topAuthors, bound to $1..$n in this order. */
export interface TopAuthorsParams {
  limit: number;
}

/** One row of topAuthors. */
export interface TopAuthorsRow {
  id: number;
  username: string;
  posts: string;
}

/** Runs top_authors on the raw pool, with a statement timeout. Stateless: no models, no ORM. */
export async function topAuthors(db: Database, params: TopAuthorsParams, timeoutMs = 5_000): Promise<TopAuthorsRow[]> {
  return db.transaction(async (client) => {
    await client.query("SELECT set_config('statement_timeout', $1, true)", [String(timeoutMs)]);
    const { rows } = await client.query<TopAuthorsRow>(TOP_AUTHORS_SQL, [params.limit]);
    return rows;
  });
}

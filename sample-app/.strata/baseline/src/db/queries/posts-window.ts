import type { Database } from '../database.ts';

/** The statement: parameters only ($1..$n), never interpolated. */
export const POSTS_WINDOW_SQL = `SELECT p.id, p.title, (length(p.title) * $7::numeric)::numeric(12,2)::text AS weighted, $8::uuid::text AS request_id FROM posts p WHERE p.created_at >= $1 AND p.created_at::date <= $2 AND p.published = $3 AND p.title ILIKE '%' || $4 || '%' AND p.author_id >= $5::bigint AND length(p.title) >= $6::float8 AND ($9::jsonb = '{}'::jsonb OR $9::jsonb ? p.title) ORDER BY p.id LIMIT $10`;

/** Parameters of postsWindow, bound to $1..$n in this order. */
export interface PostsWindowParams {
  since: Date | string;
  until: string;
  published: boolean;
  search: string;
  minAuthorId: string;
  minTitleLength: number;
  weight: string;
  requestId: string;
  titles: unknown;
  limit: number;
}

/** One row of postsWindow. */
export interface PostsWindowRow {
  id: number;
  title: string;
  weighted: string;
  request_id: string;
}

/** Runs posts_window on the raw pool, with a statement timeout. Stateless: no models, no ORM. */
export async function postsWindow(
  db: Database,
  params: PostsWindowParams,
  timeoutMs = 5_000,
): Promise<PostsWindowRow[]> {
  return db.transaction(async (client) => {
    await client.query("SELECT set_config('statement_timeout', $1, true)", [String(timeoutMs)]);
    const { rows } = await client.query<PostsWindowRow>(POSTS_WINDOW_SQL, [
      params.since,
      params.until,
      params.published,
      params.search,
      params.minAuthorId,
      params.minTitleLength,
      params.weight,
      params.requestId,
      params.titles,
      params.limit,
    ]);
    return rows;
  });
}

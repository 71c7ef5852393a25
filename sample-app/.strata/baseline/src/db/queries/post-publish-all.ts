import type { Database } from '../database.ts';

/** publish-all: sets published = true on the given posts in one statement. */
export const PUBLISH_ALL_POSTS_SQL = `UPDATE "posts" SET "published" = true, "updated_at" = now() WHERE "id" = ANY($1::bigint[])`;

/** Runs publish-all for the ids; returns how many rows it changed. */
export async function publishAllPosts(db: Database, ids: number[]): Promise<number> {
  const rows = await db.transaction(async (client) => (await client.query(PUBLISH_ALL_POSTS_SQL, [ids])).rowCount ?? 0);
  return rows;
}

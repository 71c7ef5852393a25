import type { Database } from '../db/database.ts';
import { publishAllPosts } from '../db/queries/post-publish-all.ts';

/** publish-all for posts: the raw SQL layer only, never the ORM. */
export class PostPublishAllService {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Updates the given ids in one statement; ids that do not exist are not counted. */
  async run(ids: number[]): Promise<{ updated: number }> {
    return { updated: await publishAllPosts(this.db, [...new Set(ids)]) };
  }
}

import type { Database } from '../db/database.ts';
import { postsWindow, type PostsWindowParams, type PostsWindowRow } from '../db/queries/posts-window.ts';

/** Posts window: a raw-SQL feature (the pg pool only, never the ORM). */
export class PostsWindowService {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Runs the query. */
  async run(params: PostsWindowParams): Promise<PostsWindowRow[]> {
    return postsWindow(this.db, params);
  }
}

import type { Database } from '../db/database.ts';
import { topAuthors, type TopAuthorsParams, type TopAuthorsRow } from '../db/queries/top-authors.ts';

/** Top authors: a raw-SQL feature (the pg pool only, never the ORM). */
export class TopAuthorsService {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Runs the query. */
  async run(params: TopAuthorsParams): Promise<TopAuthorsRow[]> {
    return topAuthors(this.db, params);
  }
}

import type { Database } from '../db/database.ts';
import { insertUsers, type UserBulkRow } from '../db/queries/user-bulk.ts';
import { AppError } from '../errors.ts';

/** The most rows one request may insert; more is a 413. */
export const MAX_BULK_ROWS = 50_000;

/** Bulk inserts of users: the raw SQL layer only, never the ORM. */
export class UserBulkService {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Inserts rows, skipping those that hit a unique key. */
  async insert(rows: UserBulkRow[]): Promise<{ inserted: number; skipped: number }> {
    if (rows.length > MAX_BULK_ROWS)
      throw new AppError('PAYLOAD_TOO_LARGE', `at most ${MAX_BULK_ROWS} rows per request, got ${rows.length}`);
    return insertUsers(this.db, rows);
  }
}

import type { Database } from '../database.ts';

/** One row for a bulk insert of users. */
export interface UserBulkRow {
  email: string;
  username: string;
  hashedPassword: string;
  isActive?: boolean;
}

/** Rows per statement. unnest() takes one array per column, so a statement has 4 bind parameters whatever the batch size, far under PostgreSQL's 65,535; batches keep each statement's size bounded. */
export const BATCH_ROWS = 5_000;

/**
 * Inserts every row, or skips it when it hits a unique key (ON CONFLICT DO NOTHING),
 * duplicates inside the request included. One transaction: all or nothing.
 */
export const INSERT_USERS_SQL = `INSERT INTO "users" ("email", "username", "hashed_password", "is_active")
SELECT t."email", t."username", t."hashed_password", COALESCE(t."is_active", true)
FROM unnest($1::varchar(255)[], $2::varchar(50)[], $3::varchar(255)[], $4::boolean[]) AS t("email", "username", "hashed_password", "is_active")
ON CONFLICT DO NOTHING`;

/** Inserts users in batches; returns how many went in and how many were skipped. */
export async function insertUsers(db: Database, rows: UserBulkRow[]): Promise<{ inserted: number; skipped: number }> {
  return db.transaction(async (client) => {
    let inserted = 0;
    for (let start = 0; start < rows.length; start += BATCH_ROWS) {
      const batch = rows.slice(start, start + BATCH_ROWS);
      const result = await client.query(INSERT_USERS_SQL, [
        batch.map((row) => row.email ?? null),
        batch.map((row) => row.username ?? null),
        batch.map((row) => row.hashedPassword ?? null),
        batch.map((row) => row.isActive ?? null),
      ]);
      inserted += result.rowCount ?? 0;
    }
    return { inserted, skipped: rows.length - inserted };
  });
}

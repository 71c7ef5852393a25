import type { Readable } from 'node:stream';
import type { Database } from '../db/database.ts';
import { exportUsersCsv, importUsersCsv, importUsersNdjson } from '../db/queries/user-copy.ts';

/** CSV import and export of users with COPY: the raw SQL layer only, never the ORM. */
export class UserCopyService {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Imports a CSV stream; rows that hit a unique key are skipped. */
  async importCsv(csv: Readable): Promise<{ inserted: number; skipped: number }> {
    return importUsersCsv(this.db, csv);
  }

  /** Imports an NDJSON stream (API field names); rows that hit a unique key are skipped. */
  async importNdjson(ndjson: Readable): Promise<{ inserted: number; skipped: number }> {
    return importUsersNdjson(this.db, ndjson);
  }

  /** Every User as a CSV stream. */
  async exportCsv(): Promise<Readable> {
    return exportUsersCsv(this.db);
  }
}

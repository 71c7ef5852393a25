import type { Readable } from 'node:stream';
import type { Database } from '../db/database.ts';
import { exportPostsCsv, importPostsCsv, importPostsNdjson } from '../db/queries/post-copy.ts';

/** CSV import and export of posts with COPY: the raw SQL layer only, never the ORM. */
export class PostCopyService {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Imports a CSV stream; rows that hit a unique key are skipped. */
  async importCsv(csv: Readable): Promise<{ inserted: number; skipped: number }> {
    return importPostsCsv(this.db, csv);
  }

  /** Imports an NDJSON stream (API field names); rows that hit a unique key are skipped. */
  async importNdjson(ndjson: Readable): Promise<{ inserted: number; skipped: number }> {
    return importPostsNdjson(this.db, ndjson);
  }

  /** Every Post as a CSV stream. */
  async exportCsv(): Promise<Readable> {
    return exportPostsCsv(this.db);
  }
}

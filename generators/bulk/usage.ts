/** Usage text of `strata generate bulk`, with an example. */
export const BULK_USAGE = `Adds POST /<models>/bulk on the raw SQL layer: rows inserted with unnest() in
batches, ON CONFLICT DO NOTHING on the unique keys, one transaction, and the
answer {inserted, skipped}. More than 50,000 rows in a request is a 413.

Example:
  strata generate bulk User`;

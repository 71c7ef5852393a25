/** Usage text of `strata generate bulk`, with an example. */
export const BULK_USAGE = `Adds POST /<models>/bulk on the raw SQL layer: rows inserted with unnest() in
batches, ON CONFLICT DO NOTHING on the unique keys, one transaction, and the
answer {inserted, skipped}. More than 50,000 rows in a request is a 413.

Example:
  strata generate bulk User`;

/** Usage text of `strata generate bulk-update`, with an example. */
export const BULK_UPDATE_USAGE = `Adds PATCH /<models>/<action>: one UPDATE for a list of ids on the raw SQL
layer, setting the given column and updated_at, answering {updated}.

Example:
  strata generate bulk-update Post publish-all --set published=true`;

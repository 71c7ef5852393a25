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

/** Usage text of `strata generate copy`, with an example. */
export const COPY_USAGE = `Adds streaming CSV import and export of a model with COPY (pg-copy-streams):
POST /<models>/import streams text/csv (or application/x-ndjson) into a staging table, then one
INSERT ... ON CONFLICT DO NOTHING, in one transaction (a bad row aborts the
import with its row number); GET /<models>/export streams COPY TO STDOUT.

Example:
  strata generate copy User`;

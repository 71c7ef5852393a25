/** Usage text of `strata generate copy`, with an example. */
export const COPY_USAGE = `Adds streaming CSV import and export of a model with COPY (pg-copy-streams):
POST /<models>/import streams text/csv (or application/x-ndjson) at once into a staging table
(a bad row aborts the import with its row number, nothing imported) and straight into the
table; rows that hit a unique key are skipped. GET /<models>/export streams COPY TO STDOUT.
Both directions abort after COPY_IDLE_TIMEOUT_MS without data.

Example:
  strata generate copy User`;

/** Usage text of `strata generate bulk-update`, with an example. */
export const BULK_UPDATE_USAGE = `Adds PATCH /<models>/<action>: one UPDATE for a list of ids on the raw SQL
layer, setting the given column and updated_at, answering {updated}.

Example:
  strata generate bulk-update Post publish-all --set published=true`;

/** Usage text of `strata generate relation`, with an example. */
export const RELATION_USAGE = `Adds a many-to-many relation: a join model and its migration (a unique key on
both foreign keys, an index on the second, ON DELETE CASCADE on both) and
@BelongsToMany on both models. Routes gain include=<name> and
PUT/DELETE /<models>/:id/<name>/:targetId to link and unlink.

Example:
  strata generate relation Post tags --many-to-many Tag`;

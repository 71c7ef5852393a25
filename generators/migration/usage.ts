/** Usage text of `strata generate migration`, with an example. */
export const MIGRATION_USAGE = `Compares the models (read through the AST, no database needed) with the
schema snapshot and writes the migration between them, with up and down.
Renames are never guessed: name them with --rename (or answer the prompt in a
terminal). On a table that already exists the migration takes no long lock:
indexes are built CONCURRENTLY, foreign keys and NOT NULL are added NOT VALID
and validated, a new NOT NULL column is backfilled in batches (--backfill).
Steps that can lose data, rewrite a table or rename what code uses are refused
without --allow-destructive.

Examples:
  strata generate migration add_post_summary
  strata generate migration add_post_slug --backfill "posts.slug=lower(title)"
  strata generate migration rename_body --rename posts.body:content --allow-destructive
  strata generate migration drop_legacy --allow-destructive`;

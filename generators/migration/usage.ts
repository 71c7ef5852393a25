/** Usage text of `strata generate migration`, with an example. */
export const MIGRATION_USAGE = `Compares the models (read through the AST, no database needed) with the
schema snapshot and writes the migration between them, with up and down.
Renames are never guessed: name them with --rename (or answer the prompt in a
terminal). Steps that can lose data are refused without --allow-destructive.

Examples:
  strata generate migration add_post_summary
  strata generate migration rename_body --rename posts.body:content
  strata generate migration drop_legacy --allow-destructive`;

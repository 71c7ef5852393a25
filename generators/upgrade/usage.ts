/** Usage text of `strata upgrade`, with an example. */
export const UPGRADE_USAGE = `Re-renders every file strata generated with this strata's templates, from what the project
records (.strata/app.yaml and the schema snapshot), and merges each 3-way with your edits
against .strata/baseline/, as a regenerated model does. Prints a summary. It writes no
migration: the schema is the snapshot's, and upgrade stops if the two disagree.

The answer to "I generated this a year ago": upgrade strata, run this, review the diff.
STRATA_TEMPLATES=<dir> renders from a copy of the templates instead (to try a change).

Example:
  npm install -D strata@latest && npx strata upgrade --dry-run && npx strata upgrade`;

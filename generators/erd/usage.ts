/** Usage text of `strata erd`, with an example. */
export const ERD_USAGE = `Draws the schema as an entity-relationship diagram from the snapshot (no database needed):
tables, columns with their types, PK/FK/UK markers, and each foreign key with its cardinality
and ON DELETE. Mermaid goes to docs/erd.md (strata rewrites it whenever the schema changes);
--format dot writes docs/erd.dot for Graphviz. --stdout prints it instead.

Example:
  strata erd --format dot --stdout | dot -Tsvg > erd.svg`;

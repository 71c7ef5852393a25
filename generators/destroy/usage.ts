/** Usage text of `strata destroy` (alias d), with an example. */
export const DESTROY_USAGE = `Removes what strata generate wrote, and unregisters it through the AST: the files, the
registrations in the models, services and routes indexes, the relations it added to other
models, and its entry in .strata/app.yaml. A model or a relation also gets a migration that
drops its table: it loses data, so it needs --allow-destructive (its header lists what goes).

A file you changed since strata wrote it is a conflict (exit 1, nothing removed) unless
--force. A model other tables still reference is refused, naming them.

  strata destroy model <Model>               the model and every layer above it
  strata destroy relation <Model> <name>     a many-to-many relation and its join table
  strata destroy query <name>                a raw-SQL query, its service and route
  strata destroy bulk|copy <Model>           a raw-layer bulk insert or COPY import/export
  strata destroy bulk-update <Model> <action>

Example:
  strata destroy model Product --allow-destructive --dry-run`;

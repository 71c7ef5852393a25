/** Usage text of `strata apply`, with an example. */
export const APPLY_USAGE = `Makes the project match one declarative spec: entities (fields, indexes, soft delete,
notify, bulk, COPY, bulk updates), many-to-many relations and queries. What differs from
.strata/app.yaml (what strata generated) is generated, regenerated or destroyed through the
same generators, merged 3-way with your edits, with a migration for each schema change.
Removing an entity destroys it and drops its table: that needs --allow-destructive.

--plan prints every file and migration that would change, and writes nothing. The spec's JSON
Schema is docs/app-spec.schema.json; a bad spec is one line naming the path in it, exit 2.

Example app.yaml:
  entities:
    Author:
      fields: { name: 'string{120}', email: 'string:unique' }
    Book:
      fields: { title: 'string{200}:index', price: 'decimal{10,2}', author: 'references{Author}:cascade' }
      bulk: true
  relations:
    Book.authors: { manyToMany: Author }

  strata apply app.yaml --plan && strata apply app.yaml`;

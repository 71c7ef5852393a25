/** Usage text of `strata generate field`, with an example. */
export const FIELD_USAGE = `Adds fields to a model strata generated, without restating the others: the model is
regenerated through every layer from .strata/app.yaml plus the new fields, merged 3-way with
your edits, and the table gets an alter migration.

Fields: name:type[{args}][:modifier...], as generate model takes them. A NOT NULL field without
a default cannot be added to a table that has rows: make it :optional, give it a =default, or
pass --allow-destructive.

Example:
  strata generate field Product 'sku:string{40}:unique' 'weight:decimal{8,3}:optional'`;

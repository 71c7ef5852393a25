/** Usage text of `strata generate model`, with an example. */
export const MODEL_USAGE = `Generates a sequelize-typescript model, its migration, repository, service,
Fastify routes and an end-to-end test, and registers them in the app.

Fields: name:type[{args}][:modifier...]
  types      string (255) string{n} text integer bigint float decimal{p,s} boolean
             date datetime uuid json enum{a,b,c}
  modifiers  unique index optional hidden =default

Options: --index a,b (or name=a,b)  --soft-delete  --notify (LISTEN/NOTIFY on changes)

Run again with other fields to change the model through every layer: your edits are merged
3-way against what strata wrote (.strata/baseline/), and the table gets an alter migration
(--allow-destructive for one that loses data; --conflict=markers to write overlaps).
--notify, bulk, COPY and bulk updates carry over; --no-notify drops the trigger.

Example:
  strata generate model Product name:string{120}:unique price:decimal{10,2} \\
    stock:integer=0 isActive:boolean=true:index description:text:optional --index name,isActive`;

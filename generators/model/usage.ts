/** Usage text of `strata generate model`, with an example. */
export const MODEL_USAGE = `Generates a sequelize-typescript model, its migration, repository, service,
Fastify routes and an end-to-end test, and registers them in the app.

Fields: name:type[{args}][:modifier...]
  types      string (255) string{n} text integer bigint float decimal{p,s} boolean
             date datetime uuid json enum{a,b,c}
  modifiers  unique index optional hidden =default

Options: --index a,b (or name=a,b)  --soft-delete  --notify (LISTEN/NOTIFY on changes)

Example:
  strata generate model Product name:string{120}:unique price:decimal{10,2} \\
    stock:integer=0 isActive:boolean=true:index description:text:optional --index name,isActive`;

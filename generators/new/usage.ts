/** Usage text of `strata new`, with an example. */
export const NEW_USAGE = `Creates a service in ./<name>: config, ORM and raw SQL layers, migrations,
error catalogue, OpenAPI, health check, tests on embedded PostgreSQL, CI.

Example:
  strata new shop && cd shop && npm run db:migrate && npm run dev`;

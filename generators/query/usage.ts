/** Usage text of `strata generate query`, with an example. */
export const QUERY_USAGE = `Writes a stateless raw-SQL module in src/db/queries/ with one typed function
(parameters and row type), run on the pg pool with a statement timeout. Types come
from PostgreSQL's description of the prepared statement when a database is
reachable (--database, or DATABASE_URL), otherwise from --param and --column.
With --route it also writes a service (raw layer only) and a GET route.

Types: integer bigint float decimal string boolean date datetime uuid json
(a trailing ? makes a column nullable).

Example:
  strata generate query top_authors --sql "SELECT u.id, count(*) AS posts FROM users u
    JOIN posts p ON p.author_id = u.id GROUP BY u.id ORDER BY posts DESC LIMIT $1" \\
    --param limit:integer --column id:integer --column posts:bigint \\
    --route "GET /analytics/top-authors"`;

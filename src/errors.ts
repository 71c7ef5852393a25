/**
 * The one catalogue of strata's coded errors. Every code here is documented in
 * docs/errors.md (a test holds the two together). Usage errors exit 2 and are
 * raised before anything is written; conflicts exit 1.
 */
export const ERROR_CODES = {
  STRATA_USAGE: { exitCode: 2, title: 'Bad command line' },
  STRATA_INVALID_NAME: { exitCode: 2, title: 'Invalid model or project name' },
  STRATA_RESERVED_NAME: { exitCode: 2, title: 'Name collides with a TypeScript keyword or a Sequelize Model member' },
  STRATA_PATH_NAME: { exitCode: 2, title: 'Name contains a path separator or ..' },
  STRATA_FIELD_SYNTAX: { exitCode: 2, title: 'Field does not follow name:type[{args}][:modifier...]' },
  STRATA_FIELD_TYPE: { exitCode: 2, title: 'Unknown field type' },
  STRATA_FIELD_ARGS: { exitCode: 2, title: 'Bad type arguments' },
  STRATA_FIELD_MODIFIER: { exitCode: 2, title: 'Unknown or misplaced field modifier' },
  STRATA_FIELD_SECRET: { exitCode: 2, title: 'A field named like a secret is neither a password, hidden, nor public' },
  STRATA_FIELD_DEFAULT: { exitCode: 2, title: 'Default value does not fit the field type' },
  STRATA_FIELD_DUPLICATE: { exitCode: 2, title: 'The same field is given twice' },
  STRATA_FIELD_RESERVED: { exitCode: 2, title: 'Field name is reserved' },
  STRATA_INDEX: { exitCode: 2, title: 'Composite index names an unknown field or is malformed' },
  STRATA_REFERENCE: { exitCode: 2, title: 'A relation points at a model that does not exist, or is malformed' },
  STRATA_SNAPSHOT: { exitCode: 2, title: 'The schema snapshot or a model cannot be read' },
  STRATA_DESTRUCTIVE: { exitCode: 2, title: 'A migration would lose data and --allow-destructive was not given' },
  STRATA_RENAME: { exitCode: 2, title: 'A --rename does not match the schema' },
  STRATA_BACKFILL: { exitCode: 2, title: 'A --backfill names no column that needs one, or is not one SQL expression' },
  STRATA_APP_SPEC: { exitCode: 2, title: 'An app spec (app.yaml) is not valid, or names a model strata did not record' },
  STRATA_CONFIG: { exitCode: 2, title: 'strata.config.json is not valid' },
  STRATA_CHECK_DEPS: { exitCode: 2, title: "check needs the project's dependencies installed" },
  STRATA_QUERY: { exitCode: 2, title: 'A query, its parameters or its columns are malformed' },
  STRATA_DATABASE: { exitCode: 1, title: 'The database could not describe the query, or check could not read its catalog' },
  STRATA_NOT_PROJECT: { exitCode: 2, title: 'Not inside a strata project' },
  STRATA_CONFLICT: { exitCode: 1, title: 'A file exists with other content' },
  STRATA_STALE: { exitCode: 1, title: 'A file changed on disk while strata was working' },
  STRATA_COMMIT_FAILED: { exitCode: 1, title: 'Writing the change set failed; nothing was changed' },
  STRATA_INSTALL_FAILED: { exitCode: 1, title: 'npm install failed in the new project' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An expected failure: one line for the user, a stable code and an exit code. */
export class StrataError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'StrataError';
    this.code = code;
    this.exitCode = ERROR_CODES[code].exitCode;
  }
}

/** Throws a coded error; `message` quotes the bad value and says how to fix it. */
export function fail(code: ErrorCode, message: string): never {
  throw new StrataError(code, message);
}

/** Quotes a user value the same way in every message. */
export function q(value: string): string {
  return JSON.stringify(value);
}

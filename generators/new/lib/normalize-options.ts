import { SECRET_HASH_FORMAT } from '../../../src/field-types.ts';
import { snake } from '../../../src/names.ts';
import { STRATA_VERSION } from '../../../src/version.ts';
import { assertIdentifier } from '../../../src/reserved.ts';

/** What the user gave `strata new`. */
export interface NewArgs {
  name: string;
}

/** The normalized options every step sees. */
export interface NewOptions {
  name: string;
  snakeName: string;
  /** The strata version the project's CI runs `strata check` with */
  strataVersion: string;
  /** The one spelling of a stored secret's hash (src/field-types.ts) */
  hashFormat: string;
}

/** Validates the project name (a folder and an npm package name). */
export function normalizeOptions(args: NewArgs): NewOptions {
  const name = args.name;
  assertIdentifier(name, 'project');
  return { name, snakeName: snake(name), strataVersion: STRATA_VERSION, hashFormat: SECRET_HASH_FORMAT };
}

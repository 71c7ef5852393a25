/** strata.config.json, the project's settings file: read here for what generators need, and in check/config.ts for the rest. */
import { fail, q } from './errors.ts';
import { DEFAULT_KEYS, KEY_TYPES, type KeyType } from './types/keys.ts';

/** The config file's name, at the project root. */
export const CONFIG_FILE = 'strata.config.json';

/** The settings object of strata.config.json's text (undefined: no file, so an empty object). */
export function configObject(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail('STRATA_CONFIG', `${CONFIG_FILE} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('STRATA_CONFIG', `${CONFIG_FILE} must be an object with rules and paths`);
  return data as Record<string, unknown>;
}

/** The project's key type ("keys"); projects made before bigint keys have none and keep integer. */
export function keysOf(config: Record<string, unknown>): KeyType {
  const keys = config.keys ?? DEFAULT_KEYS;
  if (typeof keys !== 'string' || !Object.hasOwn(KEY_TYPES, keys))
    fail('STRATA_CONFIG', `${CONFIG_FILE}: keys is ${q(String(keys))}; use "bigint" (or "integer" for a project whose keys are 32-bit)`);
  return keys as KeyType;
}

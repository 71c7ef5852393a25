import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fail, q } from '../errors.ts';
import { ROLES } from './analysis/roles.ts';
import { allRules } from './rules/index.ts';
import { CONFIG_FILE, configObject, keysOf } from '../project-config.ts';
import type { KeyType } from '../types/keys.ts';

/** What a rule's findings count as. */
export type Severity = 'error' | 'warn' | 'off';

/** strata.config.json: rule severities, the folders to check, folder → role hints, and the project's key type. */
export interface CheckConfig {
  rules: Record<string, Severity>;
  paths: string[];
  roles: Record<string, (typeof ROLES)[number]>;
  /** Primary and foreign keys: bigint (new projects) or integer (projects made before) */
  keys: KeyType;
}

export { CONFIG_FILE } from '../project-config.ts';

/** Reads and strictly validates strata.config.json; defaults when absent. */
export function loadConfig(root: string): CheckConfig {
  const file = path.join(root, CONFIG_FILE);
  return parseConfig(existsSync(file) ? readFileSync(file, 'utf8') : undefined, existsSync(path.join(root, 'src')));
}

/** Validates the text of strata.config.json (undefined: no file); hasSrc sets the default paths. */
export function parseConfig(text: string | undefined, hasSrc = true): CheckConfig {
  const data = configObject(text);
  const { rules = {}, paths = hasSrc ? ['src'] : ['.'], roles = {}, keys: _keys, ...extra } = data;
  const unknownKey = Object.keys(extra)[0];
  if (unknownKey !== undefined) fail('STRATA_CONFIG', `${CONFIG_FILE}: unknown key ${q(unknownKey)}; use rules, paths, roles and keys`);
  const keys = keysOf(data);
  if (typeof roles !== 'object' || roles === null || Array.isArray(roles))
    fail('STRATA_CONFIG', `${CONFIG_FILE}: roles must map folders to one of ${ROLES.join(', ')}`);
  for (const [folder, role] of Object.entries(roles as Record<string, unknown>)) {
    if (!(ROLES as readonly unknown[]).includes(role))
      fail('STRATA_CONFIG', `${CONFIG_FILE}: roles.${folder} is ${q(String(role))}; use one of ${ROLES.join(', ')}`);
  }
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules))
    fail('STRATA_CONFIG', `${CONFIG_FILE}: rules must map rule ids to "error", "warn" or "off"`);
  const ids = new Set(allRules().map((r) => r.id));
  for (const [id, severity] of Object.entries(rules)) {
    if (!ids.has(id)) fail('STRATA_CONFIG', `${CONFIG_FILE}: unknown rule ${q(id)}; the rules are listed in docs/rules/`);
    if (severity !== 'error' && severity !== 'warn' && severity !== 'off')
      fail('STRATA_CONFIG', `${CONFIG_FILE}: rule ${id} has severity ${q(String(severity))}; use "error", "warn" or "off"`);
  }
  if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string' && !p.includes('..') && !path.isAbsolute(p)))
    fail('STRATA_CONFIG', `${CONFIG_FILE}: paths must be a list of folders inside the project`);
  return { rules: rules as Record<string, Severity>, paths: paths as string[], roles: roles as CheckConfig['roles'], keys };
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fail, q } from '../errors.ts';
import { ROLES } from './analysis/roles.ts';
import { allRules } from './rules/index.ts';

/** What a rule's findings count as. */
export type Severity = 'error' | 'warn' | 'off';

/** strata.config.json: rule severities, the folders to check, and folder → role hints. */
export interface CheckConfig {
  rules: Record<string, Severity>;
  paths: string[];
  roles: Record<string, (typeof ROLES)[number]>;
}

/** The config file's name, at the project root. */
export const CONFIG_FILE = 'strata.config.json';

/** Reads and strictly validates strata.config.json; defaults when absent. */
export function loadConfig(root: string): CheckConfig {
  const file = path.join(root, CONFIG_FILE);
  const defaults: CheckConfig = { rules: {}, roles: {}, paths: existsSync(path.join(root, 'src')) ? ['src'] : ['.'] };
  if (!existsSync(file)) return defaults;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail('STRATA_CONFIG', `${CONFIG_FILE} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('STRATA_CONFIG', `${CONFIG_FILE} must be an object with rules and paths`);
  const { rules = {}, paths = defaults.paths, roles = {}, ...extra } = data as Record<string, unknown>;
  const unknownKey = Object.keys(extra)[0];
  if (unknownKey !== undefined) fail('STRATA_CONFIG', `${CONFIG_FILE}: unknown key ${q(unknownKey)}; use rules, paths and roles`);
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
  return { rules: rules as Record<string, Severity>, paths: paths as string[], roles: roles as CheckConfig['roles'] };
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** strata's own folder (templates/, docs/, package.json), found from this module whether it runs from src/ or the build in dist/. */
export const PACKAGE_ROOT = ((): string => {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'strata-cli') return dir;
  }
  throw new Error('strata: cannot find its own package.json');
})();

import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { SAMPLE_DIR } from './paths.ts';

// npm run sample:install: install the sample app's dependencies when missing or
// older than its lockfile. The end-to-end tests share them.
const marker = path.join(SAMPLE_DIR, 'node_modules', '.package-lock.json');
const lock = path.join(SAMPLE_DIR, 'package-lock.json');
const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
if (!fresh) {
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: SAMPLE_DIR, stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}

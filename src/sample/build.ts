import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from './compare.ts';
import { generateSample } from './generate.ts';
import { SAMPLE_DIR } from './paths.ts';

// npm run sample:build: regenerate sample-app/ in place, keeping node_modules, .data, dist and the lockfile.
const project = await generateSample();
try {
  for (const file of listFiles(SAMPLE_DIR)) rmSync(path.join(SAMPLE_DIR, file));
  for (const file of listFiles(project)) {
    mkdirSync(path.dirname(path.join(SAMPLE_DIR, file)), { recursive: true });
    cpSync(path.join(project, file), path.join(SAMPLE_DIR, file));
  }
  console.log(`sample-app/ regenerated (${listFiles(SAMPLE_DIR).length} files)`);
} finally {
  rmSync(path.dirname(project), { recursive: true, force: true });
}

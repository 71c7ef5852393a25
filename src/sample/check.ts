import { rmSync } from 'node:fs';
import path from 'node:path';
import { compareTrees } from './compare.ts';
import { generateSample } from './generate.ts';
import { SAMPLE_DIR } from './paths.ts';

// npm run sample:check: regenerate into a temp folder and fail on any difference.
const project = await generateSample();
try {
  const problems = compareTrees(project, SAMPLE_DIR);
  if (problems.length > 0) {
    console.error(`sample-app/ differs from what strata emits now (run npm run sample:build and commit):`);
    for (const p of problems) console.error(`  ${p}`);
    process.exitCode = 1;
  } else {
    console.log('sample-app/ is exactly what strata emits');
  }
} finally {
  rmSync(path.dirname(project), { recursive: true, force: true });
}

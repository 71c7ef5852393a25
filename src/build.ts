// npm run build: compiles the CLI to dist/ and stamps it, so bin/strata.js runs JavaScript
// instead of transpiling TypeScript at every start.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PACKAGE_ROOT } from './package-root.ts';
import { precompileTemplates } from './render.ts';

const DIST = path.join(PACKAGE_ROOT, 'dist');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

execFileSync(process.execPath, [TSC, '-p', path.join(PACKAGE_ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });

// `import ts from 'typescript'` in ESM makes Node scan typescript.js (9 MB) for its exports before
// loading it, about 0.25 s of every `strata check`; require() loads the same module without the scan.
const IMPORT = "import ts from 'typescript';";
const REQUIRE = "import { createRequire as requireFrom } from 'node:module';\nconst ts = requireFrom(import.meta.url)('typescript');";
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.js') ? [path.join(dir, e.name)] : [],
  );
for (const file of walk(DIST)) {
  const text = readFileSync(file, 'utf8');
  if (text.includes(IMPORT)) writeFileSync(file, text.replace(IMPORT, REQUIRE));
}
precompileTemplates();
writeFileSync(path.join(DIST, '.stamp'), '');

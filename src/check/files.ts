import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Project, type SourceFile } from 'ts-morph';

/** What a file is, judged by its path (and, for models, by its text). */
export type Role = 'model' | 'repository' | 'service' | 'route' | 'query' | 'migration' | 'db' | 'other';

const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', '.data', '.git', 'test', 'tests', '__tests__', 'fixtures']);

/** One source file of the project, parsed only when a rule asks for its AST. */
export class SourceEntry {
  readonly rel: string;
  readonly text: string;
  readonly role: Role;
  private ast?: SourceFile;

  constructor(
    rel: string,
    text: string,
    private readonly project: Project,
  ) {
    this.rel = rel;
    this.text = text;
    this.role = roleOf(rel, text);
  }

  /** The AST, parsed once on first use. */
  source(): SourceFile {
    this.ast ??= this.project.createSourceFile(this.rel, this.text, { overwrite: true });
    return this.ast;
  }

  /** Whether the path has a folder of this name (repositories, routes, ...). */
  inDir(...names: string[]): boolean {
    const parts = this.rel.split('/');
    return names.some((n) => parts.slice(0, -1).includes(n));
  }
}

function roleOf(rel: string, text: string): Role {
  const parts = rel.split('/');
  const dirs = parts.slice(0, -1);
  const base = parts[parts.length - 1] ?? '';
  if (dirs.includes('migrations')) return 'migration';
  if (dirs.includes('models') || /@Table\b/.test(text)) return 'model';
  if (dirs.includes('repositories') || /repository\.(ts|js)$/i.test(base)) return 'repository';
  if (dirs.includes('services') || /service\.(ts|js)$/i.test(base)) return 'service';
  if (dirs.includes('routes') || dirs.includes('controllers') || /(routes?|controller)\.(ts|js)$/i.test(base)) return 'route';
  if (dirs.includes('queries')) return 'query';
  if (dirs.includes('db') || dirs.includes('database')) return 'db';
  return 'other';
}

/** Every TypeScript and JavaScript source under the given folders, tests and builds aside. */
export function collectSources(root: string, paths: string[]): SourceEntry[] {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });
  const out: SourceEntry[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path.join(dir, entry.name));
        continue;
      }
      if (!/\.(ts|js|mts|cts|mjs|cjs)$/.test(entry.name) || /\.(test|spec|d)\.[cm]?[tj]s$/.test(entry.name)) continue;
      const abs = path.join(dir, entry.name);
      out.push(new SourceEntry(path.relative(root, abs).split(path.sep).join('/'), readFileSync(abs, 'utf8'), project));
    }
  };
  for (const p of paths) {
    const abs = path.join(root, p);
    if (existsSync(abs)) walk(abs);
  }
  return out.sort((a, b) => a.rel.localeCompare(b.rel));
}

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * How a generator means a write: `create` is template output (an existing file
 * with other content is a conflict), `edit` is an intended change of an
 * existing file (an AST edit of a registry, say).
 */
export type WriteMode = 'create' | 'edit';

/** One staged change, with what was on disk when it was first read. */
export interface StagedFile {
  path: string;
  /** Content on disk when first read; null when the file did not exist. */
  original: string | null;
  /** New content; null means delete. */
  content: string | null;
  mode: WriteMode;
}

/**
 * The in-memory tree every generator works on (after Nx's Tree and Angular's
 * schematics). Reads fall through to disk; writes are only recorded. Nothing
 * here writes to disk: src/commit.ts does that, all at once.
 */
export class Tree {
  readonly root: string;
  private readonly stagedFiles = new Map<string, StagedFile>();
  private readonly originals = new Map<string, string | null>();

  private readonly finishers = new Map<string, () => Promise<void>>();
  /** A fork reads through to its parent's staged view instead of the disk. */
  private readonly parent: Tree | undefined;

  /** The tree a fork was made from. */
  get base(): Tree | undefined {
    return this.parent;
  }

  constructor(root: string, parent?: Tree) {
    this.root = path.resolve(root);
    this.parent = parent;
  }

  /** Registers work to do once, before the change set is applied (formatting a file edited through the AST, say); one per key. */
  onFinish(key: string, run: () => Promise<void>): void {
    this.finishers.set(key, run);
  }

  /** Runs the registered work, in order, and forgets it. */
  async finish(): Promise<void> {
    // Work may register more work (a registry edited, then formatted): run until none is left.
    while (this.finishers.size > 0) {
      const runs = [...this.finishers.values()];
      this.finishers.clear();
      for (const run of runs) await run();
    }
  }

  /** A scratch tree over this one's staged view: what a generator would write next, without touching this tree. */
  fork(): Tree {
    return new Tree(this.root, this);
  }

  /** Content of a file as staged, or as on disk; null when absent. */
  read(file: string): string | null {
    const key = this.normalize(file);
    const staged = this.stagedFiles.get(key);
    if (staged) return staged.content;
    return this.original(key);
  }

  /** The staged change of a file, if this tree has one. */
  staged(file: string): StagedFile | undefined {
    return this.stagedFiles.get(this.normalize(file));
  }

  /** True when the file exists in the staged view. */
  exists(file: string): boolean {
    return this.read(file) !== null;
  }

  /** Stages new content for a file. */
  write(file: string, content: string, mode: WriteMode = 'create'): void {
    const key = this.normalize(file);
    const prior = this.stagedFiles.get(key);
    // Template output stays template output when an AST edit follows in the same run (a model
    // that a later generator adds a has-many to): the user's edits are still merged, and the
    // baseline is everything strata wrote.
    this.stagedFiles.set(key, { path: key, original: this.original(key), content, mode: prior?.mode === 'create' ? 'create' : mode });
  }

  /** Stages the removal of a file. */
  delete(file: string): void {
    const key = this.normalize(file);
    this.stagedFiles.set(key, { path: key, original: this.original(key), content: null, mode: 'edit' });
  }

  /** Files directly or indirectly under a folder, in the staged view, sorted. */
  list(dir: string): string[] {
    const key = this.normalize(dir);
    const found = new Set<string>(this.parent?.list(dir));
    const abs = path.join(this.root, key);
    if (!this.parent && existsSync(abs) && statSync(abs).isDirectory()) {
      for (const entry of readdirSync(abs, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const rel = path.relative(this.root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
        if (!rel.split('/').includes('node_modules')) found.add(rel);
      }
    }
    for (const [file, change] of this.stagedFiles) {
      if (key === '' || file.startsWith(`${key}/`)) {
        if (change.content === null) found.delete(file);
        else found.add(file);
      }
    }
    return [...found].sort();
  }

  /** Every staged change, sorted by path. */
  changes(): StagedFile[] {
    return [...this.stagedFiles.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Absolute path of a tree path. */
  abs(file: string): string {
    return path.join(this.root, this.normalize(file));
  }

  private original(key: string): string | null {
    if (this.parent) return this.parent.read(key);
    if (!this.originals.has(key)) {
      const abs = path.join(this.root, key);
      this.originals.set(key, existsSync(abs) && statSync(abs).isFile() ? readFileSync(abs, 'utf8') : null);
    }
    return this.originals.get(key) ?? null;
  }

  private normalize(file: string): string {
    const rel = path.isAbsolute(file) ? path.relative(this.root, file) : file;
    const norm = path.posix.normalize(rel.split(path.sep).join('/')).replace(/^\.\//, '').replace(/\/$/, '');
    if (norm.startsWith('../') || norm === '..') throw new Error(`path escapes the tree: ${file}`);
    return norm === '.' ? '' : norm;
  }
}

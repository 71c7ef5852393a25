import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyTree } from '../../src/apply.ts';
import { commit } from '../../src/commit.ts';
import { plan, writesOf } from '../../src/conflicts.ts';
import { StrataError } from '../../src/errors.ts';
import { Tree } from '../../src/tree.ts';
import { hashTree, tempDir } from '../helpers.ts';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function workspace(): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src/keep.ts'), 'export const keep = 1;\n');
  writeFileSync(path.join(dir, 'src/edit.ts'), 'export const edit = 1;\n');
  writeFileSync(path.join(dir, 'src/gone.ts'), 'export const gone = 1;\n');
  return dir;
}

describe('Tree', () => {
  it('stages writes in memory and reads through to disk', () => {
    const dir = workspace();
    const tree = new Tree(dir);
    expect(tree.read('src/keep.ts')).toBe('export const keep = 1;\n');
    tree.write('src/new/file.ts', 'x');
    tree.delete('src/gone.ts');
    expect(tree.read('src/new/file.ts')).toBe('x');
    expect(tree.exists('src/gone.ts')).toBe(false);
    expect(tree.list('src')).toEqual(['src/edit.ts', 'src/keep.ts', 'src/new/file.ts']);
    expect(existsSync(path.join(dir, 'src/new/file.ts'))).toBe(false);
  });

  it('refuses paths that leave the tree', () => {
    expect(() => new Tree('/tmp/x').write('../escape.ts', '')).toThrow(/escapes/);
  });
});

describe('conflicter', () => {
  it('settles create, update, identical, delete, conflict, force and skip', () => {
    const dir = workspace();
    const tree = new Tree(dir);
    tree.write('src/a.ts', 'new');
    tree.write('src/keep.ts', 'export const keep = 1;\n');
    tree.write('src/edit.ts', 'edited', 'edit');
    tree.write('src/gone.ts', 'other');
    tree.delete('src/nothing.ts');
    const actions = (policy: 'abort' | 'force' | 'skip') => Object.fromEntries(plan(tree.changes(), policy).map((c) => [c.path, c.action]));
    expect(actions('abort')).toEqual({
      'src/a.ts': 'create',
      'src/keep.ts': 'identical',
      'src/edit.ts': 'update',
      'src/gone.ts': 'conflict',
      'src/nothing.ts': 'identical',
    });
    expect(actions('force')['src/gone.ts']).toBe('force');
    expect(actions('skip')['src/gone.ts']).toBe('skip');
  });

  it('a conflict writes nothing and says how to proceed', () => {
    const dir = workspace();
    const before = hashTree(dir);
    const tree = new Tree(dir);
    tree.write('src/a.ts', 'new');
    tree.write('src/keep.ts', 'changed');
    const lines: string[] = [];
    expect(() => applyTree(tree, { out: (l) => lines.push(l) })).toThrow(/--force .* --skip/);
    expect(hashTree(dir)).toBe(before);
    expect(lines.join('\n')).toContain('conflict  src/keep.ts');
    expect(lines.join('\n')).toContain('+changed');
  });

  it('--dry-run lists the changes and writes nothing', () => {
    const dir = workspace();
    const before = hashTree(dir);
    const tree = new Tree(dir);
    tree.write('src/a.ts', 'new');
    const lines: string[] = [];
    applyTree(tree, { dryRun: true, diff: true, out: (l) => lines.push(l) });
    expect(hashTree(dir)).toBe(before);
    expect(lines[0]).toBe('      create  src/a.ts');
    expect(lines[1]).toContain('+new');
  });
});

describe('commit', () => {
  it('writes, updates and deletes all at once', () => {
    const dir = workspace();
    const tree = new Tree(dir);
    tree.write('src/deep/new.ts', 'new');
    tree.write('src/edit.ts', 'edited', 'edit');
    tree.delete('src/gone.ts');
    applyTree(tree, { out: () => {} });
    expect(readFileSync(path.join(dir, 'src/deep/new.ts'), 'utf8')).toBe('new');
    expect(readFileSync(path.join(dir, 'src/edit.ts'), 'utf8')).toBe('edited');
    expect(existsSync(path.join(dir, 'src/gone.ts'))).toBe(false);
  });

  it.each([0, 1, 2])('a failure before rename %i leaves the tree exactly as it was', (failAt) => {
    const dir = workspace();
    const before = hashTree(dir);
    const tree = new Tree(dir);
    tree.write('src/deep/er/new.ts', 'new');
    tree.write('src/edit.ts', 'edited', 'edit');
    tree.delete('src/gone.ts');
    const writes = writesOf(plan(tree.changes(), 'abort'));
    const hooks = {
      beforeRename: (_file: string, i: number) => {
        if (i === failAt) throw new Error('disk full');
      },
    };
    expect(() => commit(dir, writes, hooks)).toThrow(StrataError);
    expect(hashTree(dir)).toBe(before);
  });

  it('refuses to overwrite a file that changed on disk after it was read', () => {
    const dir = workspace();
    const tree = new Tree(dir);
    tree.write('src/edit.ts', 'edited', 'edit');
    writeFileSync(path.join(dir, 'src/edit.ts'), 'someone else');
    expect(() => applyTree(tree, { out: () => {} })).toThrow(/changed on disk/);
    expect(readFileSync(path.join(dir, 'src/edit.ts'), 'utf8')).toBe('someone else');
  });
});

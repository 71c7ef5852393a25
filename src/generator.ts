import type { Tree } from './tree.ts';

/** One named step of a generator; it sees only the normalized options. */
export type Step<O> = readonly [name: string, run: (tree: Tree, options: O) => void | Promise<void>];

/** A generator: usage text, one normalize function, and a straight list of named steps. */
export interface Generator<A, O> {
  name: string;
  usage: string;
  normalize: (args: A, tree: Tree) => O | Promise<O>;
  steps: ReadonlyArray<Step<O>>;
}

/** Runs steps against the tree, in order (a generator composing another runs the other's steps this way). */
export async function runSteps<O>(steps: ReadonlyArray<Step<O>>, tree: Tree, options: O): Promise<void> {
  for (const [, run] of steps) await run(tree, options);
}

const depth = new WeakMap<Tree, number>();

/**
 * Normalizes once, then runs every step against the tree, in order. The outermost generator
 * on a tree (not one a generator composes) then finishes it: files edited through the AST are
 * formatted once, however many generators edited them.
 */
export async function runGenerator<A, O>(generator: Generator<A, O>, args: A, tree: Tree): Promise<O> {
  const level = depth.get(tree) ?? 0;
  depth.set(tree, level + 1);
  try {
    const options = await generator.normalize(args, tree);
    await runSteps(generator.steps, tree, options);
    if (level === 0) await tree.finish();
    return options;
  } finally {
    depth.set(tree, level);
  }
}

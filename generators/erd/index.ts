import { ERD_FILE, dotErd, erdDocument, isStrataErd, mermaidErd, type ErdFormat } from '../../src/erd.ts';
import type { Generator } from '../../src/generator.ts';
import { assertProject } from '../../src/project.ts';
import { readSnapshot } from '../../src/snapshot/store.ts';
import type { Tree } from '../../src/tree.ts';
import { ERD_USAGE } from './usage.ts';

/** What the user gave `strata erd`. */
export interface ErdArgs {
  format: ErdFormat;
}

/** The diagram, the file it goes to and that file's text. */
export interface ErdOptions {
  diagram: string;
  file: string;
  text: string;
}

/** `strata erd`: the schema snapshot drawn as Mermaid (docs/erd.md) or Graphviz (docs/erd.dot). */
export const erdGenerator: Generator<ErdArgs, ErdOptions> = {
  name: 'erd',
  usage: ERD_USAGE,
  normalize: (args: ErdArgs, tree: Tree): ErdOptions => {
    assertProject(tree);
    // The snapshot keeps its tables sorted by name (writeSnapshot), so the diagram is stable.
    const snapshot = readSnapshot(tree);
    if (args.format === 'dot') return { diagram: dotErd(snapshot), file: 'docs/erd.dot', text: dotErd(snapshot) };
    return { diagram: mermaidErd(snapshot), file: ERD_FILE, text: erdDocument(snapshot) };
  },
  // A docs/erd.md of the user's own is a conflict (--force replaces it), not silently replaced.
  steps: [['write the diagram', (tree, o) => tree.write(o.file, o.text, o.file !== ERD_FILE || isStrataErd(tree.read(o.file)) ? 'edit' : 'create')]],
};

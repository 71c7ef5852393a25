import { ERD_FILE, dotErd, erdDocument, mermaidErd, type ErdFormat } from '../../src/erd.ts';
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
    const snapshot = readSnapshot(tree);
    const tables = [...snapshot.tables].sort((a, b) => a.name.localeCompare(b.name));
    const sorted = { ...snapshot, tables };
    if (args.format === 'dot') return { diagram: dotErd(sorted), file: 'docs/erd.dot', text: dotErd(sorted) };
    return { diagram: mermaidErd(sorted), file: ERD_FILE, text: erdDocument(sorted) };
  },
  steps: [['write the diagram', (tree, o) => tree.write(o.file, o.text, 'edit')]],
};

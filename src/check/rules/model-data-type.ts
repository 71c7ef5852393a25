import ts from 'typescript';
import type { Rule } from './helpers.ts';

/** model-data-type: Every @Column names its DataType. */
export const modelDataType: Rule = {
  id: 'model-data-type',
  title: 'Every @Column names its DataType',
  check: (a) =>
    a.models
      .filter((m) => m.decl !== undefined && ts.isClassDeclaration(m.decl) && m.node === m.decl.name && !a.emitsDecoratorMetadata)
      .flatMap((m) =>
        m.columns
          .filter((c) => !c.named && ts.isPropertyDeclaration(c.node.parent))
          .map((c) => ({
            node: c.node,
            message: `${m.name}.${c.name}: @Column names no DataType; esbuild, tsx and vitest emit no decorator metadata, so write @Column(DataType.…) or @Column({ type: DataType.… })`,
          })),
      ),
};

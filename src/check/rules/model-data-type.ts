import { Node } from 'ts-morph';
import { line, modelClasses, type Rule } from './helpers.ts';

/** model-data-type: Every @Column names its DataType. */
export const modelDataType: Rule = {
  id: 'model-data-type',
  title: 'Every @Column names its DataType',
  applies: (f) => f.role === 'model',
  quick: /@Column/,
  check: (f) =>
    modelClasses(f.source()).flatMap((c) =>
      c
        .getProperties()
        .filter((p) => {
          const d = p.getDecorator('Column');
          if (!d) return false;
          const arg = d.getArguments()[0];
          if (!arg) return true;
          return Node.isObjectLiteralExpression(arg) && !arg.getProperty('type');
        })
        .map((p) => ({
          line: line(p),
          message: `${c.getName()}.${p.getName()}: @Column names no DataType; esbuild, tsx and vitest emit no decorator metadata, so write @Column({ type: DataType.… })`,
        })),
    ),
};

import { snake } from '../../names.ts';
import { declaredIndexes, line, modelClasses, type Rule } from './helpers.ts';

/** model-fk-index: Every foreign key column has an index. */
export const modelFkIndex: Rule = {
  id: 'model-fk-index',
  title: 'Every foreign key column has an index',
  applies: (f) => f.role === 'model',
  quick: /@ForeignKey|@BelongsTo/,
  check: (f) => {
    const source = f.source();
    return modelClasses(source).flatMap((c) => {
      const indexes = declaredIndexes(source, c.getName() ?? '');
      return c
        .getProperties()
        .filter((p) => p.getDecorator('ForeignKey'))
        .filter((p) => !indexes.some((i) => i.fields[0] === p.getName() || i.fields[0] === snake(p.getName())))
        .map((p) => ({
          line: line(p),
          message: `foreign key ${c.getName()}.${p.getName()} has no index; add { name: 'idx_<table>_${snake(p.getName())}', fields: ['${snake(p.getName())}'] } to @Table indexes`,
        }));
    });
  },
};

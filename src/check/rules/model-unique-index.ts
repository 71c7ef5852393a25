import { snake } from '../../names.ts';
import { declaredIndexes, line, modelClasses, optionsOf, propText, type Rule } from './helpers.ts';

/** model-unique-index: Unique columns are backed by a declared unique index. */
export const modelUniqueIndex: Rule = {
  id: 'model-unique-index',
  title: 'Unique columns are backed by a declared unique index',
  applies: (f) => f.role === 'model',
  quick: /unique:\s*true/,
  check: (f) => {
    const source = f.source();
    return modelClasses(source).flatMap((c) => {
      const indexes = declaredIndexes(source, c.getName() ?? '');
      return c
        .getProperties()
        .filter((p) => propText(optionsOf(p.getDecorator('Column')), 'unique') === 'true')
        .filter((p) => !indexes.some((i) => i.unique && i.fields.length === 1 && (i.fields[0] === p.getName() || i.fields[0] === snake(p.getName()))))
        .map((p) => ({
          line: line(p),
          message: `${c.getName()}.${p.getName()} is unique but no unique index is declared; add { name: 'uq_<table>_${snake(p.getName())}', fields: ['${snake(p.getName())}'], unique: true } to @Table indexes`,
        }));
    });
  },
};

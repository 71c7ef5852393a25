import { SyntaxKind } from 'ts-morph';
import { isAsyncHandler, line, type Rule } from './helpers.ts';

/** lifecycle-pool-outside-db: One Sequelize instance and one pg Pool, made in the db module. */
export const lifecyclePoolOutsideDb: Rule = {
  id: 'lifecycle-pool-outside-db',
  title: 'One Sequelize instance and one pg Pool, made in the db module',
  applies: (f) => f.role !== 'migration',
  quick: /new\s+(\w+\.)?(Sequelize|Pool)\b/,
  check: (f) =>
    f
      .source()
      .getDescendantsOfKind(SyntaxKind.NewExpression)
      .filter((n) => /^(\w+\.)?(Sequelize|Pool)$/.test(n.getExpression().getText()))
      .filter((n) => f.role !== 'db' || n.getAncestors().some((a) => isAsyncHandler(a)))
      .map((n) => ({
        line: line(n),
        message: `new ${n.getExpression().getText()} ${f.role === 'db' ? 'inside a function that runs per call' : 'outside the db module'}; create it once in src/db and share it through the app's lifecycle`,
      })),
};

import { Node, SyntaxKind, type CallExpression, type Decorator, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import { snake } from '../names.ts';
import type { SourceEntry } from './files.ts';

/** A finding before config and inline ignores are applied. */
export interface RawFinding {
  line: number;
  message: string;
}

/** One rule: an id (its doc is docs/rules/<id>.md), which files it reads, and the check. */
export interface Rule {
  id: string;
  title: string;
  /** Files this rule reads; the others are never parsed for it. */
  applies: (file: SourceEntry) => boolean;
  /** A cheap text test before any parsing. */
  quick?: RegExp;
  check: (file: SourceEntry) => RawFinding[];
}

const line = (node: Node): number => node.getStartLineNumber();

function optionsOf(decorator: Decorator | undefined, index = 0): ObjectLiteralExpression | undefined {
  const arg = decorator?.getArguments()[index];
  return arg && Node.isObjectLiteralExpression(arg) ? arg : undefined;
}

function propText(obj: ObjectLiteralExpression | undefined, name: string): string | undefined {
  const p = obj?.getProperty(name);
  return p && Node.isPropertyAssignment(p) ? p.getInitializer()?.getText() : undefined;
}

function modelClasses(source: SourceFile) {
  return source.getClasses().filter((c) => c.getDecorator('Table'));
}

/** Indexes a model declares: fields of @Table indexes, and properties with @Index. */
function declaredIndexes(source: SourceFile, className: string): Array<{ fields: string[]; unique: boolean }> {
  const cls = source.getClass(className);
  const out: Array<{ fields: string[]; unique: boolean }> = [];
  const list = optionsOf(cls?.getDecorator('Table'))?.getProperty('indexes');
  const init = list && Node.isPropertyAssignment(list) ? list.getInitializer() : undefined;
  if (init && Node.isArrayLiteralExpression(init)) {
    for (const el of init.getElements()) {
      if (!Node.isObjectLiteralExpression(el)) continue;
      const fields = el.getProperty('fields');
      const arr = fields && Node.isPropertyAssignment(fields) ? fields.getInitializer() : undefined;
      const names = arr && Node.isArrayLiteralExpression(arr) ? arr.getElements().map((e) => e.getText().replace(/^['"`]|['"`]$/g, '')) : [];
      out.push({ fields: names, unique: propText(el, 'unique') === 'true' });
    }
  }
  for (const p of cls?.getProperties() ?? []) {
    const index = p.getDecorator('Index');
    if (index) out.push({ fields: [p.getName(), snake(p.getName())], unique: propText(optionsOf(index), 'unique') === 'true' });
  }
  return out;
}

const QUERY_METHOD = /^(findAll|findOne|findByPk|findAndCountAll|findOrCreate|count|sum|max|min|query|\$get|\$count|get[A-Z]\w*|load[A-Z]\w*|fetch\w*)$/;
const NOT_QUERY = new Set(['getDataValue', 'getTableName', 'getAttributes', 'getHeader', 'getSchema']);
const LOOP_CALLBACK = new Set(['map', 'forEach', 'filter', 'reduce', 'flatMap', 'some', 'every', 'find']);

function methodName(call: CallExpression): string | undefined {
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) ? callee.getName() : Node.isIdentifier(callee) ? callee.getText() : undefined;
}

function isLoopBody(node: Node): boolean {
  if (Node.isForOfStatement(node) || Node.isForStatement(node) || Node.isForInStatement(node) || Node.isWhileStatement(node) || Node.isDoStatement(node)) return true;
  if (Node.isArrowFunction(node) || Node.isFunctionExpression(node)) {
    const parent = node.getParent();
    if (parent && Node.isCallExpression(parent)) {
      const name = methodName(parent);
      return name !== undefined && LOOP_CALLBACK.has(name) && parent.getArguments()[0] === node;
    }
  }
  return false;
}

const REQUEST_INPUT = /\b(req|request)\.(query|body|params)\b/;
const ORM_MODULES = /^(sequelize|sequelize-typescript)$|\/models(\/|$)|\/repositories(\/|$)|\/db\/session(\.[tj]s)?$/;
const RAW_MODULES = /^(pg|postgres|pg-copy-streams|pg-pool)$|\/db\/database(\.[tj]s)?$|\/queries(\/|$)/;
const HTTP_MODULES = /^(fastify|express|koa|hono)$|^@fastify\/|\/routes(\/|$)|\/controllers(\/|$)|\/http(\/|$)/;

function imports(source: SourceFile): Array<{ module: string; line: number }> {
  const out = source.getImportDeclarations().map((d) => ({ module: d.getModuleSpecifierValue(), line: line(d) }));
  for (const call of source.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (call.getExpression().getText() === 'require') {
      const arg = call.getArguments()[0];
      if (arg && Node.isStringLiteral(arg)) out.push({ module: arg.getLiteralValue(), line: line(call) });
    }
  }
  return out;
}

const isRequestPath = (f: SourceEntry): boolean => ['repository', 'service', 'route', 'query'].includes(f.role);

function isAsyncHandler(node: Node): boolean {
  if (!(Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node))) return false;
  return node.isAsync();
}

/** The rules of `strata check`, drawn from our data-layer guides. */
export const RULES: Rule[] = [
  {
    id: 'model-timestamps',
    title: 'Every table has created_at and updated_at',
    applies: (f) => f.role === 'model',
    quick: /timestamps|createdAt|updatedAt/,
    check: (f) =>
      modelClasses(f.source()).flatMap((c) => {
        const o = optionsOf(c.getDecorator('Table'));
        const off = ['timestamps', 'createdAt', 'updatedAt'].find((k) => propText(o, k) === 'false');
        return off ? [{ line: line(c.getDecorator('Table')!), message: `${c.getName()} turns off ${off}; every table keeps created_at and updated_at (timestamptz, NOT NULL, default now())` }] : [];
      }),
  },
  {
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
          .map((p) => ({ line: line(p), message: `foreign key ${c.getName()}.${p.getName()} has no index; add { name: 'idx_<table>_${snake(p.getName())}', fields: ['${snake(p.getName())}'] } to @Table indexes` }));
      });
    },
  },
  {
    id: 'model-string-length',
    title: 'String columns have an explicit length limit',
    applies: (f) => f.role === 'model',
    quick: /STRING/,
    check: (f) =>
      f
        .source()
        .getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)
        .filter((p) => p.getName() === 'STRING' && /^DataTypes?$/.test(p.getExpression().getText()))
        .filter((p) => !Node.isCallExpression(p.getParent()) || (p.getParent() as CallExpression).getArguments().length === 0)
        .map((p) => ({ line: line(p), message: `${p.getText()} without a length is an implicit varchar(255); give the limit you mean, e.g. DataType.STRING(120), or use TEXT` })),
  },
  {
    id: 'model-on-delete',
    title: 'Every relation says what ON DELETE does',
    applies: (f) => f.role === 'model',
    quick: /@(BelongsTo|HasMany|HasOne)\b/,
    check: (f) =>
      modelClasses(f.source()).flatMap((c) =>
        c.getProperties().flatMap((p) =>
          p
            .getDecorators()
            .filter((d) => ['BelongsTo', 'HasMany', 'HasOne'].includes(d.getName()))
            .filter((d) => !d.getArguments().some((a) => Node.isObjectLiteralExpression(a) && a.getProperty('onDelete')))
            .map((d) => ({ line: line(d), message: `@${d.getName()} ${c.getName()}.${p.getName()} has no onDelete; say CASCADE, SET NULL or RESTRICT` })),
        ),
      ),
  },
  {
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
          .map((p) => ({ line: line(p), message: `${c.getName()}.${p.getName()} is unique but no unique index is declared; add { name: 'uq_<table>_${snake(p.getName())}', fields: ['${snake(p.getName())}'], unique: true } to @Table indexes` }));
      });
    },
  },
  {
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
          .map((p) => ({ line: line(p), message: `${c.getName()}.${p.getName()}: @Column names no DataType; esbuild, tsx and vitest emit no decorator metadata, so write @Column({ type: DataType.… })` })),
      ),
  },
  {
    id: 'query-n-plus-one',
    title: 'No query per row inside a loop',
    applies: (f) => f.role !== 'migration' && f.role !== 'model',
    quick: /await/,
    check: (f) =>
      f
        .source()
        .getDescendantsOfKind(SyntaxKind.AwaitExpression)
        .filter((a) => {
          const call = a.getExpression();
          if (!Node.isCallExpression(call)) return false;
          const name = methodName(call);
          if (!name || NOT_QUERY.has(name) || !QUERY_METHOD.test(name) || !Node.isPropertyAccessExpression(call.getExpression())) return false;
          return a.getAncestors().some((n) => isLoopBody(n));
        })
        .map((a) => ({ line: line(a), message: `${a.getExpression().getText().split('(')[0]}() runs once per iteration (N+1); load the rows for the whole list in one query (include, or WHERE id IN ...)` })),
  },
  {
    id: 'query-unbounded-findall',
    title: 'findAll on a request path has a limit',
    applies: isRequestPath,
    quick: /findAll/,
    check: (f) =>
      f
        .source()
        .getDescendantsOfKind(SyntaxKind.CallExpression)
        .filter((c) => methodName(c) === 'findAll')
        .filter((c) => {
          const arg = c.getArguments()[0];
          return !arg || (Node.isObjectLiteralExpression(arg) && !arg.getProperty('limit'));
        })
        .map((c) => ({ line: line(c), message: `${c.getExpression().getText()}() has no limit; bound it (a page of at most 100) so one request cannot read a whole table` })),
  },
  {
    id: 'query-unbounded-pagination',
    title: 'List routes paginate with a limit of at most 100',
    applies: (f) => f.role === 'route' || f.inDir('http'),
    quick: /limit|Type\.Array|type:\s*['"]array/,
    check: (f) => {
      const out: RawFinding[] = [];
      for (const p of f.source().getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
        const init = p.getInitializer();
        if (!init) continue;
        const envelope = p.getParentIfKind(SyntaxKind.ObjectLiteralExpression)?.getProperty('items') !== undefined;
        if (p.getName() === 'limit' && !envelope && /Type\.(Integer|Number)|type:\s*['"](integer|number)/.test(init.getText())) {
          const max = /maximum:\s*([0-9_]+)/.exec(init.getText());
          const value = max ? Number(max[1]!.replace(/_/g, '')) : Infinity;
          if (value > 100) out.push({ line: line(p), message: `limit ${max ? `allows up to ${value}` : 'has no maximum'}; bound it with maximum: 100` });
        }
        if (/^(200|'200')$/.test(p.getName()) && p.getFirstAncestor((a) => Node.isPropertyAssignment(a) && a.getName() === 'response') && /^Type\.Array\(|^\{\s*type:\s*['"]array/.test(init.getText())) {
          out.push({ line: line(p), message: 'this route returns an unbounded array; return a page ({ items, total, limit, offset }) with limit at most 100' });
        }
      }
      return out;
    },
  },
  {
    id: 'query-unsafe-input',
    title: 'order, attributes and where never come straight from request input',
    applies: (f) => f.role !== 'migration' && f.role !== 'model',
    quick: /\b(req|request)\.(query|body|params)\b/,
    check: (f) =>
      f
        .source()
        .getDescendantsOfKind(SyntaxKind.PropertyAssignment)
        .filter((p) => ['order', 'attributes', 'where', 'group'].includes(p.getName()) && REQUEST_INPUT.test(p.getInitializer()?.getText() ?? ''))
        .map((p) => ({ line: line(p), message: `${p.getName()} is built from request input; map it through a whitelist of columns first` })),
  },
  {
    id: 'query-raw-interpolation',
    title: 'Raw SQL is parameterized, never interpolated or concatenated',
    applies: (f) => f.role !== 'migration',
    quick: /query\(|literal\(|\$queryRaw/,
    check: (f) =>
      f
        .source()
        .getDescendantsOfKind(SyntaxKind.CallExpression)
        .filter((c) => ['query', 'literal', 'queryRaw', '$queryRawUnsafe'].includes(methodName(c) ?? ''))
        .filter((c) => {
          const sql = c.getArguments()[0];
          if (!sql) return false;
          if (Node.isTemplateExpression(sql)) return sql.getTemplateSpans().some((s) => !/^[A-Z][A-Z0-9_]*$/.test(s.getExpression().getText()));
          return Node.isBinaryExpression(sql) && sql.getOperatorToken().getKind() === SyntaxKind.PlusToken;
        })
        .map((c) => ({ line: line(c), message: 'SQL built by interpolation or concatenation; pass values as parameters ($1, $2 or replacements)' })),
  },
  {
    id: 'layer-mixed-data-layers',
    title: 'A module uses the ORM or the raw pg pool, never both',
    applies: (f) => f.role !== 'migration' && f.role !== 'db',
    quick: /sequelize|models|repositories|['"]pg['"]|database|queries/,
    check: (f) => {
      const all = imports(f.source());
      const orm = all.find((i) => ORM_MODULES.test(i.module));
      const raw = all.find((i) => RAW_MODULES.test(i.module));
      return orm && raw ? [{ line: raw.line, message: `uses the ORM (${orm.module}) and raw SQL (${raw.module}); each feature picks one data layer` }] : [];
    },
  },
  {
    id: 'layer-query-module',
    title: 'Raw SQL query modules never use the ORM',
    applies: (f) => f.role === 'query',
    check: (f) =>
      imports(f.source())
        .filter((i) => ORM_MODULES.test(i.module) || /\/services(\/|$)/.test(i.module))
        .map((i) => ({ line: i.line, message: `a raw SQL query module imports ${i.module}; query modules stay stateless and use only the pg pool` })),
  },
  {
    id: 'layer-repository-boundary',
    title: 'Repositories only persist',
    applies: (f) => f.role === 'repository',
    check: (f) =>
      imports(f.source())
        .filter((i) => HTTP_MODULES.test(i.module) || /\/services(\/|$)|(^|\/)errors(\.[tj]s)?$/.test(i.module))
        .map((i) => ({ line: i.line, message: `a repository imports ${i.module}; repositories persist only: HTTP, services and domain errors belong in services` })),
  },
  {
    id: 'layer-route-data-access',
    title: 'Routes reach data through services',
    applies: (f) => f.role === 'route',
    check: (f) =>
      imports(f.source())
        .filter((i) => ORM_MODULES.test(i.module) || RAW_MODULES.test(i.module))
        .map((i) => ({ line: i.line, message: `a route imports ${i.module}; call a service instead` })),
  },
  {
    id: 'layer-service-http',
    title: 'Services know nothing of HTTP',
    applies: (f) => f.role === 'service',
    check: (f) =>
      imports(f.source())
        .filter((i) => HTTP_MODULES.test(i.module))
        .map((i) => ({ line: i.line, message: `a service imports ${i.module}; keep HTTP in routes, and throw domain errors here` })),
  },
  {
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
  },
  {
    id: 'lifecycle-client-release',
    title: 'A pool client is released on every path',
    applies: () => true,
    quick: /\.connect\(\)/,
    check: (f) =>
      f
        .source()
        .getDescendantsOfKind(SyntaxKind.VariableDeclaration)
        .filter((v) => {
          const init = v.getInitializer();
          return !!init && Node.isAwaitExpression(init) && /pool\w*\.connect\(\)$/i.test(init.getExpression().getText());
        })
        .filter((v) => {
          const fn = v.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
          return !(fn?.getDescendantsOfKind(SyntaxKind.TryStatement) ?? []).some((t) => t.getFinallyBlock()?.getText().includes(`${v.getName()}.release(`));
        })
        .map((v) => ({ line: line(v), message: `${v.getName()} is acquired from a pool but not released in a finally block; release it on every path` })),
  },
  {
    id: 'lifecycle-sync-in-async',
    title: 'No blocking calls in async request code',
    applies: (f) => isRequestPath(f) || f.role === 'other',
    quick: /Sync\(/,
    check: (f) =>
      f
        .source()
        .getDescendantsOfKind(SyntaxKind.CallExpression)
        .filter((c) => /Sync$/.test(methodName(c) ?? ''))
        .filter((c) => {
          const fn = c.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a));
          return fn !== undefined && isAsyncHandler(fn) && (isRequestPath(f) || /\.(get|post|put|patch|delete|all|route|addHook)\(/.test(fn.getParent()?.getText() ?? ''));
        })
        .map((c) => ({ line: line(c), message: `${methodName(c)}() blocks the event loop inside async request code; use the async version` })),
  },
  {
    id: 'migration-down',
    title: 'Every migration has a down',
    applies: (f) => f.role === 'migration' && /^[0-9]/.test(f.rel.split('/').pop() ?? ''),
    check: (f) => {
      const source = f.source();
      const exported = source.getExportedDeclarations().has('down');
      const commonjs = /module\.exports[\s\S]*\bdown\b|exports\.down\b/.test(f.text);
      return exported || commonjs ? [] : [{ line: 1, message: 'this migration has no down; write the down that undoes up' }];
    },
  },
];

/** Rules that look at the project as a whole rather than file by file. */
export const PROJECT_RULES = [{ id: 'migration-drift', title: 'Models, snapshot and migrations agree' }] as const;

/** A strata-ignore comment without a reason is itself reported. */
export const IGNORE_RULE = { id: 'ignore-reason', title: 'Every strata-ignore gives a reason' } as const;

/** Every rule id, with its title. */
export function allRules(): Array<{ id: string; title: string }> {
  return [...RULES.map((r) => ({ id: r.id, title: r.title })), ...PROJECT_RULES, IGNORE_RULE];
}

/** What the type checker says a call does to the database: the receiver's type decides, never its name. */
import ts from 'typescript';
import { isDriverFile } from './program.ts';

/** The constructors that make an engine (checked by type; these names only pick what to ask about). */
export const ENGINE_CLASSES = ['Sequelize', 'Pool', 'Client'] as const;
const ENGINE_NAME = new RegExp(`^(${ENGINE_CLASSES.join('|')})$`);
/** Whether a constructor's text ends in an engine's name (pg.Pool, Sequelize). */
export const namedLikeEngine = (text: string): boolean => ENGINE_NAME.test(text.split('.').pop() ?? '');

/** What a receiver is, by the declaration its type comes from. */
export type DbKind = 'modelStatic' | 'model' | 'sequelize' | 'transaction' | 'pool' | 'client' | 'queryInterface';

/** What a database call does. */
export type DbOp = 'read' | 'write' | 'sql' | 'tx' | 'commit' | 'connect' | 'release' | 'close' | 'sync' | 'define';

/** A call the checker resolved to the ORM or the pg driver. */
export interface DbCall {
  kind: DbKind;
  op: Exclude<DbOp, 'sql'>;
  layer: 'orm' | 'raw';
  method: string;
  node: ts.CallExpression;
  /** The receiver expression (the model, the pool, ...). */
  receiver: ts.Expression;
}

const OPS: Record<DbKind, Record<string, DbOp>> = {
  modelStatic: {
    findAll: 'read',
    findOne: 'read',
    findByPk: 'read',
    findAndCountAll: 'read',
    count: 'read',
    sum: 'read',
    max: 'read',
    min: 'read',
    aggregate: 'read',
    findOrCreate: 'write',
    findCreateFind: 'write',
    create: 'write',
    bulkCreate: 'write',
    update: 'write',
    destroy: 'write',
    upsert: 'write',
    increment: 'write',
    decrement: 'write',
    restore: 'write',
    truncate: 'write',
    sync: 'sync',
    drop: 'sync',
    init: 'define',
  },
  model: {
    save: 'write',
    update: 'write',
    destroy: 'write',
    increment: 'write',
    decrement: 'write',
    restore: 'write',
    reload: 'read',
    $get: 'read',
    $count: 'read',
    $has: 'read',
    $set: 'write',
    $add: 'write',
    $remove: 'write',
    $create: 'write',
  },
  sequelize: { query: 'sql', transaction: 'tx', sync: 'sync', define: 'define', close: 'close', authenticate: 'read' },
  transaction: { commit: 'commit', rollback: 'commit' },
  pool: { query: 'sql', connect: 'connect', end: 'close' },
  client: { query: 'sql', release: 'release', end: 'close', connect: 'connect' },
  queryInterface: { sequelize: 'read' },
};

const METHODS = new Set(Object.values(OPS).flatMap((m) => Object.keys(m)));
const MIXIN = /^(get|set|add|remove|count|has|create)[A-Z]/;

const KIND_OF_NAME: Record<string, DbKind> = {
  ModelStatic: 'modelStatic',
  ModelCtor: 'modelStatic',
  ModelType: 'modelStatic',
  ModelDefined: 'modelStatic',
  Sequelize: 'sequelize',
  Transaction: 'transaction',
  Pool: 'pool',
  Client: 'client',
  PoolClient: 'client',
  ClientBase: 'client',
  QueryInterface: 'queryInterface',
};

const fromDriver = (symbol: ts.Symbol | undefined): boolean => (symbol?.declarations ?? []).some((d) => isDriverFile(d.getSourceFile().fileName));

/** Classifies types by where they are declared; results are cached per type. */
export class DbTypes {
  private readonly cache = new Map<ts.Type, DbKind | null>();

  /** Whether a name (Order, favoritedBy) is a model or an association alias, so getOrder() is an accessor and getFullName() is not. */
  associationNamed: (name: string) => boolean = () => true;

  constructor(private readonly checker: ts.TypeChecker) {}

  /** What a value of this type is, or undefined when it is no database object (or unknown). */
  kindOfType(type: ts.Type, depth = 0): DbKind | undefined {
    const hit = this.cache.get(type);
    if (hit !== undefined) return hit ?? undefined;
    this.cache.set(type, null);
    const kind = this.compute(type, depth);
    this.cache.set(type, kind ?? null);
    return kind;
  }

  private compute(type: ts.Type, depth: number): DbKind | undefined {
    if (depth > 8 || type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
    // `this` in a method, or a generic bounded by a model: what it is bounded by.
    if (type.flags & ts.TypeFlags.TypeParameter) {
      const bound = this.checker.getBaseConstraintOfType(type);
      return bound && bound !== type ? this.kindOfType(bound, depth + 1) : undefined;
    }
    if (type.isUnion() || type.isIntersection()) {
      for (const part of type.types) {
        const k = this.kindOfType(part, depth + 1);
        if (k) return k;
      }
      return undefined;
    }
    const isStatic = this.checker.getSignaturesOfType(type, ts.SignatureKind.Construct).length > 0;
    for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
      if (!symbol || !fromDriver(symbol)) continue;
      if (symbol.name === 'Model') return isStatic ? 'modelStatic' : 'model';
      const named = KIND_OF_NAME[symbol.name];
      if (named === 'sequelize' && isStatic) return undefined;
      if (named) return named;
    }
    // A class of the project: walk its base types (the static side through its instances).
    if (isStatic) {
      for (const sig of this.checker.getSignaturesOfType(type, ts.SignatureKind.Construct)) {
        const instance = this.kindOfType(sig.getReturnType(), depth + 1);
        if (instance === 'model') return 'modelStatic';
      }
      return undefined;
    }
    const target = (type as ts.TypeReference).target ?? type;
    if (target.isClassOrInterface()) {
      for (const base of this.checker.getBaseTypes(target)) {
        const k = this.kindOfType(base, depth + 1);
        if (k) return k;
      }
    }
    return undefined;
  }

  /** What an expression evaluates to. */
  kindOf(expr: ts.Expression): DbKind | undefined {
    return this.kindOfType(this.checker.getTypeAtLocation(expr));
  }

  /** The database call a call expression makes, if the checker can tell. */
  callOf(call: ts.CallExpression): DbCall | undefined {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    // Only names some database object answers to are worth asking the checker about.
    if (!METHODS.has(method) && !MIXIN.test(method)) return undefined;
    const receiver = callee.expression;
    if (receiver.kind === ts.SyntaxKind.SuperKeyword) return undefined;
    const kind = this.kindOf(receiver);
    if (!kind) return undefined;
    let op = OPS[kind][method];
    if (!op && kind === 'model') op = this.mixinOp(callee) ?? this.undeclaredAccessor(callee);
    if (!op) return undefined;
    const layer = kind === 'pool' || kind === 'client' ? 'raw' : 'orm';
    if (op === 'sql') op = sqlOp(call.arguments[0], this.checker);
    return { kind, op, layer, method, node: call, receiver };
  }

  /** Association mixins a model declares (`declare getPosts: HasManyGetAssociationsMixin<Post>`). */
  private mixinOp(callee: ts.PropertyAccessExpression): DbOp | undefined {
    const type = this.checker.getTypeAtLocation(callee);
    const alias = type.aliasSymbol;
    if (!alias || !fromDriver(alias) || !alias.name.endsWith('Mixin')) return undefined;
    return /Get|Count|Has/.test(alias.name) ? 'read' : 'write';
  }

  /** An association accessor Sequelize adds at run time and the class never declares (JavaScript models): `this.countFavoritedBy()`. */
  private undeclaredAccessor(callee: ts.PropertyAccessExpression): DbOp | undefined {
    if (!MIXIN.test(callee.name.text) || this.checker.getSymbolAtLocation(callee.name)) return undefined;
    if (!this.associationNamed(callee.name.text.replace(/^(get|set|add|remove|count|has|create)/, ''))) return undefined;
    return /^(get|count|has)/.test(callee.name.text) ? 'read' : 'write';
  }

  /** What `new X(...)` makes, when X is the Sequelize class or a pg Pool or Client. */
  engineOf(node: ts.NewExpression): 'sequelize' | 'pool' | 'client' | undefined {
    const kind = this.kindOfType(this.checker.getTypeAtLocation(node));
    return kind === 'sequelize' || kind === 'pool' || kind === 'client' ? kind : undefined;
  }
}

/** The SQL text of a literal (or a const bound to one), when it can be read; a substitution reads as `hole`. */
export function sqlText(arg: ts.Expression | undefined, checker: ts.TypeChecker, hole = '$x'): string | undefined {
  if (!arg) return undefined;
  if (ts.isStringLiteralLike(arg)) return arg.text;
  if (ts.isTemplateExpression(arg)) return arg.head.text + arg.templateSpans.map((s) => `${hole}${s.literal.text}`).join('');
  if (ts.isObjectLiteralExpression(arg)) {
    const text = arg.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'text');
    return text && ts.isPropertyAssignment(text) ? sqlText(text.initializer, checker, hole) : undefined;
  }
  if (ts.isIdentifier(arg)) {
    const decl = checker.getSymbolAtLocation(arg)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return sqlText(decl.initializer, checker, hole);
  }
  return undefined;
}

/** Whether SQL text reads, writes or controls a transaction. */
function sqlOp(arg: ts.Expression | undefined, checker: ts.TypeChecker): 'read' | 'write' | 'tx' {
  const sql = sqlText(arg, checker)?.trim().toUpperCase() ?? '';
  if (/^(BEGIN|START TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/.test(sql)) return 'tx';
  if (/^(INSERT|UPDATE|DELETE|MERGE|COPY\s+\S+\s+FROM|TRUNCATE)\b/.test(sql)) return 'write';
  if (/^WITH\b/.test(sql) && /\b(INSERT|UPDATE|DELETE)\b/.test(sql)) return 'write';
  return 'read';
}

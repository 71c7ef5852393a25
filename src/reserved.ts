import { fail, q } from './errors.ts';
import { camel, pascal } from './names.ts';

/** TypeScript and JavaScript reserved words and strict-mode keywords. */
export const TS_KEYWORDS = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with as implements interface ' +
    'let package private protected public static yield any boolean constructor declare get module require number set string ' +
    'symbol type from of async await undefined never unknown object keyof readonly infer is namespace abstract override satisfies ' +
    'arguments eval prototype'
  ).split(' '),
);

/** Instance members of Sequelize's Model that an attribute of the same name would shadow. */
export const MODEL_MEMBERS = new Set(
  (
    'save update get set setAttributes toJSON destroy reload changed previous increment decrement validate restore ' +
    'isNewRecord isSoftDeleted sequelize dataValues equals equalsOneOf getDataValue setDataValue where toString ' +
    'hasOwnProperty valueOf'
  ).split(' '),
);

/** Columns every model gets; a field may not redefine them. */
export const GENERATED_FIELDS = new Set(['id', 'createdAt', 'updatedAt', 'deletedAt']);

/** Class names that would shadow globals or the imports of generated files. */
export const RESERVED_CLASSES = new Set(
  (
    'Array Boolean Date Error Function JSON Map Math Number Object Promise Proxy Reflect RegExp Set String Symbol WeakMap ' +
    'Model Table Column DataType Index Sequelize Op Type Transaction Static Fastify FastifyInstance App Health Config ' +
    'Database Migration Record Partial Required Pick Omit'
  ).split(' '),
);

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Rejects names that are no identifier, hold a path, or collide with reserved words. */
export function assertIdentifier(raw: string, what: 'field' | 'model' | 'project', context = raw): void {
  const where = context === raw ? '' : ` in ${q(context)}`;
  if (raw === '') fail('STRATA_INVALID_NAME', `${what} name is empty${where}; give a name such as ${what === 'field' ? 'title' : 'Product'}`);
  if (raw.includes('/') || raw.includes('\\') || raw.includes('..')) {
    fail('STRATA_PATH_NAME', `${what} name ${q(raw)}${where} holds a path; give a bare name without / \\ or ..`);
  }
  const pattern = what === 'project' ? /^[a-z][a-z0-9-]*$/ : IDENTIFIER;
  if (!pattern.test(raw) || raw.length > 60) {
    const hint = what === 'project' ? 'lower-case letters, digits and -, e.g. shop-api' : 'letters, digits and _, starting with a letter (at most 60)';
    fail('STRATA_INVALID_NAME', `${what} name ${q(raw)}${where} is not valid; use ${hint}`);
  }
  if (what === 'field') {
    const name = camel(raw);
    if (GENERATED_FIELDS.has(name)) fail('STRATA_FIELD_RESERVED', `field ${q(context)}: ${name} is generated for every model; remove it`);
    if (TS_KEYWORDS.has(name) || MODEL_MEMBERS.has(name) || MODEL_MEMBERS.has(raw) || TS_KEYWORDS.has(raw)) {
      fail(
        'STRATA_RESERVED_NAME',
        `field ${q(context)}: ${q(name)} collides with a TypeScript keyword or a Sequelize Model member; rename it, e.g. ${name}Value`,
      );
    }
  }
  if (what === 'model') {
    const name = pascal(raw);
    if (RESERVED_CLASSES.has(name) || TS_KEYWORDS.has(raw) || TS_KEYWORDS.has(camel(raw))) {
      fail('STRATA_RESERVED_NAME', `model name ${q(raw)} collides with a TypeScript keyword, a global or a generated import; rename it, e.g. ${name}Item`);
    }
  }
}

import { describe, expect, it } from 'vitest';
import { StrataError } from '../../src/errors.ts';
import { parseField, parseFields } from '../../src/fields.ts';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof StrataError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('secrets', () => {
  it('password:password stores a hash in hashed_password and takes password write-only', () => {
    expect(parseField('password:password')).toMatchObject({
      name: 'hashedPassword',
      column: 'hashed_password',
      type: 'password',
      hidden: true,
      secret: { input: 'password', minLength: 8 },
    });
    expect(parseField('pin:password{12}:optional')).toMatchObject({ column: 'hashed_pin', optional: true, secret: { input: 'pin', minLength: 12 } });
  });

  it.each(['password:string', 'apiKey:string', 'api_key:text', 'resetToken:string', 'clientSecret:string', 'passwd:string'])(
    'refuses %s: named like a secret, stored and shown as it is',
    (raw) => {
      expect(() => parseField(raw)).toThrow(/STRATA_FIELD_SECRET|named like a secret/);
    },
  );

  it('takes a secret-like name public on purpose, never merely hidden (strata check would report it stored as it is); look-alikes pass', () => {
    expect(() => parseField('apiKey:string:hidden')).toThrow(/STRATA_FIELD_SECRET|named like a secret/);
    expect(parseField('apiKey:string:public').public).toBe(true);
    expect(parseField('passwordHint:string{80}:hidden').hidden).toBe(true);
    expect(parseField('tokenCount:integer:public').public).toBe(true);
    for (const raw of ['tokenizer:string', 'secretary:string', 'passwordless:boolean']) expect(() => parseField(raw)).not.toThrow();
  });

  it('hashed_* columns belong to password fields: a hand-made one is refused with the way to write it', () => {
    expect(() => parseField('hashedPassword:string:hidden')).toThrow(/hashed_\* columns hold the hashes of password fields; write password:password/);
    expect(() => parseField('hashed_pin:string')).toThrow(/write pin:password/);
  });

  it('a password takes only :optional', () => {
    for (const raw of ['password:password:unique', 'password:password:hidden', 'password:password=abc', 'password:password{2000}']) {
      expect(() => parseField(raw)).toThrow();
    }
  });
});

describe('parseField', () => {
  it('reads the walkthrough fields', () => {
    expect(parseField('name:string{120}:unique')).toMatchObject({ name: 'name', column: 'name', type: 'string', length: 120, unique: true });
    expect(parseField('price:decimal{10,2}')).toMatchObject({ precision: 10, scale: 2, optional: false });
    expect(parseField('stock:integer=0')).toMatchObject({ default: { sql: '0', ts: '0' } });
    expect(parseField('isActive:boolean=true:index')).toMatchObject({ column: 'is_active', index: true, default: { sql: 'true' } });
    expect(parseField('description:text:optional')).toMatchObject({ optional: true });
    expect(parseField('passwordHint:string{80}:hidden')).toMatchObject({ hidden: true, length: 80, column: 'password_hint' });
  });

  it('takes snake_case names and a default as its own segment', () => {
    expect(parseField('is_active:boolean:=false')).toMatchObject({ name: 'isActive', default: { sql: 'false' } });
  });

  it('reads every type', () => {
    expect(parseField('a:bigint').type).toBe('bigint');
    expect(parseField('a:float=1.5').default).toEqual({ sql: '1.5', ts: '1.5' });
    expect(parseField('a:date=2024-01-31').default?.sql).toBe("'2024-01-31'");
    expect(parseField('a:datetime=now').default).toEqual({ sql: 'now()', ts: 'DataType.NOW' });
    expect(parseField('a:uuid=random').default?.sql).toBe('gen_random_uuid()');
    expect(parseField('a:json={"x":1}').default?.sql).toBe(`'{"x":1}'::jsonb`);
    expect(parseField('status:enum{draft,published}=draft')).toMatchObject({ values: ['draft', 'published'], default: { sql: "'draft'" } });
    expect(parseField("title:string=it's").default).toEqual({ sql: "'it''s'", ts: "'it\\'s'" });
  });

  it('rejects duplicates by column name', () => {
    expect(codeOf(() => parseFields(['isActive:boolean', 'is_active:boolean']))).toBe('STRATA_FIELD_DUPLICATE');
  });

  // Each bad input gets its own coded error that quotes the value.
  const bad: Array<[string, string]> = [
    ['title', 'STRATA_FIELD_SYNTAX'],
    ['title:', 'STRATA_FIELD_SYNTAX'],
    ['title:strin', 'STRATA_FIELD_TYPE'],
    ['title:varchar{20}', 'STRATA_FIELD_TYPE'],
    ['price:decimal10', 'STRATA_FIELD_SYNTAX'],
    ['title:string{0}', 'STRATA_FIELD_ARGS'],
    ['title:string{abc}', 'STRATA_FIELD_ARGS'],
    ['title:string{99999999}', 'STRATA_FIELD_ARGS'],
    ['price:decimal{2,5}', 'STRATA_FIELD_ARGS'],
    ['price:decimal{10}', 'STRATA_FIELD_ARGS'],
    ['status:enum{}', 'STRATA_FIELD_ARGS'],
    ['status:enum{a,a}', 'STRATA_FIELD_ARGS'],
    ["status:enum{a b,c'd}", 'STRATA_FIELD_ARGS'],
    ['body:text{10}', 'STRATA_FIELD_ARGS'],
    ['title:string:uniq', 'STRATA_FIELD_MODIFIER'],
    ['title:string:unique:index', 'STRATA_FIELD_MODIFIER'],
    ['body:text:index', 'STRATA_FIELD_MODIFIER'],
    ['stock:integer=abc', 'STRATA_FIELD_DEFAULT'],
    ['stock:integer=99999999999', 'STRATA_FIELD_DEFAULT'],
    ['ok:boolean=yes', 'STRATA_FIELD_DEFAULT'],
    ['status:enum{a,b}=c', 'STRATA_FIELD_DEFAULT'],
    ['price:decimal{4,2}=123.45', 'STRATA_FIELD_DEFAULT'],
    ['data:json={bad', 'STRATA_FIELD_DEFAULT'],
    ['at:datetime=yesterday', 'STRATA_FIELD_DEFAULT'],
    ['code:string{2}=abc', 'STRATA_FIELD_DEFAULT'],
    ['class:string', 'STRATA_RESERVED_NAME'],
    ['save:string', 'STRATA_RESERVED_NAME'],
    ['toJSON:string', 'STRATA_RESERVED_NAME'],
    ['id:integer', 'STRATA_FIELD_RESERVED'],
    ['createdAt:datetime', 'STRATA_FIELD_RESERVED'],
    ['9lives:string', 'STRATA_INVALID_NAME'],
    ['first-name:string', 'STRATA_INVALID_NAME'],
    ['../etc:string', 'STRATA_PATH_NAME'],
    ['a/b:string', 'STRATA_PATH_NAME'],
  ];
  it.each(bad)('rejects %s with %s', (raw, code) => {
    expect(codeOf(() => parseField(raw))).toBe(code);
    try {
      parseField(raw);
    } catch (error) {
      expect((error as Error).message).toContain(JSON.stringify(raw));
    }
  });
});

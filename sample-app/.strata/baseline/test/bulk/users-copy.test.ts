import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { EXPORT_COLUMNS, IMPORT_COLUMNS } from '../../src/db/queries/user-copy.ts';
import { userRow } from '../factories/user.ts';
import { countRows, setupTestApp } from '../helpers.ts';

/** One CSV field as COPY reads it: unquoted empty is NULL, everything else quoted. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

describe('CSV import and export of users with COPY', () => {
  let app: App;
  let shared: Record<string, unknown> = {};
  beforeAll(async () => {
    ({ app } = await setupTestApp());
    const base = await userRow(app);
    shared = Object.fromEntries([].map((k) => [k, base[k]]));
  });
  afterAll(async () => {
    await app.close();
  });

  const csv = async (n: number, mangle?: (fields: string[], i: number) => string[]) => {
    const lines = [IMPORT_COLUMNS.map((c) => c.name).join(',')];
    for (let i = 0; i < n; i++) {
      const body = await userRow(app, shared);
      const fields = IMPORT_COLUMNS.map((c) => field(body[c.field]));
      lines.push((mangle ? mangle(fields, i) : fields).join(','));
    }
    return `${lines.join('\n')}\n`;
  };
  const count = () => countRows(app, 'users');
  const post = (payload: string) =>
    app.inject({ method: 'POST', url: '/users/import', headers: { 'content-type': 'text/csv' }, payload });
  const ndjson = (payload: string) =>
    app.inject({ method: 'POST', url: '/users/import', headers: { 'content-type': 'application/x-ndjson' }, payload });

  it('imports every row of a CSV, and counts match the database', async () => {
    const before = await count();
    const body = await csv(500);
    const res = await post(body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ inserted: 500, skipped: 0 });
    expect((await count()) - before).toBe(500);
    const again = await post(body);
    expect(again.json()).toEqual({ inserted: 0, skipped: 500 });
    expect((await count()) - before).toBe(500);
  });

  it('a bad row aborts the import with its row number, and nothing is imported', async () => {
    const before = await count();
    const res = await post(await csv(5, (fields, i) => (i === 2 ? fields.slice(0, -1) : fields)));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^row 3: /);
    expect(await count()).toBe(before);
  });

  it('imports NDJSON with the API field names; a bad line aborts with its row number', async () => {
    const before = await count();
    const lines: string[] = [];
    for (let i = 0; i < 50; i++) lines.push(JSON.stringify(await userRow(app, shared)));
    const res = await ndjson(`${lines.join('\n')}\n`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ inserted: 50, skipped: 0 });
    expect((await count()) - before).toBe(50);
    const broken = await ndjson([JSON.stringify(await userRow(app, shared)), '{not json', lines[0]].join('\n'));
    expect(broken.statusCode).toBe(400);
    expect(broken.json().message).toMatch(/^row 2: not valid JSON/);
    const unknown = await ndjson(JSON.stringify({ ...(await userRow(app, shared)), bogus: 1 }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/^row 1: unknown field "bogus"/);
    expect((await count()) - before).toBe(50);
  });

  it("NDJSON takes own, known keys with JSON values of the column's kind: __proto__, constructor and objects are a 400", async () => {
    const before = await count();
    const body = await userRow(app, shared);
    for (const line of ['{"__proto__":{"x":1}}', '{"constructor":"x"}', JSON.stringify({ ...body, toString: 'x' })]) {
      const res = await ndjson(`${JSON.stringify(await userRow(app, shared))}\n${line}\n`);
      expect(res.statusCode, line).toBe(400);
      expect(res.json().message, line).toMatch(/^row 2: unknown field/);
    }
    const text = IMPORT_COLUMNS.find((c) => c.kind === 'string');
    if (text) {
      const res = await ndjson(JSON.stringify({ ...body, [text.field]: { nested: true } }));
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/^row 1: field .* must be a string/);
    }
    const nul = await post(
      await csv(2, (fields, i) =>
        i === 1 && text ? fields.map((f, j) => (IMPORT_COLUMNS[j] === text ? '"a\u0000b"' : f)) : fields,
      ),
    );
    if (text) expect(nul.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('an NDJSON line that never ends is cut at 1 MiB with a 400, not held in memory', async () => {
    const res = await ndjson(`${JSON.stringify(await userRow(app, shared))}\n{"x":"${'y'.repeat(1_100_000)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^row 2: a line is longer than/);
  });

  it('concurrent imports, more than the pool holds pairs of connections, all succeed', async () => {
    const before = await count();
    const bodies = await Promise.all(Array.from({ length: 12 }, () => csv(5)));
    const answers = await Promise.all(bodies.map((b) => post(b)));
    expect(answers.map((r) => r.statusCode)).toEqual(answers.map(() => 200));
    expect((await count()) - before).toBe(60);
  });

  it('a header that does not name the columns is a 400', async () => {
    const res = await post('wrong,header\n1,2\n');
    expect(res.statusCode).toBe(400);
  });

  it('exports every row as CSV, without hidden fields', async () => {
    const res = await app.inject({ method: 'GET', url: '/users/export' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trimEnd().split('\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(lines.length - 1).toBe(await count());
    expect(lines[0]).not.toContain('hashed_password');
    expect(res.body).not.toContain('scrypt$');
  });

  it('exports text that a spreadsheet would run as a formula with a leading quote', async () => {
    const formula = '=HYPERLINK("http://x","y")';
    const row = await userRow(app, { ...shared, email: `${formula}`.slice(0, 255) });
    const created = await post(
      `${IMPORT_COLUMNS.map((c) => c.name).join(',')}\n${IMPORT_COLUMNS.map((c) => field(row[c.field])).join(',')}\n`,
    );
    expect(created.statusCode, created.body).toBe(200);
    const res = await app.inject({ method: 'GET', url: '/users/export' });
    expect(res.body).toContain(`'${formula}`.slice(0, 255 + 1).replace(/"/g, '""'));
    expect(res.body).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});

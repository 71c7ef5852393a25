/** What no response may do (5xx, leaks, off-schema 2xx, 2xx for a rejected request), collected and reported together. */
import { Ajv, type ValidateFunction } from 'ajv';
import type { App } from '../../src/app.ts';
import {
  compileRequestValidator,
  isJsonMediaType,
  isRecord,
  type Operation,
  operationName,
  rebase,
  recordOf,
  type Schema,
} from './openapi.ts';
import { type FuzzRequest, judge, urlOf } from './requests.ts';

/** Things no response may contain; each has a name for the report. */
export const LEAK_PATTERNS: Array<[string, RegExp]> = [
  ['stored secret hash', /scrypt\$/],
  ['stack trace', /\s{2,}at [^\s(]+ \([^()]*:\d+(?::\d+)?\)|\bat (?:file:\/\/|node:|\/)[^\s)"]+:\d+:\d+/],
  ['SQL text', /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b.*\b(FROM|SET|VALUES|WHERE)\b/],
  [
    'database error text',
    /Sequelize\w*Error|syntax error at or near|invalid (?:input syntax|byte sequence) for|violates (?:foreign key|unique|not-null|check) constraint/,
  ],
  ['file path', /\/(src|node_modules|work|tmp)\/[^\s"]*\.(ts|js)/],
];

export function hashedKeys(root: unknown): string[] {
  const found: string[] = [];
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) pending.push(...value);
    else if (isRecord(value)) {
      found.push(...Object.keys(value).filter((key) => /^hashed/i.test(key)));
      pending.push(...Object.values(value));
    }
  }
  return found;
}

export function leaksIn(body: string, contentType: string, parsed: unknown): string[] {
  const leaks = LEAK_PATTERNS.filter(([, pattern]) => pattern.test(body)).map(([name]) => name);
  const keys = isJsonMediaType(contentType)
    ? hashedKeys(parsed)
    : /csv/i.test(contentType)
      ? (body.split(/\r?\n/, 1)[0] ?? '').split(',').filter((cell) => /^"?hashed/i.test(cell))
      : [];
  if (keys.length > 0) leaks.push(`"hashed…" key (${keys[0]})`);
  return leaks;
}

export interface Violation {
  kind: string;
  request: FuzzRequest;
  status: number;
  body: string;
  detail: string;
}

export class Checker {
  readonly violations: Violation[] = [];
  readonly statusCounts = new Map<string, number>();
  private readonly responseValidators = new Map<string, ValidateFunction | undefined>();
  private readonly requestValidators = new Map<Operation, ValidateFunction>();

  constructor(
    private readonly app: App,
    private readonly doc: Schema,
    private readonly responseAjv: Ajv,
    private readonly requestAjv: Ajv,
  ) {}

  /** Sends one request and records every rule it breaks; returns the parsed JSON body, if any. */
  async send(request: FuzzRequest): Promise<{ status: number; json: unknown }> {
    const response = await this.app.inject({
      method: request.op.method,
      url: urlOf(request),
      headers: request.contentType ? { 'content-type': request.contentType } : {},
      ...(request.payload === undefined ? {} : { payload: request.payload }),
    });
    const status = response.statusCode;
    const contentType = String(response.headers['content-type'] ?? '');
    const body = response.body;
    let json: unknown;
    let parseError = false;
    if (isJsonMediaType(contentType) && body !== '') {
      try {
        json = JSON.parse(body);
      } catch {
        parseError = true;
      }
    }
    const verdict = judge(this.doc, this.requestValidator(request.op), request);
    const judged = verdict === 'conforms' ? 'valid' : verdict === 'violates' ? 'invalid' : 'unjudged';
    this.count(`${judged} → ${Math.floor(status / 100)}xx`);

    const report = (kind: string, detail = '') => this.violations.push({ kind, request, status, body, detail });
    if (status >= 500) report('5xx response');
    for (const leak of leaksIn(body, contentType, json)) report(`leak: ${leak}`);
    if (status >= 200 && status < 300) {
      if (verdict === 'violates') report('2xx for a request the document rejects');
      if (parseError) report('2xx with unparseable JSON');
      this.checkResponseSchema(request.op, status, contentType, json, report);
    }
    return { status, json };
  }

  private checkResponseSchema(
    op: Operation,
    status: number,
    contentType: string,
    json: unknown,
    report: (kind: string, detail?: string) => void,
  ): void {
    const key = [String(status), `${String(status)[0]}XX`, 'DEFAULT'].find((k) => op.responses.has(k));
    if (key === undefined) return report('2xx status not in the document');
    if (!isJsonMediaType(contentType) || json === undefined) return;
    const validate = this.responseValidator(op, key);
    if (validate && !validate(json)) {
      report('2xx body does not match its response schema', this.responseAjv.errorsText(validate.errors));
    }
  }

  private responseValidator(op: Operation, key: string): ValidateFunction | undefined {
    const id = `${operationName(op)} ${key}`;
    if (!this.responseValidators.has(id)) {
      const schema = op.responses.get(key);
      this.responseValidators.set(id, schema ? this.responseAjv.compile(recordOf(rebase(schema))) : undefined);
    }
    return this.responseValidators.get(id);
  }

  private requestValidator(op: Operation): ValidateFunction {
    let validate = this.requestValidators.get(op);
    if (!validate) {
      validate = compileRequestValidator(this.requestAjv, op);
      this.requestValidators.set(op, validate);
    }
    return validate;
  }

  private count(key: string): void {
    this.statusCounts.set(key, (this.statusCounts.get(key) ?? 0) + 1);
  }
}

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

export function excerpt(text: string | undefined, length: number): string {
  if (text === undefined) return '(none)';
  const shown = JSON.stringify(text);
  return shown.length > length ? `${shown.slice(0, length)}… (${text.length} chars)` : shown;
}

export function listed(items: string[], max: number): string {
  const unique = [...new Set(items.filter(Boolean))];
  return unique.slice(0, max).join(' | ') + (unique.length > max ? ` | … (${unique.length} in all)` : '');
}

/** Violations grouped by kind and what was sent, with the operations hit and one example each. */
export function formatReport(violations: Violation[], seed: number): string {
  const groups = new Map<string, Violation[]>();
  for (const v of violations) {
    const key = `${v.kind} | ${v.request.mutation.category}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const lines = [`${violations.length} violations in ${groups.size} groups (FUZZ_SEED=${seed} reproduces this run):`];
  for (const [key, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const example = members[0];
    if (!example) continue;
    const details = members.map((m) => m.request.mutation.detail);
    lines.push(
      '',
      `● ${key}  ×${members.length}`,
      `  operations: ${listed(
        members.map((m) => operationName(m.request.op)),
        6,
      )}`,
      ...(details.some(Boolean) ? [`  values: ${listed(details, 8)}`] : []),
      `  e.g. ${example.request.op.method.toUpperCase()} ${excerpt(urlOf(example.request), 200)}`,
      `       content-type: ${example.request.contentType ?? '(none)'}  body: ${excerpt(example.request.payload, 200)}`,
      `    → ${example.status} ${excerpt(example.body, 300)}`,
      ...(example.detail ? [`       ${example.detail}`] : []),
    );
  }
  return lines.join('\n');
}

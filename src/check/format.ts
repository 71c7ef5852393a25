import { allRules } from './rules/index.ts';
import type { Finding } from './index.ts';

/** The output formats of `strata check`. */
export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

const DOCS = 'docs/rules';

function summary(findings: Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  return findings.length === 0 ? 'strata check: no findings' : `strata check: ${errors} error(s), ${warnings} warning(s)`;
}

/** Text grouped by file; coloured when `color`. */
function text(findings: Finding[], color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  let current = '';
  for (const f of findings) {
    if (f.file !== current) {
      current = f.file;
      out.push(paint('1', f.file));
    }
    const level = f.severity === 'error' ? paint('31', 'error') : paint('33', 'warn ');
    out.push(`  ${String(f.line).padStart(4)}  ${level}  ${f.message}  ${paint('2', f.rule)}`);
  }
  out.push(summary(findings));
  return out.join('\n');
}

function sarif(findings: Finding[]): string {
  const rules = allRules().map((r) => ({ id: r.id, shortDescription: { text: r.title }, helpUri: `${DOCS}/${r.id}.md` }));
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'strata', informationUri: 'https://www.npmjs.com/package/strata-cli', rules } },
          results: findings.map((f) => ({
            ruleId: f.rule,
            ruleIndex: rules.findIndex((r) => r.id === f.rule),
            level: f.severity === 'error' ? 'error' : 'warning',
            message: { text: f.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: f.file }, region: { startLine: f.line } } }],
          })),
        },
      ],
    },
    null,
    2,
  );
}

/** GitHub workflow commands: one annotation per finding. */
function github(findings: Finding[]): string {
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return [
    ...findings.map((f) => `::${f.severity === 'error' ? 'error' : 'warning'} file=${f.file},line=${f.line},title=${f.rule}::${esc(f.message)}`),
    summary(findings),
  ].join('\n');
}

/** Renders findings in a format. */
export function formatFindings(findings: Finding[], format: Format, color = false): string {
  switch (format) {
    case 'text':
      return text(findings, color);
    case 'json':
      return JSON.stringify(
        { findings, errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warn').length },
        null,
        2,
      );
    case 'sarif':
      return sarif(findings);
    case 'github':
      return github(findings);
  }
}

import jsTokens from 'js-tokens';

const TEMPLATES = new Set(['NoSubstitutionTemplate', 'TemplateHead', 'TemplateMiddle', 'TemplateTail']);
const LITERALS = new Set(['StringLiteral', 'RegularExpressionLiteral', 'MultiLineComment', 'SingleLineComment']);
const CLOSERS = new Set([',', ';', ')', ']', '}']);
const TEST_CALLS = new Set(['it', 'test', 'describe']);
const DECLARATIONS = new Set(['const', 'let', 'var', 'export']);
const OPENERS = new Set(['(', '[', '{', '?']);

/** Whether every line of TypeScript fits `width` columns, or is one prettier cannot wrap (see unwrappable). */
export function withinWidth(text: string, width: number): boolean {
  return overWidth(text, width).length === 0;
}

/** The lines (0-based) of TypeScript past `width` columns that prettier could wrap. */
export function overWidth(text: string, width: number): number[] {
  const lines = text.split('\n');
  if (lines.every((line) => line.length <= width)) return [];
  // What each line holds: 'template' (a template literal, its substitutions included), 'literal'
  // (a string, regular expression or comment), or a token's own text.
  const held: string[][] = [[]];
  let substitutions = 0;
  for (const token of jsTokens(text)) {
    if (token.type === 'WhiteSpace') continue;
    if (token.type === 'LineTerminatorSequence') {
      held.push([]);
      continue;
    }
    if (token.type === 'TemplateHead') substitutions++;
    if (token.type === 'TemplateTail') substitutions--;
    const inTemplate = TEMPLATES.has(token.type) || substitutions > 0;
    const kind = inTemplate ? 'template' : LITERALS.has(token.type) ? 'literal' : token.value;
    held[held.length - 1]!.push(kind);
    for (let i = token.value.split('\n').length; i > 1; i--) held.push([kind]);
  }
  return lines.flatMap((line, i) => (line.length <= width || unwrappable(held[i] ?? []) ? [] : [i]));
}

/**
 * A line prettier leaves as long as it is: a test's title; else one literal, closing punctuation
 * after it at most, and before it nothing, `return`, a declaration's `=` or a property's `:`
 * (prettier never breaks before a template literal there).
 */
function unwrappable(kinds: string[]): boolean {
  if (TEST_CALLS.has(kinds[0]!) && kinds[1] === '(' && kinds[2] === 'literal') return true;
  let end = kinds.length;
  while (end > 0 && CLOSERS.has(kinds[end - 1]!)) end--;
  const first = kinds.findIndex((k) => k === 'literal' || k === 'template');
  if (first < 0 || kinds.slice(first, end).some((k) => k !== kinds[first])) return false;
  const before = kinds.slice(0, first);
  if (before.length === 0) return true;
  if (kinds[first] !== 'template') return false;
  if (before.length === 1) return before[0] === 'return';
  if (before.length === 2 && before[1] === ':') return true;
  return DECLARATIONS.has(before[0]!) && before.at(-1) === '=' && !before.some((k) => OPENERS.has(k));
}

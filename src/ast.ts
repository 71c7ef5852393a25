import { Node, Project, QuoteKind, SyntaxKind, type SourceFile } from './ts-morph.ts';
import { fail } from './errors.ts';
import { baselineOf } from './baseline.ts';
import { merge3 } from './conflicts.ts';
import { PROJECT_MARKERS } from './project.ts';
import { format } from './render.ts';
import type { Tree } from './tree.ts';

// The parsed file of each tree file, kept while the tree holds the same text: a run that edits
// a registry a hundred times (strata apply) parses it once, not a hundred times.
const parsed = new WeakMap<Tree, Map<string, SourceFile>>();

/** A ts-morph source file over a tree file (or over given text); edits are written back by saveSource(). */
export function openSource(tree: Tree, file: string, given?: string): SourceFile {
  const text = given ?? tree.read(file);
  if (text === null) fail('STRATA_NOT_PROJECT', `${file} is missing; it is where strata registers new code`);
  const cache = given === undefined ? (parsed.get(tree) ?? parsed.set(tree, new Map()).get(tree)!) : undefined;
  const cached = cache?.get(file);
  if (cached && cached.getFullText() === text) return cached;
  const project = new Project({ useInMemoryFileSystem: true, manipulationSettings: { quoteKind: QuoteKind.Single } });
  const source = project.createSourceFile(file, text);
  cache?.set(file, source);
  return source;
}

/**
 * Writes an edited source back to the tree. An unchanged file is staged as is, so the log
 * reports it identical; a changed one is formatted once, when the tree is finished.
 */
export async function saveSource(tree: Tree, source: SourceFile): Promise<void> {
  const file = source.getFilePath().replace(/^\//, '');
  const text = source.getFullText();
  const changed = text !== tree.read(file);
  tree.write(file, text, 'edit');
  if (!changed) return;
  tree.onFinish(`format ${file}`, async () => {
    const now = tree.read(file);
    if (now === null) return;
    const formatted = await format(file, now);
    tree.write(file, formatted, 'edit');
    followBaseline(tree, file, formatted);
  });
}

/**
 * An AST edit of a file strata generated in an earlier run (a has-many added to a model) is
 * strata's output too: its baseline takes the same edit, so the next 3-way merge does not see
 * it as the user's. A file rendered from a template in this run gets its baseline whole. A
 * registry's baseline stays its template's: `strata upgrade` merges template changes into it
 * and registers everything again.
 */
function followBaseline(tree: Tree, file: string, edited: string): void {
  if ((PROJECT_MARKERS as readonly string[]).includes(file)) return;
  const change = tree.staged(file);
  const base = tree.read(baselineOf(file));
  if (change?.mode !== 'edit' || change.original === null || base === null) return;
  const moved = merge3(base, change.original, edited);
  if (!moved.conflict && moved.text !== base) tree.write(baselineOf(file), moved.text, 'edit');
}

/** Adds `import { name } from 'module'` (or a type import) unless the file already imports that name from there. */
export function ensureNamedImport(source: SourceFile, moduleSpecifier: string, name: string, typeOnly = false): void {
  if (!typeOnly) {
    ensureNamedImports(source, [{ module: moduleSpecifier, name }]);
    return;
  }
  const declarations = source.getImportDeclarations().filter((d) => d.getModuleSpecifierValue() === moduleSpecifier);
  if (declarations.some((d) => d.getNamedImports().some((n) => n.getName() === name))) return;
  const fit = declarations.find((d) => d.isTypeOnly() === typeOnly) ?? (typeOnly ? declarations[0] : undefined);
  if (fit) {
    fit.addNamedImport(typeOnly && !fit.isTypeOnly() ? { name, isTypeOnly: true } : name);
    return;
  }
  source.addImportDeclaration({ moduleSpecifier, namedImports: [name], isTypeOnly: typeOnly });
}

/**
 * Adds named imports the file lacks, in order, with as few AST edits as there are modules: a
 * module already imported gets the names added to its declaration, new modules come in one edit.
 */
export function ensureNamedImports(source: SourceFile, imports: ReadonlyArray<{ module: string; name: string }>): void {
  const fresh = new Map<string, string[]>();
  for (const { module, name } of imports) {
    const declarations = source.getImportDeclarations().filter((d) => d.getModuleSpecifierValue() === module && !d.isTypeOnly());
    if (source.getImportDeclarations().some((d) => d.getModuleSpecifierValue() === module && d.getNamedImports().some((n) => n.getName() === name))) continue;
    if (declarations[0]) declarations[0].addNamedImport(name);
    else if (!fresh.get(module)?.includes(name)) fresh.set(module, [...(fresh.get(module) ?? []), name]);
  }
  if (fresh.size > 0) source.addImportDeclarations([...fresh].map(([moduleSpecifier, namedImports]) => ({ moduleSpecifier, namedImports })));
}

/** Appends identifiers to the array literal of `export const <variable> = [...]`, those not present, in one edit. */
export function ensureArrayElements(source: SourceFile, variable: string, elements: readonly string[]): void {
  const array = source.getVariableDeclarationOrThrow(variable).getInitializerIfKindOrThrow(SyntaxKind.ArrayLiteralExpression);
  const present = new Set(array.getElements().map((e) => e.getText()));
  const missing = [...new Set(elements)].filter((e) => !present.has(e));
  if (missing.length > 0) array.addElements(missing);
}

/** Adds `key: value` properties to the object literal returned by `fn`, those whose key is missing, in one edit. */
export function ensureReturnedProperties(source: SourceFile, fn: string, properties: ReadonlyArray<{ key: string; value: string }>): void {
  const ret = source.getFunctionOrThrow(fn).getDescendantsOfKind(SyntaxKind.ReturnStatement)[0];
  const object = ret?.getExpression();
  if (!object || !Node.isObjectLiteralExpression(object)) fail('STRATA_NOT_PROJECT', `${fn}() must return an object literal for strata to register services`);
  const seen = new Set<string>();
  const missing = properties.filter((p) => !object.getProperty(p.key) && !seen.has(p.key) && seen.add(p.key));
  if (missing.length > 0) object.addPropertyAssignments(missing.map((p) => ({ name: p.key, initializer: p.value })));
}

/** A relation declared on a model class by a sequelize-typescript decorator. */
export interface DeclaredRelation {
  property: string;
  decorator: 'BelongsTo' | 'HasMany' | 'BelongsToMany' | 'HasOne';
  /** Class name in the `() => Target` thunk */
  target: string;
  foreignKey?: string;
  onDelete?: string;
}

/** Reads the relation decorators of a model class. */
export function readRelations(source: SourceFile, className: string): DeclaredRelation[] {
  const cls = source.getClass(className);
  if (!cls) return [];
  const out: DeclaredRelation[] = [];
  for (const prop of cls.getProperties()) {
    for (const decorator of prop.getDecorators()) {
      const name = decorator.getName();
      if (name !== 'BelongsTo' && name !== 'HasMany' && name !== 'BelongsToMany' && name !== 'HasOne') continue;
      const [thunk, options] = decorator.getArguments();
      const body = thunk && Node.isArrowFunction(thunk) ? thunk.getBody().getText() : '';
      const relation: DeclaredRelation = { property: prop.getName(), decorator: name, target: body };
      if (options && Node.isObjectLiteralExpression(options)) {
        for (const key of ['foreignKey', 'onDelete'] as const) {
          const init = options.getProperty(key);
          if (init && Node.isPropertyAssignment(init)) {
            const value = init.getInitializer();
            if (value && Node.isStringLiteral(value)) relation[key] = value.getLiteralValue();
          }
        }
      }
      out.push(relation);
    }
  }
  return out;
}

/** Names of the properties a class declares. */
export function propertyNames(source: SourceFile, className: string): string[] {
  return (
    source
      .getClass(className)
      ?.getProperties()
      .map((p) => p.getName()) ?? []
  );
}

/** A relation property to add to a model class. */
export interface RelationProperty {
  name: string;
  decorator: 'HasMany' | 'BelongsToMany';
  /** Decorator arguments, as source text */
  args: string[];
  type: string;
  /** Classes the property refers to, with the module each comes from */
  imports: Array<{ name: string; from: string }>;
}

/** Adds `@Decorator(...) declare name?: Type;` to a model class unless the property exists. */
export function ensureRelationProperty(source: SourceFile, className: string, property: RelationProperty): void {
  const cls = source.getClassOrThrow(className);
  if (cls.getProperty(property.name)) return;
  ensureNamedImports(source, [
    { module: 'sequelize-typescript', name: property.decorator },
    ...property.imports.map((i) => ({ module: i.from, name: i.name })),
  ]);
  ensureNamedImport(source, 'sequelize', 'NonAttribute', true);
  // Inserted as text before the class's closing brace, at the position the AST gives: one edit
  // where addProperty() took several (prettier formats the file afterwards either way).
  const close = cls.getLastChildByKindOrThrow(SyntaxKind.CloseBraceToken);
  source.insertText(close.getStart(), `\n  @${property.decorator}(${property.args.join(', ')})\n  declare ${property.name}?: ${property.type};\n`);
}

/** Whether a model's @Table options set a boolean flag (paranoid, say). */
export function readTableFlag(source: SourceFile, className: string, flag: string): boolean {
  const table = source.getClass(className)?.getDecorator('Table');
  const options = table?.getArguments()[0];
  if (!options || !Node.isObjectLiteralExpression(options)) return false;
  const prop = options.getProperty(flag);
  return Boolean(prop && Node.isPropertyAssignment(prop) && prop.getInitializer()?.getText() === 'true');
}

const RELATION_DECORATORS = new Set(['HasMany', 'HasOne', 'BelongsToMany']);

/**
 * Re-renders of a model keep the relations that later generators added to it
 * (has-many, many-to-many): they are copied, with the imports they use, from
 * the file on disk into the fresh render, so a re-run stays identical.
 */
export function carryRelations(existing: SourceFile, fresh: SourceFile, className: string): void {
  const from = existing.getClass(className);
  const to = fresh.getClass(className);
  if (!from || !to) return;
  for (const prop of from.getProperties()) {
    if (to.getProperty(prop.getName())) continue;
    if (!prop.getDecorators().some((d) => RELATION_DECORATORS.has(d.getName()))) continue;
    const text = prop.getText();
    for (const decl of existing.getImportDeclarations()) {
      for (const named of decl.getNamedImports()) {
        if (new RegExp(`\\b${named.getName()}\\b`).test(text)) {
          ensureNamedImport(fresh, decl.getModuleSpecifierValue(), named.getName(), decl.isTypeOnly() || named.isTypeOnly());
        }
      }
    }
    to.addProperty(prop.getStructure()).prependWhitespace('\n');
  }
}

/** Removes the named imports of `names` that nothing else in the file refers to (a declaration left empty goes too). */
export function dropUnusedImports(source: SourceFile, names: Iterable<string>): void {
  const wanted = new Set(names);
  for (const decl of source.getImportDeclarations()) {
    let emptied = false;
    for (const named of decl.getNamedImports()) {
      const name = named.getName();
      if (!wanted.has(name)) continue;
      const uses = source
        .getDescendantsOfKind(SyntaxKind.Identifier)
        .filter((id) => id.getText() === name && !id.getFirstAncestorByKind(SyntaxKind.ImportDeclaration));
      if (uses.length === 0) {
        named.remove();
        emptied = true;
      }
    }
    // Only a declaration this emptied goes: a side-effect import (`import './x.ts'`) stays.
    if (emptied && decl.getNamedImports().length === 0 && !decl.getDefaultImport() && !decl.getNamespaceImport()) decl.remove();
  }
  // Removing the last import takes the blank line after it, which separates the imports from the code.
  const imports = source.getImportDeclarations();
  const last = imports[imports.length - 1];
  const next = last?.getNextSibling();
  if (last && next && !source.getFullText().slice(last.getEnd(), next.getStart(true)).includes('\n\n')) source.insertText(last.getEnd(), '\n');
}

/**
 * Unregisters a module from a registry: its import goes, and with it every array element and
 * returned `key: new Name(...)` that uses a name it imported (the inverse of ensureArrayElement
 * and ensureReturnedProperty).
 */
export function removeModuleUses(source: SourceFile, moduleSpecifier: string): void {
  const names = new Set(
    source
      .getImportDeclarations()
      .filter((d) => d.getModuleSpecifierValue() === moduleSpecifier)
      .flatMap((d) => d.getNamedImports().map((n) => n.getName())),
  );
  if (names.size === 0) return;
  for (const array of source.getDescendantsOfKind(SyntaxKind.ArrayLiteralExpression)) {
    for (const element of [...array.getElements()].reverse()) if (names.has(element.getText())) array.removeElement(element);
  }
  for (const assignment of source.getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
    if (assignment.wasForgotten()) continue;
    const value = assignment.getInitializer();
    if (value && Node.isNewExpression(value) && names.has(value.getExpression().getText())) assignment.remove();
  }
  dropUnusedImports(source, names);
}

/**
 * Removes the relation properties of a model class that point at `target` (`() => Target`),
 * through one of `decorators` and, if given, on `foreignKey`, and the imports only they used.
 */
export function removeRelationsTo(
  source: SourceFile,
  className: string,
  target: string,
  decorators: ReadonlySet<string> = RELATION_DECORATORS,
  foreignKey?: string,
): void {
  const cls = source.getClass(className);
  if (!cls) return;
  const removed = new Set<string>([target, 'NonAttribute']);
  for (const prop of cls.getProperties()) {
    const decorator = prop.getDecorators().find((d) => decorators.has(d.getName()));
    if (!decorator || decorator.getArguments()[0]?.getText() !== `() => ${target}`) continue;
    if (foreignKey !== undefined && !readRelations(source, className).some((r) => r.property === prop.getName() && r.foreignKey === foreignKey)) continue;
    removed.add(decorator.getName());
    // `() => Target`, `() => JoinModel`: every class the decorator names may be left unused.
    for (const arg of decorator.getArguments()) for (const id of arg.getDescendantsOfKind(SyntaxKind.Identifier)) removed.add(id.getText());
    prop.remove();
  }
  dropUnusedImports(source, removed);
}

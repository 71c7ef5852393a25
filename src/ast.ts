import { Node, Project, QuoteKind, SyntaxKind, type SourceFile } from 'ts-morph';
import { fail } from './errors.ts';
import { format } from './render.ts';
import type { Tree } from './tree.ts';

/** A ts-morph source file over a tree file; edits are written back to the tree by save(). */
export function openSource(tree: Tree, file: string): SourceFile {
  const text = tree.read(file);
  if (text === null) fail('STRATA_NOT_PROJECT', `${file} is missing; it is where strata registers new code`);
  const project = new Project({ useInMemoryFileSystem: true, manipulationSettings: { quoteKind: QuoteKind.Single } });
  return project.createSourceFile(file, text);
}

/** Writes an edited source back to the tree, formatted; an unchanged file stays byte-identical. */
export async function saveSource(tree: Tree, source: SourceFile): Promise<void> {
  const file = source.getFilePath().replace(/^\//, '');
  const text = source.getFullText();
  if (text === tree.read(file)) return;
  tree.write(file, await format(file, text), 'edit');
}

/** Adds `import { name } from 'module'` unless the file already imports that name from there. */
export function ensureNamedImport(source: SourceFile, moduleSpecifier: string, name: string): void {
  const existing = source.getImportDeclaration((d) => d.getModuleSpecifierValue() === moduleSpecifier);
  if (existing) {
    if (!existing.getNamedImports().some((n) => n.getName() === name)) existing.addNamedImport(name);
    return;
  }
  source.addImportDeclaration({ moduleSpecifier, namedImports: [name] });
}

/** Appends an identifier to the array literal of `export const <variable> = [...]` unless present. */
export function ensureArrayElement(source: SourceFile, variable: string, element: string): void {
  const array = source.getVariableDeclarationOrThrow(variable).getInitializerIfKindOrThrow(SyntaxKind.ArrayLiteralExpression);
  if (array.getElements().some((e) => e.getText() === element)) return;
  array.addElement(element);
}

/** Adds `key: value` to the object literal returned by function `fn` unless the key exists. */
export function ensureReturnedProperty(source: SourceFile, fn: string, key: string, value: string): void {
  const ret = source.getFunctionOrThrow(fn).getDescendantsOfKind(SyntaxKind.ReturnStatement)[0];
  const object = ret?.getExpression();
  if (!object || !Node.isObjectLiteralExpression(object)) fail('STRATA_NOT_PROJECT', `${fn}() must return an object literal for strata to register ${key}`);
  if (object.getProperty(key)) return;
  object.addPropertyAssignment({ name: key, initializer: value });
}

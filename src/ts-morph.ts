// ts-morph is CommonJS. An ESM `import` of it makes Node scan its bundle for export names
// before loading it (about 80 ms of every generate and check); require() loads the same
// module without the scan. Everything in strata takes ts-morph from here.
import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';

const tsMorph = createRequire(import.meta.url)('ts-morph') as typeof TsMorph;

/** ts-morph's values, loaded with require(). */
export const { Node, Project, QuoteKind, SyntaxKind } = tsMorph;
/** The types of those values, under the same names. */
export type Node = TsMorph.Node;
export type Project = TsMorph.Project;
export type QuoteKind = TsMorph.QuoteKind;
export type SyntaxKind = TsMorph.SyntaxKind;
export type { ClassDeclaration, Expression, ObjectLiteralExpression, SourceFile } from 'ts-morph';

/** One TypeScript program over the project's sources (allowJs), resolving only project files and the database drivers' types. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { HTTP_FRAMEWORKS } from './http.ts';

/** Packages whose declarations the checker needs: the ORM and the pg driver. Other packages stay unresolved (any), which keeps the program small. */
const DB_PACKAGES = /[\\/]node_modules[\\/](sequelize|sequelize-typescript|pg|pg-pool|@types[\\/]pg|@types[\\/]pg-pool)[\\/]/;
const DB_MODULE = /^(sequelize|sequelize-typescript|pg|pg-pool)(\/|$)/;
/** HTTP frameworks, loaded for the types they give handler parameters (a plugin's options, a request's query). */
const HTTP_PACKAGES =
  /[\\/]node_modules[\\/](fastify|express|express-serve-static-core|koa|@koa[\\/]router|@nestjs[\\/]common|@types[\\/](express|express-serve-static-core|koa|koa__router))[\\/]/;
const HTTP_MODULE = new RegExp(`^(${[...HTTP_FRAMEWORKS, 'express-serve-static-core'].join('|')})$`);

/** The compiler options of the project's tsconfig.json (or jsconfig.json), with JavaScript allowed and nothing emitted. */
export function compilerOptions(root: string): ts.CompilerOptions {
  const configFile = ['tsconfig.json', 'jsconfig.json'].map((f) => path.join(root, f)).find((f) => existsSync(f));
  let options: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022 };
  if (configFile) {
    const read = ts.readConfigFile(configFile, ts.sys.readFile);
    if (!read.error) options = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configFile).options;
  }
  return {
    ...options,
    allowJs: true,
    checkJs: false,
    noEmit: true,
    skipLibCheck: true,
    // The standard library stays (await needs Promise); @types packages do not.
    lib: ['lib.es2022.d.ts'],
    types: [],
    experimentalDecorators: true,
    allowImportingTsExtensions: true,
    incremental: false,
    composite: false,
  };
}

/** Builds the program over the given absolute file paths (the roots; their relative imports come along). */
export function createProgram(root: string, files: string[]): ts.Program {
  const options = compilerOptions(root);
  const host = ts.createCompilerHost(options, true);
  const cache = ts.createModuleResolutionCache(root, (f) => f, options);
  const aliased = Boolean(options.paths || options.baseUrl);
  host.resolveModuleNameLiterals = (literals, containing, _redirect, opts) =>
    literals.map((literal) => {
      const name = literal.text;
      const relative = name.startsWith('.') || name.startsWith('/');
      if (!relative && !DB_MODULE.test(name) && !HTTP_MODULE.test(name) && !aliased) return { resolvedModule: undefined };
      const resolved = ts.resolveModuleName(name, containing, opts, host, cache).resolvedModule;
      const file = resolved?.resolvedFileName ?? '';
      if (/[\\/]node_modules[\\/]/.test(file) && !DB_PACKAGES.test(file) && !HTTP_PACKAGES.test(file)) return { resolvedModule: undefined };
      return { resolvedModule: resolved };
    });
  // `/// <reference types="node" />` in the drivers' declarations would pull in all of @types/node (3 MB); nothing here needs it.
  host.resolveTypeReferenceDirectiveReferences = (refs) => refs.map(() => ({ resolvedTypeReferenceDirective: undefined }));
  return ts.createProgram({ rootNames: files, options, host });
}

/** The drivers the project imports whose declarations did not load (node_modules missing): check would see nothing. */
export function missingDrivers(program: ts.Program, texts: Iterable<string>): string[] {
  const imported = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/(?:from\s+|require\(\s*)['"](sequelize|sequelize-typescript|pg)['"]/g)) imported.add(m[1] as string);
  const loaded = program.getSourceFiles().map((f) => f.fileName);
  return [...imported].filter((name) => !loaded.some((f) => new RegExp(`[\\\\/]node_modules[\\\\/](@types[\\\\/])?${name}[\\\\/]`).test(f))).sort();
}

/** Whether a declaration file belongs to one of the database drivers. */
export const isDriverFile = (fileName: string): boolean => DB_PACKAGES.test(fileName);

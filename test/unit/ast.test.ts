import { describe, expect, it } from 'vitest';
import { ensureArrayElement, ensureNamedImport, ensureReturnedProperty, openSource, saveSource } from '../../src/ast.ts';
import { Tree } from '../../src/tree.ts';
import { tempDir } from '../helpers.ts';

describe('AST edits', () => {
  it('add an import, an array element and a property once; a second run changes nothing', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const tree = new Tree(dir);
      tree.write('index.ts', 'export const models = [];\nexport function createServices(db: unknown) {\n  return {};\n}\n');
      const edit = async () => {
        const source = openSource(tree, 'index.ts');
        ensureNamedImport(source, './product.ts', 'Product');
        ensureArrayElement(source, 'models', 'Product');
        ensureReturnedProperty(source, 'createServices', 'products', 'new ProductService(db)');
        await saveSource(tree, source);
      };
      await edit();
      const once = tree.read('index.ts');
      expect(once).toContain("import { Product } from './product.ts';");
      expect(once).toContain('export const models = [Product];');
      expect(once).toContain('products: new ProductService(db)');
      await edit();
      expect(tree.read('index.ts')).toBe(once);
    } finally {
      cleanup();
    }
  });
});

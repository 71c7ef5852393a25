import { describe, expect, it } from 'vitest';
import {
  dropUnusedImports,
  ensureArrayElements,
  ensureNamedImports,
  ensureReturnedProperties,
  openSource,
  removeModuleUses,
  saveSource,
} from '../../src/ast.ts';
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
        ensureNamedImports(source, [
          { module: './product.ts', name: 'Product' },
          { module: './product-service.ts', name: 'ProductService' },
          { module: './product.ts', name: 'Product' },
        ]);
        ensureArrayElements(source, 'models', ['Product', 'Product']);
        ensureReturnedProperties(source, 'createServices', [{ key: 'products', value: 'new ProductService(db)' }]);
        await saveSource(tree, source);
        await tree.finish();
      };
      await edit();
      const once = tree.read('index.ts');
      expect(once).toContain("import { ProductService } from './product-service.ts';");
      expect(once).toContain("import { Product } from './product.ts';");
      expect(once).toContain('export const models = [Product];');
      expect(once).toContain('products: new ProductService(db)');
      await edit();
      expect(tree.read('index.ts')).toBe(once);
    } finally {
      cleanup();
    }
  });

  it('removeModuleUses is their inverse: the import, the array element and the property go, the blank line after the imports stays (as formatted)', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const tree = new Tree(dir);
      const before =
        "import { User } from './user.ts';\n\nexport const models = [User];\nexport function createServices(db: unknown) {\n  return {\n    users: new UserService(db),\n  };\n}\n";
      tree.write('index.ts', before);
      const source = openSource(tree, 'index.ts');
      ensureNamedImports(source, [
        { module: './product.ts', name: 'Product' },
        { module: './product-service.ts', name: 'ProductService' },
      ]);
      ensureArrayElements(source, 'models', ['Product']);
      ensureReturnedProperties(source, 'createServices', [{ key: 'products', value: 'new ProductService(db)' }]);
      removeModuleUses(source, './product.ts');
      removeModuleUses(source, './product-service.ts');
      await saveSource(tree, source);
      await tree.finish();
      expect(tree.read('index.ts')).toBe(before);
      dropUnusedImports(source, ['User']);
      expect(source.getFullText()).toContain("import { User } from './user.ts';");
    } finally {
      cleanup();
    }
  });
});

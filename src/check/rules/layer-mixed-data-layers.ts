import { imports, ORM_MODULES, RAW_MODULES, type Rule } from './helpers.ts';

/** layer-mixed-data-layers: A module uses the ORM or the raw pg pool, never both. */
export const layerMixedDataLayers: Rule = {
  id: 'layer-mixed-data-layers',
  title: 'A module uses the ORM or the raw pg pool, never both',
  applies: (f) => f.role !== 'migration' && f.role !== 'db',
  quick: /sequelize|models|repositories|['"]pg['"]|database|queries/,
  check: (f) => {
    const all = imports(f.source());
    const orm = all.find((i) => ORM_MODULES.test(i.module));
    const raw = all.find((i) => RAW_MODULES.test(i.module));
    return orm && raw ? [{ line: raw.line, message: `uses the ORM (${orm.module}) and raw SQL (${raw.module}); each feature picks one data layer` }] : [];
  },
};

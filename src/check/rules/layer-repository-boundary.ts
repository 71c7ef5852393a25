import { HTTP_MODULES, imports, type Rule } from './helpers.ts';

/** layer-repository-boundary: Repositories only persist. */
export const layerRepositoryBoundary: Rule = {
  id: 'layer-repository-boundary',
  title: 'Repositories only persist',
  applies: (f) => f.role === 'repository',
  check: (f) =>
    imports(f.source())
      .filter((i) => HTTP_MODULES.test(i.module) || /\/services(\/|$)|(^|\/)errors(\.[tj]s)?$/.test(i.module))
      .map((i) => ({
        line: i.line,
        message: `a repository imports ${i.module}; repositories persist only: HTTP, services and domain errors belong in services`,
      })),
};

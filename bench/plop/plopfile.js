// The peer bench/cli.ts measures `strata generate model` against: a plop generator that writes
// five templated files (model, repository, service, routes, test) for one entity, run as
// `plop --plopfile bench/plop/plopfile.js --dest <dir> model Product` (the name bypasses the prompt).
export default function (plop) {
  const file = (name, path) => ({ type: 'add', path, templateFile: `templates/${name}.ts.hbs` });
  plop.setGenerator('model', {
    description: 'a model and its layers',
    prompts: [{ type: 'input', name: 'name', message: 'model name' }],
    actions: [
      file('model', 'src/db/models/{{kebabCase name}}.ts'),
      file('repository', 'src/db/repositories/{{kebabCase name}}-repository.ts'),
      file('service', 'src/services/{{kebabCase name}}-service.ts'),
      file('routes', 'src/routes/{{kebabCase name}}s.ts'),
      file('test', 'test/{{kebabCase name}}s.test.ts'),
    ],
  });
}

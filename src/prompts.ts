import nodePlop from 'node-plop';
import { StrataError } from './errors.ts';
import { parseField } from './fields.ts';

/** Asks for fields one at a time (plop serves prompts only; it writes nothing). */
export async function promptFields(model: string): Promise<string[]> {
  const plop = await nodePlop(undefined, { destBasePath: process.cwd(), force: false });
  plop.setGenerator('field', {
    description: `a field of ${model}`,
    prompts: [
      {
        type: 'input',
        name: 'field',
        message: `Field of ${model} (name:type[{args}][:modifier...], empty to finish)`,
        validate: (value: string) => {
          if (value.trim() === '') return true;
          try {
            parseField(value.trim());
            return true;
          } catch (error) {
            return error instanceof StrataError ? error.message : String(error);
          }
        },
      },
    ],
    actions: [],
  });
  const generator = plop.getGenerator('field');
  const fields: string[] = [];
  for (;;) {
    const answers = (await generator.runPrompts()) as { field: string };
    const value = answers.field.trim();
    if (value === '') return fields;
    fields.push(value);
  }
}

/** Asks a yes/no question (plop's prompt; it writes nothing). No is the default. */
export async function confirm(question: string): Promise<boolean> {
  const plop = await nodePlop(undefined, { destBasePath: process.cwd(), force: false });
  plop.setGenerator('confirm', { description: question, prompts: [{ type: 'confirm', name: 'yes', message: question, default: false }], actions: [] });
  const answers = (await plop.getGenerator('confirm').runPrompts()) as { yes: boolean };
  return answers.yes;
}

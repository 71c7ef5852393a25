import type { App } from '../../src/app.ts';
import { unique } from '../helpers.ts';

/** Field values for a new Tag: unique fields get fresh values, required parents are created unless given. */
export async function tagBody(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return {
    name: unique('nam').slice(-24),
    ...overrides,
  };
}

/** Creates a Tag through the API and returns it as the API does. */
export async function createTag(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await app.inject({ method: 'POST', url: '/tags', payload: await tagBody(app, overrides) });
  if (res.statusCode !== 201) throw new Error(`POST /tags: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Field values as the table takes them on the raw layer (bulk, COPY): secrets already hashed. */
export async function tagRow(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return tagBody(app, overrides);
}

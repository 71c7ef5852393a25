import type { App } from '../../src/app.ts';
import { unique } from '../helpers.ts';
import { createUser } from './user.ts';

/** Field values for a new Post: unique fields get fresh values, required parents are created unless given. */
export async function postBody(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return {
    title: unique('tit').slice(-24),
    content: 'content 1',
    published: true,
    authorId: 'authorId' in overrides ? overrides.authorId : (await createUser(app)).id,
    ...overrides,
  };
}

/** Creates a Post through the API and returns it as the API does. */
export async function createPost(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await app.inject({ method: 'POST', url: '/posts', payload: await postBody(app, overrides) });
  if (res.statusCode !== 201) throw new Error(`POST /posts: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Field values as the table takes them on the raw layer (bulk, COPY): secrets already hashed. */
export async function postRow(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return postBody(app, overrides);
}

import type { App } from '../../src/app.ts';
import { createPost } from './post.ts';

/** Field values for a new Comment: unique fields get fresh values, required parents are created unless given. */
export async function commentBody(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return {
    body: 'body 1',
    postId: 'postId' in overrides ? overrides.postId : (await createPost(app)).id,
    ...overrides,
  };
}

/** Creates a Comment through the API and returns it as the API does. */
export async function createComment(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await app.inject({ method: 'POST', url: '/comments', payload: await commentBody(app, overrides) });
  if (res.statusCode !== 201) throw new Error(`POST /comments: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Field values as the table takes them on the raw layer (bulk, COPY): secrets already hashed. */
export async function commentRow(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return commentBody(app, overrides);
}

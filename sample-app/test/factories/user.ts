import type { App } from '../../src/app.ts';
import { unique } from '../helpers.ts';

/** Field values for a new User: unique fields get fresh values, required parents are created unless given. */
export async function userBody(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return {
    email: unique('ema').slice(-24),
    username: unique('use').slice(-24),
    hashedPassword: unique('has').slice(-24),
    isActive: true,
    ...overrides,
  };
}

/** Creates a User through the API and returns it as the API does. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function createUser(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await app.inject({ method: 'POST', url: '/users', payload: await userBody(app, overrides) });
  if (res.statusCode !== 201) throw new Error(`POST /users: ${res.statusCode} ${res.body}`);
  return res.json();
}

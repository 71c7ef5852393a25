import type { App } from '../../src/app.ts';
import { SecretHasher } from '../../src/security/secrets.ts';
import { unique } from '../helpers.ts';

/** Field values for a new User: unique fields get fresh values, required parents are created unless given. */
export async function userBody(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return {
    email: unique('ema').slice(-24),
    username: unique('use').slice(-24),
    password: 'correct horse battery staple',
    isActive: true,
    ...overrides,
  };
}

/** Creates a User through the API and returns it as the API does. */
export async function createUser(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await app.inject({ method: 'POST', url: '/users', payload: await userBody(app, overrides) });
  if (res.statusCode !== 201) throw new Error(`POST /users: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** One hash for every row the raw-layer tests store (hashing is slow on purpose). */
const sampleHash = new SecretHasher(10).hash('correct horse battery staple');

/** Field values as the table takes them on the raw layer (bulk, COPY): secrets already hashed. */
export async function userRow(app: App, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const { password: _password, ...row } = await userBody(app, overrides);
  return { ...row, hashedPassword: await sampleHash, ...overrides };
}

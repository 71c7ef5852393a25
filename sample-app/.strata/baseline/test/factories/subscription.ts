import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app.ts';
import { unique } from '../helpers.ts';
import { createUser } from './user.ts';

/** Field values for a new Subscription: unique fields get fresh values, required parents are created unless given. */
export async function subscriptionBody(
  app: App,
  overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  return {
    plan: 'free',
    seats: 7,
    usageBytes: '9000000000',
    discountRate: 1.5,
    price: '0.55',
    autoRenew: true,
    startsOn: '2024-02-29',
    renewedAt: '2024-02-29T12:00:00.000Z',
    externalId: randomUUID(),
    metadata: { key: 'value' },
    notes: 'notes 1',
    couponCode: unique('cou').slice(-24),
    internalNote: unique('int').slice(-24),
    tokenLimit: 7,
    ownerId: 'ownerId' in overrides ? overrides.ownerId : (await createUser(app)).id,
    ...overrides,
  };
}

/** Creates a Subscription through the API and returns it as the API does. */
export async function createSubscription(
  app: App,
  overrides: Record<string, unknown> = {},
): Promise<Record<string, any>> {
  const res = await app.inject({
    method: 'POST',
    url: '/subscriptions',
    payload: await subscriptionBody(app, overrides),
  });
  if (res.statusCode !== 201) throw new Error(`POST /subscriptions: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Field values as the table takes them on the raw layer (bulk, COPY): secrets already hashed. */
export async function subscriptionRow(
  app: App,
  overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  return subscriptionBody(app, overrides);
}

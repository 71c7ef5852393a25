import type { Database } from '../database.ts';
import { listen } from '../listener.ts';

/** A change of a Subscription, as the trigger of table subscriptions announces it. */
export interface SubscriptionChange {
  op: 'INSERT' | 'UPDATE' | 'DELETE';
  id: number;
}

/** The channel the trigger notifies. */
export const SUBSCRIPTIONS_CHANNEL = 'subscriptions_changes';

/** Calls the handler for every change of a Subscription; reconnects after a restart. Resolves once listening; call the result to stop. */
export async function onSubscriptionChange(
  db: Database,
  handler: (change: SubscriptionChange) => void,
): Promise<() => Promise<void>> {
  return listen<SubscriptionChange>(db, SUBSCRIPTIONS_CHANNEL, handler);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { onSubscriptionChange, type SubscriptionChange } from '../../src/db/queries/subscription-changes.ts';
import { createSubscription } from '../factories/subscription.ts';
import { setupTestApp, until } from '../helpers.ts';

describe('LISTEN/NOTIFY on subscriptions', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await setupTestApp());
  });
  afterAll(async () => {
    await app.close();
  });

  it('announces inserts, updates and deletes to a typed listener', async () => {
    const events: SubscriptionChange[] = [];
    const stop = await onSubscriptionChange(app.db.database, (change) => events.push(change));
    const created = await createSubscription(app);
    await until(() => events.some((e) => e.op === 'INSERT' && e.id === created.id));
    await app.inject({ method: 'DELETE', url: `/subscriptions/${created.id}` });
    await until(() => events.some((e) => e.op === 'UPDATE' && e.id === created.id));
    await stop();
  });

  it('reconnects after the database drops the listening connection', async () => {
    const events: SubscriptionChange[] = [];
    const stop = await onSubscriptionChange(app.db.database, (change) => events.push(change));
    const killed = await app.db.database.query<{ n: number }>(
      "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'sample-app-listen'",
    );
    expect(killed[0]!.n).toBeGreaterThan(0);
    // Rows made while it reconnects may be missed; one made after it is back is not.
    await until(async () => {
      const row = await createSubscription(app);
      const deadline = Date.now() + 300;
      while (Date.now() < deadline && !events.some((e) => e.id === row.id)) await new Promise((r) => setTimeout(r, 20));
      return events.some((e) => e.id === row.id);
    }, 15_000);
    await stop();
  });
});

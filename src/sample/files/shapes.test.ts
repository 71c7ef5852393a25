import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { Subscription } from '../src/db/models/subscription.ts';
import { Tag } from '../src/db/models/tag.ts';
import { SubscriptionRepository } from '../src/db/repositories/subscription-repository.ts';
import { insertRow } from '../src/db/repositories/inserts.ts';
import { readById, readPage } from '../src/db/repositories/reads.ts';
import { TagRepository } from '../src/db/repositories/tag-repository.ts';
import { createSubscription } from './factories/subscription.ts';
import { createTag } from './factories/tag.ts';
import { setupTestApp } from './helpers.ts';

// Written by hand: the SQL built once per shape (src/db/repositories/shapes.ts) answers as the ORM does,
// and a model given what only the ORM applies (hooks here) goes back to the ORM.
describe('direct reads and inserts', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await setupTestApp());
  });
  afterAll(async () => {
    await app.close();
  });

  it('a null filter matches NULL, as the ORM reads it', async () => {
    await createSubscription(app, { couponCode: null });
    await createSubscription(app, { couponCode: 'SPRING' });
    const page = await new SubscriptionRepository().list({
      limit: 100,
      offset: 0,
      sort: [['id', 'ASC']],
      filters: { couponCode: null },
    });
    expect(page.count).toBe(await Subscription.count({ where: { couponCode: null } }));
    expect(page.count).toBeGreaterThan(0);
    expect(page.rows.every((r) => r.couponCode === null)).toBe(true);
  });

  it('a model with a find hook is read by the ORM, and the hook runs', async () => {
    const tag = await createTag(app);
    let ran = 0;
    const hook = () => void ran++;
    Tag.addHook('beforeFind', 'count', hook);
    try {
      expect(await readById(Tag, tag.id)).toBeUndefined();
      expect(await readPage(Tag, { filters: {}, sort: [['id', 'ASC']], limit: 5, offset: 0 })).toBeUndefined();
      const res = await app.inject({ method: 'GET', url: `/tags/${tag.id}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: tag.id, name: tag.name });
      expect(ran).toBe(1);
    } finally {
      Tag.removeHook('beforeFind', 'count');
    }
    expect(await readById(Tag, tag.id)).toMatchObject({ id: tag.id });
  });

  it('a model with a create hook is created by the ORM, in one transaction with its hook', async () => {
    Tag.addHook('afterCreate', 'fail', () => {
      throw new Error('refused by a hook');
    });
    try {
      expect(new TagRepository().insertsDirectly()).toBe(false);
      expect(await insertRow(Tag, { name: 'never' })).toBeUndefined();
      const before = await Tag.count();
      const res = await app.inject({ method: 'POST', url: '/tags', payload: { name: 'refused-by-hook' } });
      expect(res.statusCode).toBe(500);
      expect(await Tag.count()).toBe(before); // the INSERT rolled back with the hook
    } finally {
      Tag.removeHook('afterCreate', 'fail');
    }
    expect(new TagRepository().insertsDirectly()).toBe(true);
  });
});

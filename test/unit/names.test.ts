import { describe, expect, it } from 'vitest';
import { names } from '../../src/names.ts';

describe('names', () => {
  it('derives every spelling from one name', () => {
    expect(names('Product')).toMatchObject({
      className: 'Product',
      tableName: 'products',
      routeName: 'products',
      fileName: 'product',
      pluralPropertyName: 'products',
    });
    expect(names('OrderItem')).toMatchObject({
      className: 'OrderItem',
      tableName: 'order_items',
      routeName: 'order-items',
      fileName: 'order-item',
      propertyName: 'orderItem',
    });
    expect(names('order_item').className).toBe('OrderItem');
    expect(names('Person')).toMatchObject({ tableName: 'people', routeName: 'people' });
    expect(names('Category').tableName).toBe('categories');
    expect(names('Address').tableName).toBe('addresses');
    expect(names('HTTPLog')).toMatchObject({ className: 'HttpLog', tableName: 'http_logs' });
    expect(names('User').tableName).toBe('users');
  });
});

import pluralize from 'pluralize';

/** Every spelling of one name that generators and templates use. */
export interface Names {
  /** Product, OrderItem */
  className: string;
  /** product, orderItem */
  propertyName: string;
  /** products, orderItems */
  pluralPropertyName: string;
  /** Products, OrderItems */
  pluralClassName: string;
  /** product, order-item: file names */
  fileName: string;
  /** products, order-items: route paths */
  routeName: string;
  /** products, order_items: table names */
  tableName: string;
  /** product, order_item */
  snakeName: string;
  /** Product, Order item: human text */
  humanName: string;
  /** products, order items */
  humanPlural: string;
}

/** Splits any casing (OrderItem, order_item, order-item, orderItem) into lower-case words. */
export function words(input: string): string[] {
  return input
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const upper = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

/** PascalCase of any casing. */
export function pascal(input: string): string {
  return words(input).map(upper).join('');
}

/** camelCase of any casing. */
export function camel(input: string): string {
  const p = pascal(input);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

/** snake_case of any casing. */
export function snake(input: string): string {
  return words(input).join('_');
}

/** kebab-case of any casing. */
export function kebab(input: string): string {
  return words(input).join('-');
}

/** Derives all names of a model from its name; the only place casing is worked out. */
export function names(input: string): Names {
  const parts = words(input);
  const last = parts[parts.length - 1] ?? '';
  const pluralParts = [...parts.slice(0, -1), pluralize.plural(last)];
  const className = parts.map(upper).join('');
  const pluralClassName = pluralParts.map(upper).join('');
  return {
    className,
    propertyName: className.charAt(0).toLowerCase() + className.slice(1),
    pluralPropertyName: pluralClassName.charAt(0).toLowerCase() + pluralClassName.slice(1),
    pluralClassName,
    fileName: parts.join('-'),
    routeName: pluralParts.join('-'),
    tableName: pluralParts.join('_'),
    snakeName: parts.join('_'),
    humanName: upper(parts.join(' ')),
    humanPlural: pluralParts.join(' '),
  };
}

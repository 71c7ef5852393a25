import type { Transaction } from 'sequelize';

/** Options every repository method takes: the caller's transaction, if any. */
export interface RepoOptions {
  transaction?: Transaction;
}

/** A list request, already validated and bounded by the route. */
export interface ListQuery<F> {
  limit: number;
  offset: number;
  /** Sort keys, each a whitelisted attribute with its direction. */
  sort: Array<[string, 'ASC' | 'DESC']>;
  filters: F;
  search?: string;
  /** Relations to load eagerly, already whitelisted. */
  include?: string[];
}

/** One page of rows and the total that matched. */
export interface Page<T> {
  rows: T[];
  count: number;
}

/** Escapes LIKE wildcards so user text matches literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

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
  include?: Include;
}

/** Relations to load eagerly (already whitelisted), and at most how many related rows per relation per parent. */
export interface Include {
  names: string[];
  limit: number;
}

/** Load no relations. */
export const NO_INCLUDE: Include = { names: [], limit: 0 };

/** One page of rows and the total that matched. */
export interface Page<T> {
  rows: T[];
  count: number;
}

/** Escapes LIKE wildcards so user text matches literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

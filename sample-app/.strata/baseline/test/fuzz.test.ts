/**
 * Schema-driven fuzz test. Every operation of the app's own OpenAPI document
 * (`app.swagger()`) gets requests built from its schemas: valid ones, and ones
 * broken on purpose (wrong types, out-of-range and non-finite numbers, NUL
 * bytes, huge strings, unknown and `__proto__` keys, odd ids, wrong bodies).
 * Every response is held to four rules, and all breaches are reported together:
 *   1. no 5xx;
 *   2. no leak: stored hashes (`scrypt$`), `hashed*` keys, stack traces, SQL or
 *      database error text, source file paths;
 *   3. a 2xx JSON body matches the response schema documented for its status;
 *   4. a request the document rejects (read strictly, without type coercion)
 *      is not answered with a 2xx.
 *
 * Generic on purpose: it names no route, entity or field of the app.
 * Reproduce a run with FUZZ_SEED=<seed>; FUZZ_REQUESTS sets the budget.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { createAjv, isCollectionCreate, type Operation, readOperations, recordOf } from './fuzz/openapi.ts';
import { type GenContext, lastSegment } from './fuzz/arbitraries.ts';
import { type FuzzRequest, invalidRequest, textBodyRequests, validRequest } from './fuzz/requests.ts';
import { Checker, formatReport } from './fuzz/checks.ts';
import { setupTestApp } from './helpers.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_101);
const TOTAL_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3_000);
/** Share of the generated requests that the document's schemas accept. */
const VALID_SHARE = 0.4;
/** Requests are sent in batches, with fresh rows created before each. */
const BATCHES = 4;
/** Rounds of row creation before the first batch, so that later rounds can refer to earlier rows. */
const SEED_ROUNDS = 3;
const SEED_BODIES_PER_ROUND = 8;

/** A seed of its own for each use of the generator, all derived from SEED so a run replays exactly. */
function seedFor(...parts: number[]): number {
  return parts.reduce((seed, part) => Math.imul(seed ^ (part + 1), 0x9e3779b1) >>> 0, SEED >>> 0);
}

/** Remembers the id of a row a collection route created, for later requests. */
function rememberId(ctx: GenContext, op: Operation, status: number, json: unknown): void {
  const id = recordOf(json).id;
  if (!isCollectionCreate(op, ctx.doc) || status < 200 || status >= 300) return;
  if (typeof id !== 'number' && typeof id !== 'string') return;
  ctx.ids.push(id);
  const collection = lastSegment(op.path);
  ctx.idsByCollection.set(collection, [...(ctx.idsByCollection.get(collection) ?? []), id]);
}

/** Creates rows through every collection route; several rounds let later rows refer to earlier ones. */
async function createRows(checker: Checker, ctx: GenContext, operations: Operation[], batch: number): Promise<number> {
  const creators = operations.filter((op) => isCollectionCreate(op, ctx.doc));
  const rounds = batch === 0 ? SEED_ROUNDS : 1;
  let sent = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [index, op] of creators.entries()) {
      const seed = seedFor(1, batch, round, index);
      const requests = fc.sample(validRequest(ctx, op), { seed, numRuns: SEED_BODIES_PER_ROUND });
      for (const request of requests) {
        const { status, json } = await checker.send(request);
        rememberId(ctx, op, status, json);
        sent++;
      }
    }
  }
  return sent;
}

/** One batch of requests over every operation, shuffled (reproducibly) so operations interleave. */
function fuzzRequests(ctx: GenContext, operations: Operation[], batch: number, budget: number): FuzzRequest[] {
  const text = operations.flatMap((op, index) => textBodyRequests(ctx, op, operations, seedFor(2, batch, index)));
  const perOperation = Math.ceil(Math.max(0, budget - text.length) / operations.length);
  const valid = Math.round(perOperation * VALID_SHARE);
  const generated = operations.flatMap((op, index) => [
    ...fc.sample(validRequest(ctx, op), { seed: seedFor(3, batch, index), numRuns: valid }),
    ...fc.sample(invalidRequest(ctx, op), { seed: seedFor(4, batch, index), numRuns: perOperation - valid }),
  ]);
  const all = [...text, ...generated];
  const [shuffled] = fc.sample(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), {
    seed: seedFor(5, batch),
    numRuns: 1,
  });
  return shuffled ?? all;
}

describe('schema-driven fuzz of the OpenAPI document', () => {
  let app: App;

  beforeAll(async () => {
    ({ app } = await setupTestApp());
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers generated valid and invalid requests without 5xx, leaks or off-schema 2xx bodies', async () => {
    const started = Date.now();
    console.info(`fuzz: FUZZ_SEED=${SEED} FUZZ_REQUESTS=${TOTAL_REQUESTS}`);
    const doc = recordOf(app.swagger());
    const operations = readOperations(doc);
    expect(operations.length, 'the OpenAPI document lists no operations').toBeGreaterThan(0);

    // Responses are checked as sent; requests as Fastify sees them, with defaults filled in.
    const responseAjv = await createAjv(doc, { useDefaults: false });
    const requestAjv = await createAjv(doc, { useDefaults: true });
    const checker = new Checker(app, doc, responseAjv, requestAjv);
    const ctx: GenContext = { doc, ids: [], idsByCollection: new Map() };
    let created = 0;
    let fuzzed = 0;
    // In batches, with fresh rows before each: DELETEs use up the rows that later requests should find.
    for (let batch = 0; batch < BATCHES; batch++) {
      created += await createRows(checker, ctx, operations, batch);
      for (const request of fuzzRequests(ctx, operations, batch, Math.ceil(TOTAL_REQUESTS / BATCHES))) {
        const { status, json } = await checker.send(request);
        rememberId(ctx, request.op, status, json);
        fuzzed++;
      }
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const outcomes = [...checker.statusCounts].map(([k, n]) => `${k}: ${n}`).join(', ');
    console.info(
      `fuzz: seed ${SEED}, ${operations.length} operations, ${created} creation requests + ${fuzzed} fuzz requests ` +
        `(${ctx.ids.length} rows created) in ${seconds}s; ${outcomes}`,
    );
    expect(fuzzed).toBeGreaterThanOrEqual(TOTAL_REQUESTS);
    if (checker.violations.length > 0) {
      expect.fail(formatReport(checker.violations, SEED));
    }
  }, 120_000);
});

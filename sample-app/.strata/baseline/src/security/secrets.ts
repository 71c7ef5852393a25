import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

/** The only shape a stored hash may have (cost 10 to 20, r = 8, p = 1); bulk and COPY imports check it too. */
export const HASH_FORMAT = /^scrypt[$](1[0-9]|20)[$]8[$]1[$][A-Za-z0-9_-]{22}[$][A-Za-z0-9_-]{43}$/;

/** At most this many hashes run at once: each takes 128 MiB at cost 17 and a thread of libuv's pool of 4. */
const CONCURRENT_HASHES = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function derive(secret: string, salt: Buffer, cost: number): Promise<Buffer> {
  if (running >= CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    const N = 2 ** cost;
    // scrypt needs 128 * N * r bytes; Node's default cap (32 MiB) is below OWASP's N = 2^17.
    const options: ScryptOptions = { N, r: BLOCK_SIZE, p: PARALLELISM, maxmem: 256 * N * BLOCK_SIZE };
    return await new Promise((resolve, reject) =>
      scrypt(secret.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
        error ? reject(error) : resolve(key),
      ),
    );
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/**
 * Salted scrypt hashes of secrets (node:crypto: no native build). A hash reads
 * `scrypt$<log2 N>$<r>$<p>$<salt>$<key>` (base64url), so it carries its own
 * cost and stays verifiable after SECRET_HASH_COST changes.
 */
export class SecretHasher {
  private readonly cost: number;

  constructor(cost: number) {
    this.cost = cost;
  }

  /** A new salted hash of the secret. */
  async hash(secret: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(secret, salt, this.cost);
    return ['scrypt', this.cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64url'), key.toString('base64url')].join(
      '$',
    );
  }
}

/** Whether the secret matches a stored hash, compared in constant time; false for anything that is not our hash. */
export async function verifySecret(secret: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored || !HASH_FORMAT.test(stored)) return false;
  const [, cost, , , salt, expected] = stored.split('$') as [string, string, string, string, string, string];
  const key = await derive(secret, Buffer.from(salt, 'base64url'), Number(cost));
  return timingSafeEqual(key, Buffer.from(expected, 'base64url'));
}

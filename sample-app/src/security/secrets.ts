import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

function derive(secret: string, salt: Buffer, cost: number, blockSize: number, parallelism: number): Promise<Buffer> {
  const N = 2 ** cost;
  // scrypt needs 128 * N * r bytes; Node's default cap (32 MiB) is below OWASP's N = 2^17.
  const options: ScryptOptions = { N, r: blockSize, p: parallelism, maxmem: 256 * N * blockSize };
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
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
    const key = await derive(secret, salt, this.cost, BLOCK_SIZE, PARALLELISM);
    return ['scrypt', this.cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64url'), key.toString('base64url')].join(
      '$',
    );
  }
}

/** Whether the secret matches a stored hash, compared in constant time; false for anything that is not our hash. */
export async function verifySecret(secret: string, stored: string | null | undefined): Promise<boolean> {
  const parts = (stored ?? '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [cost, blockSize, parallelism] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (
    ![cost, blockSize, parallelism].every(Number.isSafeInteger) ||
    cost < 1 ||
    cost > 20 ||
    blockSize < 1 ||
    blockSize > 32 ||
    parallelism !== 1
  )
    return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const key = await derive(secret, Buffer.from(parts[4]!, 'base64url'), cost, blockSize, parallelism);
  return timingSafeEqual(key, expected);
}

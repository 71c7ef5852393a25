import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed sample app. */
export const SAMPLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'sample-app');

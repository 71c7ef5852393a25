import { localDatabase } from './local-db.ts';

// npm run dev: the server on DATABASE_URL, or on the embedded PostgreSQL in .data/.
const db = await localDatabase();
process.env.DATABASE_URL = db.url;
const { start } = await import('../src/server.ts');
await start({ onClosed: () => db.stop() });

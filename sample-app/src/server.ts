import { pathToFileURL } from 'node:url';
import { buildApp } from './app.ts';
import { loadSettings } from './config.ts';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Starts listening and owns the process lifespan: on SIGINT/SIGTERM it stops
 * accepting, drains in-flight requests, then closes the ORM and the pool (the
 * db plugin's onClose hook).
 */
export async function start(options: { onClosed?: () => Promise<void> } = {}): Promise<void> {
  const settings = loadSettings();
  const app = await buildApp({ settings });
  await app.listen({ host: settings.host, port: settings.port });
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    await app.close();
    await options.onClosed?.();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  start().catch((error: Error) => {
    console.error(`failed to start: ${error.message}`);
    process.exit(1);
  });
}

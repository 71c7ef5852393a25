import { pathToFileURL } from 'node:url';
import { buildApp } from './app.ts';
import { loadSettings } from './config.ts';

/**
 * Starts listening and owns the process lifespan: on SIGINT/SIGTERM it stops
 * accepting, closes idle connections, lets in-flight requests finish, cuts
 * whatever still holds a connection (a stalled upload) before the grace period
 * ends, then closes the ORM and the pool (the db plugin's onClose hook).
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
    const grace = settings.shutdownGraceMs;
    // Leave a quarter of the grace period (at most 2 s) for the rollbacks and pool closes that follow a cut.
    const cut = setTimeout(
      () => {
        app.log.warn('requests still open at the end of the grace period; closing their connections');
        app.server.closeAllConnections();
      },
      grace - Math.min(grace / 4, 2_000),
    );
    const timer = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, grace);
    cut.unref();
    timer.unref();
    try {
      await app.close();
      clearTimeout(cut);
      await options.onClosed?.();
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
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

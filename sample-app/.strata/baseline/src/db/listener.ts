import pg from 'pg';
import type { Database } from './database.ts';

/**
 * LISTENs on a channel on a dedicated connection (never a pooled one: LISTEN
 * is session state) and hands each payload, parsed, to the handler. When the
 * connection drops (a restart, a failover) it reconnects with backoff and
 * LISTENs again. Resolves once listening; the result stops it, and so does
 * closing the raw layer. Written by `strata generate model --notify`.
 */
export async function listen<T>(
  db: Database,
  channel: string,
  handler: (payload: T) => void,
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`bad channel name ${JSON.stringify(channel)}`);
  let client: pg.Client | undefined;
  let stopped = false;
  let delay = 100;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: db.url, application_name: 'sample-app-listen' });
    next.on('notification', (message) => {
      if (message.channel !== channel || message.payload === undefined) return;
      try {
        handler(JSON.parse(message.payload) as T);
      } catch (err) {
        db.logger.warn({ err: (err as Error).message, channel }, 'notification handler failed');
      }
    });
    next.on('error', (err) => db.logger.warn({ err: err.message, channel }, 'listener connection lost'));
    next.on('end', () => {
      if (stopped) return;
      setTimeout(() => void reconnect(), delay).unref();
    });
    await next.connect();
    // strata-ignore query-raw-interpolation: LISTEN takes no parameters; the channel was checked against a strict pattern above
    await next.query(`LISTEN "${channel}"`);
    client = next;
    delay = 100;
  };
  const reconnect = async (): Promise<void> => {
    if (stopped) return;
    try {
      await connect();
    } catch {
      delay = Math.min(delay * 2, 5_000);
      setTimeout(() => void reconnect(), delay).unref();
    }
  };
  await connect();
  let forget = () => {};
  const stop = async (): Promise<void> => {
    stopped = true;
    forget();
    await client?.end().catch(() => {});
  };
  forget = db.onDisconnect(stop);
  return stop;
}

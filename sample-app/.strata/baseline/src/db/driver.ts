import pg from 'pg';

/**
 * pg's Client with an 'error' listener from birth. Sequelize attaches its own
 * only once a connection is up, and pg's pool removes its own while a client
 * is checked out, so a server that dies at the wrong moment (a crash under
 * load) would emit an unhandled 'error' and kill the process. The error still
 * fails the query or connect that saw it; the pools replace the connection.
 */
export function guardedClient(onError: (error: Error) => void): typeof pg.Client {
  return class GuardedClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      this.on('error', onError);
    }
  };
}

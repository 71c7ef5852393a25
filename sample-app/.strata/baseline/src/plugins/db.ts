import fp from 'fastify-plugin';
import type { Sequelize } from 'sequelize-typescript';
import type { Settings } from '../config.ts';
import { Database } from '../db/database.ts';
import { createSequelize } from '../db/session.ts';
import { SecretHasher } from '../security/secrets.ts';

/** Both data layers of the app, created once and closed once. */
export interface Db {
  sequelize: Sequelize;
  database: Database;
  /** Hashes secrets (password fields) for the services that store them. */
  secrets: SecretHasher;
  /** Proves both layers reach the database. */
  ping: () => Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** The database lifecycle: created at registration, closed in onClose. */
export default fp<{ settings: Settings }>(
  async (app, { settings }) => {
    const sequelize = createSequelize(
      settings,
      (sql) => app.log.info({ sql }, 'sql'),
      (error) => app.log.warn({ err: error.message }, 'database connection lost'),
    );
    const database = new Database(settings, app.log);
    const ping = async (): Promise<void> => {
      await sequelize.query('SELECT 1');
      await database.query('SELECT 1');
    };
    app.decorate('db', { sequelize, database, secrets: new SecretHasher(settings.secretHashCost), ping });
    // Both close even when one fails; the first failure is still reported.
    app.addHook('onClose', async () => {
      const closed = await Promise.allSettled([sequelize.close(), database.disconnect()]);
      const failed = closed.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    });
  },
  { name: 'db' },
);

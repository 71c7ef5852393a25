import 'reflect-metadata';
import pg from 'pg';
import { Sequelize } from 'sequelize-typescript';
import type { Settings } from '../config.ts';
import { guardedClient } from './driver.ts';
import { models } from './models/index.ts';

interface Stamped {
  strataCreatedAt?: number;
  _ending?: boolean;
  _invalid?: boolean;
}

/**
 * The ORM layer: one Sequelize instance per app (created by the db plugin,
 * closed in its onClose hook), never one per request.
 */
export function createSequelize(
  settings: Settings,
  log: (sql: string) => void = () => {},
  onConnectionError: (error: Error) => void = () => {},
): Sequelize {
  const sequelize = new Sequelize(settings.databaseUrl, {
    dialect: 'postgres',
    // pg with a client that cannot crash the process on a lost connection (src/db/driver.ts).
    dialectModule: { ...pg, Client: guardedClient(onConnectionError) },
    models,
    logging: settings.echo ? (sql: string) => log(sql) : false,
    define: { underscored: true },
    pool: {
      min: 0,
      max: settings.poolSize + settings.maxOverflow,
      acquire: settings.acquireTimeoutMs,
      idle: 10_000,
      evict: 1_000,
      // Pre-ping and recycle: a connection that has ended, errored or outlived DB_RECYCLE_MS is replaced.
      validate: (connection: unknown) => {
        const c = connection as Stamped;
        // Sequelize marks a connection _invalid when its socket errors (a restart, a failover).
        if (c._ending || c._invalid) return false;
        if (!settings.prePing) return true;
        return c.strataCreatedAt === undefined || Date.now() - c.strataCreatedAt < settings.recycleMs;
      },
    },
    dialectOptions: {
      statement_timeout: settings.statementTimeoutMs,
      application_name: 'sample-app',
    },
  });
  sequelize.addHook('afterConnect', (connection: unknown) => {
    (connection as Stamped).strataCreatedAt = Date.now();
  });
  return sequelize;
}

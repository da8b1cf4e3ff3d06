import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port';

export const NGINX = '/usr/sbin/nginx';

/** The shipped example the tests and the bench run, as an operator would install it. */
export const EDGE_CONFIG = fileURLToPath(new URL('../../../deploy/nginx/brume-edge.conf', import.meta.url));

export interface EdgeConfigValues {
  /** `host:port` of the Brume relay. */
  origin: string;
  /** What nginx listens on, e.g. `127.0.0.1:8081`. */
  listen: string;
  /** Stands for `/var/cache/nginx/brume` in `brume-media`, `brume-playlists`. */
  cacheDir: string;
}

/**
 * The example config with its three marked values replaced. Throws when a marker is gone, so the
 * example and what the tests run cannot drift apart.
 */
export function renderEdgeConfig(template: string, values: EdgeConfigValues): string {
  const replacements: [RegExp, string][] = [
    [/server \S+;(\s*# origin)/, `server ${values.origin};$1`],
    [/listen \S+;(\s*# the port viewers use)/, `listen ${values.listen};$1`],
    [/\/var\/cache\/nginx\/brume/g, values.cacheDir],
  ];
  return replacements.reduce((text, [marker, value]) => {
    if (text.search(marker) < 0) throw new Error(`brume-edge.conf lost its marked line ${String(marker)}`);
    return text.replace(marker, value);
  }, template);
}

/**
 * Debian's nginx running the example config in a temporary prefix, in the foreground (the child is
 * its master). `stop()` ends it and removes the prefix.
 */
export class NginxEdge {
  private constructor(
    readonly base: string,
    readonly prefix: string,
    private readonly child: ChildProcess,
  ) {}

  static available(): boolean {
    return existsSync(NGINX);
  }

  static async start(originBase: string, options: { accessLog?: boolean } = {}): Promise<NginxEdge> {
    const prefix = mkdtempSync(path.join(tmpdir(), 'brume-nginx-'));
    mkdirSync(path.join(prefix, 'tmp'));
    const port = await freePort();
    const edge = renderEdgeConfig(readFileSync(EDGE_CONFIG, 'utf8'), {
      origin: new URL(originBase).host,
      listen: `127.0.0.1:${port}`,
      cacheDir: path.join(prefix, 'cache'),
    });
    writeFileSync(path.join(prefix, 'brume-edge.conf'), edge);
    const tmp = (name: string) => `${name}_temp_path ${path.join(prefix, 'tmp', name)};`;
    writeFileSync(
      path.join(prefix, 'nginx.conf'),
      [
        'daemon off;',
        // A master and a cache manager (which drops entries past `inactive`), as in production;
        // workers run as whoever runs this (`user` is ignored, with a notice, when that is not root).
        `user ${userInfo().username};`,
        'worker_processes 1;',
        `pid ${path.join(prefix, 'nginx.pid')};`,
        `error_log ${path.join(prefix, 'error.log')} warn;`,
        'worker_rlimit_nofile 8192;',
        'events { worker_connections 4096; }',
        'http {',
        options.accessLog
          ? `  log_format edge '$request_uri $status $upstream_cache_status $request_time';\n  access_log ${path.join(prefix, 'access.log')} edge;`
          : '  access_log off;',
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${tmp(name)}`),
        `  include ${path.join(prefix, 'brume-edge.conf')};`,
        '}',
        '',
      ].join('\n'),
    );
    const child = spawn(
      NGINX,
      ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', path.join(prefix, 'error.log')],
      { stdio: 'ignore' },
    );
    const nginx = new NginxEdge(`http://127.0.0.1:${port}`, prefix, child);
    try {
      await nginx.ready();
    } catch (error) {
      await nginx.stop();
      throw error;
    }
    return nginx;
  }

  /** Resolves once nginx answers; rejects with its error log if it exits or takes over 5 s. */
  private async ready(): Promise<void> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) break;
      try {
        await fetch(`${this.base}/hls/`, { signal: AbortSignal.timeout(500) });
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error(`nginx did not start: ${this.errorLog()}`);
  }

  errorLog(): string {
    const file = path.join(this.prefix, 'error.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '(no error log)';
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.prefix, { recursive: true, force: true });
  }
}

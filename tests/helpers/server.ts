import { type ChildProcess, spawn } from 'node:child_process';

export interface RunningServer {
  url: string;
  process: ChildProcess;
  /** Everything it printed so far. */
  output: () => string;
}

/**
 * Starts the real server (node + tsx, as npm start does) on a free port, on the given database;
 * resolves once `processes` API processes say they listen.
 */
export function startServer(
  database: { path: string; url?: string },
  env: Record<string, string> = {},
  processes = 1,
): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_PATH: database.path,
      DATABASE_URL: database.url ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'never',
      ADMIN_PASSWORD: 'a long admin password',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ports = [...output.matchAll(/Listening on http:\/\/localhost:(\d+)/g)].map((m) => m[1]);
      if (ports.length >= processes) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${ports[0]}`, process: child, output: () => output });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
}

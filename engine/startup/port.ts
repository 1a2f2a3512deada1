// The HTTP port, taken first: before the entry point locks DATA_DIR, starts Redis or rebuilds any job, so a
// second `npm start` on a taken port stops at once with "port 3000 is in use" and changes nothing. The server
// answers 503 (starting) until the app is attached.
import { createServer, type RequestListener, type Server } from 'node:http';
import { StartupError } from './errors.js';

export interface ReservedPort {
  server: Server;
  /** serves `app` from now on (until then every request gets 503) */
  serve(app: RequestListener): void;
}

export async function reservePort(port: number, host?: string): Promise<ReservedPort> {
  let handler: RequestListener | undefined;
  const server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '2' });
    res.end('starting\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        reject(
          new StartupError(
            `port ${port} is in use: another process listens on it (another instance of this engine?); ` +
              `stop it or set PORT to a free port`,
          ),
        );
      else if (err.code === 'EACCES')
        reject(
          new StartupError(`port ${port} needs privileges this user lacks; set PORT to a port above 1023`),
        );
      else reject(err);
    });
    server.listen(port, host, () => resolve());
  });
  return { server, serve: (app) => (handler = app) };
}

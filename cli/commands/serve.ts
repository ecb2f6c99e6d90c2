/**
 * `lockstep serve [dir]`: browse the results store (or any sweep or run folder) over HTTP on the
 * loopback interface only, as Jepsen's `serve` does: folder listings, the reports, the raw files.
 * `latest` links are followed, so http://127.0.0.1:PORT/latest/ is always the newest result.
 */
import { createServer, type Server } from 'node:http';
import { statSync } from 'node:fs';
import serveHandler from 'serve-handler';
import { BadInputError, EXIT } from '../errors.js';
import { DEFAULT_PORT } from '../limits.js';
import { parsePositiveInt } from '../parse.js';
import { STORE_ROOT } from '../store.js';

const HOST = '127.0.0.1';

export interface ServeArgs {
  dir?: string;
  port?: string;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

export async function serveCommand(args: ServeArgs): Promise<number> {
  const dir = args.dir ?? STORE_ROOT;
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st) throw new BadInputError(`no such folder: ${dir}${args.dir === undefined ? ' (a run or sweep fills it; or give a folder)' : ''}`);
  if (!st.isDirectory()) throw new BadInputError(`${dir} is a file, not a folder`);
  const wanted = args.port === undefined ? DEFAULT_PORT : args.port === '0' ? 0 : parsePositiveInt('--port', args.port);
  if (wanted > 65535) throw new BadInputError(`--port must be at most 65535, got ${wanted}`);

  const server = createServer((req, res) => {
    serveHandler(req, res, { public: dir, symlinks: true, cleanUrls: false, directoryListing: true, etag: true }).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  let port: number;
  try {
    port = await listen(server, wanted);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // The usual port taken and no port asked for: any free port will do, the URL says which.
    if (code === 'EADDRINUSE' && args.port === undefined) port = await listen(server, 0);
    else if (code === 'EADDRINUSE') throw new BadInputError(`port ${wanted} on ${HOST} is in use; give another --port (0 picks a free one)`);
    else throw new BadInputError(`cannot listen on ${HOST}:${wanted}: ${(err as Error).message}`);
  }
  process.stdout.write(`lockstep serve: ${dir} at http://${HOST}:${port}/ (Ctrl-C stops)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return EXIT.valid;
}

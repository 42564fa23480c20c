/**
 * A tiny static server for the built demo (dist/demo) that sends the strict Content-Security-Policy
 * the demo must work under, as a bank portal would. `pnpm demo:preview` and `npm start` run it;
 * the e2e tests start it on a free port with `serveDemo({ port: 0 })`.
 *
 *   pnpm exec tsx demo/serve.ts [--root dist/demo] [--host 127.0.0.1] [--port 4173]
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The policy the demo is built for (README: what a portal page needs). */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.parquet': 'application/vnd.apache.parquet',
  '.arrow': 'application/vnd.apache.arrow.file',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ServeOptions {
  /** Folder to serve (default dist/demo). */
  root?: string;
  host?: string;
  /** 0 for any free port. */
  port?: number;
  /** The Content-Security-Policy header (default STRICT_CSP). */
  csp?: string;
}

export interface DemoServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const defaultRoot = fileURLToPath(new URL('../dist/demo', import.meta.url));

export async function serveDemo(options: ServeOptions = {}): Promise<DemoServer> {
  const root = resolve(options.root ?? defaultRoot);
  const csp = options.csp ?? STRICT_CSP;
  const server = createServer(async (request, response) => {
    const send = (code: number, text: string) => {
      response.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': csp });
      response.end(text);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'Method not allowed');
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(400, 'Bad request');
    }
    if (pathname.includes('\0')) return send(400, 'Bad request');
    let file = normalize(join(root, pathname));
    if (file !== root && !file.startsWith(root + sep)) return send(403, 'Forbidden');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      const hashed = /[-.][\w-]{8}\.\w+$/.test(file) && file.includes(`${sep}assets${sep}`);
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      if (request.method === 'HEAD') return response.end();
      createReadStream(file).pipe(response);
    } catch {
      send(404, 'Not found');
    }
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 4173, options.host ?? '127.0.0.1', () => done());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}/`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const root = resolve(arg('root') ?? defaultRoot);
  try {
    await stat(join(root, 'index.html'));
  } catch {
    console.error(`${root}/index.html is missing: build the demo first (pnpm demo:build).`);
    process.exit(1);
  }
  const host = arg('host') ?? process.env.HOST ?? '127.0.0.1';
  const wanted = Number(arg('port') ?? process.env.PORT ?? 4173);
  let served: DemoServer | undefined;
  // The port asked for, else the next free one.
  for (let port = wanted; !served && port < wanted + 20; port++) {
    try {
      served = await serveDemo({ root, host, port });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  if (!served) {
    console.error(`No free port from ${wanted} to ${wanted + 19}.`);
    process.exit(1);
  }
  console.log(`\n  Strata demo portal (strict CSP) at ${served.url}`);
  console.log(`  Pages: ${served.url}index.html · vue.html · react.html · two.html`);
  console.log(`  Content-Security-Policy: ${STRICT_CSP}`);
  console.log('  Ctrl+C to stop.\n');
  const stop = () => void served!.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

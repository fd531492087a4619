/**
 * The HTTP side of the one port: the built web client (client/dist), the town's art under
 * /town/, and (in dev mode) Vite's middleware. socket.io answers /socket.io/ itself.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import type { TownAssets } from './assets';

/** Connect-style middleware (Vite's dev server exposes one). */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface HttpHandlerOptions {
  assets: TownAssets;
  /** Folder of the built client; null or missing serves a page saying how to build it. */
  clientDir: string | null;
  /** Dev mode: requests the town routes do not answer go here (Vite). */
  devMiddleware?: Middleware;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

function streamFile(req: IncomingMessage, res: ServerResponse, file: string, contentType: string, cacheControl: string): void {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
    size = stat.size;
  } catch {
    return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
  }
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': size, 'Cache-Control': cacheControl, 'X-Content-Type-Options': 'nosniff' });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** Resolves a URL path inside `root`, or null when it would leave it (../, encoded tricks, NUL). */
export function safeJoin(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const full = resolve(base, `./${decoded}`);
  // The one containment check: whatever "..", encodings or separators the path used, the file
  // must lie inside the root (base + sep, so a sibling "dist-secrets" does not pass for "dist").
  return full === base || full.startsWith(base + sep) ? full : null;
}

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Hamlet</title>
<p>The web client has not been built. Run <code>npm run build</code> (or <code>npm start</code>, which builds it when needed) and reload.</p>`;

export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const clientDir = options.clientDir ? resolve(options.clientDir) : null;
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0].split('#')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      if (options.devMiddleware) return options.devMiddleware(req, res, () => send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n'));
      return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
    }
    if (path.startsWith('/town/')) {
      const asset = options.assets.lookup(path);
      if (!asset) return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
      if (asset.body !== undefined) {
        res.setHeader('Cache-Control', 'no-cache');
        return send(res, 200, asset.contentType, asset.body);
      }
      return streamFile(req, res, asset.file!, asset.contentType, 'no-cache');
    }
    if (options.devMiddleware) {
      return options.devMiddleware(req, res, () => send(res, 404, 'text/plain; charset=utf-8', 'Not found\n'));
    }
    if (!clientDir) return send(res, 404, 'text/html; charset=utf-8', NOT_BUILT_PAGE);
    const file = safeJoin(clientDir, path === '/' ? '/index.html' : path);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
    const isIndex = file === join(clientDir, 'index.html');
    if (isIndex) {
      try {
        statSync(file);
      } catch {
        return send(res, 503, 'text/html; charset=utf-8', NOT_BUILT_PAGE);
      }
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    // Built assets have content hashes in their names; the page itself must always be fresh.
    const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    streamFile(req, res, file, type, cache);
  };
}

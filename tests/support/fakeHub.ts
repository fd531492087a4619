/**
 * A tiny stand-in for the Hugging Face Hub: serves a models folder over HTTP at
 * `/<model id>/resolve/main/<file>` (with Range support for metadata probes), so tests can
 * exercise first-use downloads into a cache with progress events, without the network.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export interface FakeHub {
  /** Base URL to use as the hub mirror (HF_ENDPOINT / remoteHost), ending with '/'. */
  url: string;
  /** Paths requested with a full GET (downloads). */
  downloads: string[];
  close(): Promise<void>;
}

export async function startFakeHub(root: string): Promise<FakeHub> {
  const downloads: string[] = [];
  const server: Server = createServer((req, res) => {
    const match = /^\/(.+?)\/resolve\/[^/]+\/(.+)$/.exec(decodeURIComponent((req.url ?? '').split('?')[0]));
    const file = match ? normalize(join(root, match[1], match[2])) : '';
    if (!match || !file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Entry not found');
      return;
    }
    const size = statSync(file).size;
    const range = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ''));
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(Number(range[2]), size - 1);
      res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) });
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    downloads.push(`${match[1]}/${match[2]}`);
    res.writeHead(200, { 'content-length': String(size), 'content-type': 'application/octet-stream' });
    // Small chunks so progress is reported more than once per file.
    createReadStream(file, { highWaterMark: 16 * 1024 }).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    downloads,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

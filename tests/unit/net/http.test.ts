import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import type { TownAssets } from '../../../server/net/assets';
import { createHttpHandler, safeJoin, type Middleware } from '../../../server/net/http';

describe('safeJoin', () => {
  const root = join(tmpdir(), 'root');
  it('resolves paths inside the root', () => {
    expect(safeJoin(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(safeJoin(root, '/assets/a%20b.js')).toBe(join(root, 'assets', 'a b.js'));
    expect(safeJoin(root, '/assets/../index.html')).toBe(join(root, 'index.html'));
    expect(safeJoin(root, '/')).toBe(root);
  });
  it('refuses anything that leaves it, however written', () => {
    for (const path of ['/../x', '/%2e%2e/x', '/..%2fx', '/a/../../x', `/..${encodeURIComponent(sep)}x`, '/%00', '/%E0%A4%A', '/../root-sibling/x', '/%2e%2e%2froot2/x']) {
      expect(safeJoin(root, path), path).toBeNull();
    }
  });
});

describe('the HTTP handler', () => {
  let dir: string;
  let servers: Server[] = [];
  const assets: TownAssets = {
    describe: () => {
      throw new Error('not used');
    },
    lookup: (path) => (path === '/town/map.json' ? { contentType: 'application/json; charset=utf-8', body: '{"width":3}' } : path === '/town/sheet.png' ? { contentType: 'image/png', file: join(dir, 'sheet.png') } : null),
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-http-'));
    mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><p>town</p>');
    writeFileSync(join(dir, 'dist', 'assets', 'app-abc.js'), 'let a = 1;');
    writeFileSync(join(dir, 'dist', 'data.weird'), 'x');
    writeFileSync(join(dir, 'sheet.png'), Buffer.from([137, 80, 78, 71]));
    writeFileSync(join(dir, 'secret.txt'), 'secret');
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    servers = [];
    rmSync(dir, { recursive: true, force: true });
  });

  async function serve(options: { clientDir: string | null; devMiddleware?: Middleware }) {
    const server = createServer(createHttpHandler({ assets, ...options }));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    return (path: string, method = 'GET') =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end();
      });
  }

  it('serves the page fresh, hashed assets for a year, and the town art by its fixed URLs', async () => {
    const get = await serve({ clientDir: join(dir, 'dist') });
    const page = await get('/?x=1#y');
    expect(page).toMatchObject({ status: 200, body: '<!doctype html><p>town</p>' });
    expect(page.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    expect((await get('/assets/app-abc.js')).headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' });
    expect((await get('/data.weird')).headers['content-type']).toBe('application/octet-stream');
    expect(await get('/town/map.json')).toMatchObject({ status: 200, body: '{"width":3}' });
    expect((await get('/town/sheet.png')).headers).toMatchObject({ 'content-type': 'image/png', 'content-length': '4' });
    expect((await get('/town/other.png')).status).toBe(404);
    expect((await get('/assets')).status).toBe(404); // a folder is not a file
    expect((await get('/missing.js')).status).toBe(404);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const get = await serve({ clientDir: join(dir, 'dist') });
    expect(await get('/', 'HEAD')).toMatchObject({ status: 200, body: '' });
    expect(await get('/', 'POST')).toMatchObject({ status: 405, body: 'Method not allowed\n' });
    expect((await get('/', 'DELETE')).status).toBe(405);
  });

  it('never serves a file beside the client folder', async () => {
    const get = await serve({ clientDir: join(dir, 'dist') });
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/town/../secret.txt']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('secret');
    }
  });

  it('says how to build the page when there is none', async () => {
    const none = await serve({ clientDir: null });
    expect(await none('/')).toMatchObject({ status: 404, body: expect.stringContaining('npm run build') });
    const unbuilt = await serve({ clientDir: join(dir, 'nowhere') });
    expect(await unbuilt('/')).toMatchObject({ status: 503, body: expect.stringContaining('npm run build') });
  });

  it('hands page requests to the dev middleware, keeping the town art its own', async () => {
    const seen: string[] = [];
    const get = await serve({
      clientDir: null,
      devMiddleware: (req, res, next) => {
        seen.push(`${req.method} ${req.url}`);
        if (req.url === '/') return void res.end('vite page');
        next();
      },
    });
    expect(await get('/')).toMatchObject({ status: 200, body: 'vite page' });
    expect((await get('/nothing')).status).toBe(404);
    expect((await get('/town/map.json')).body).toBe('{"width":3}');
    expect((await get('/hmr', 'POST')).status).toBe(405);
    expect(seen).toEqual(['GET /', 'GET /nothing', 'POST /hmr']);
  });
});

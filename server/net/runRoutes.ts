/**
 * The run list of `hamlet start`'s page, over plain HTTP beside the page:
 *   GET  /runs.json            { runs: RunSummary[] } — anyone who can see the page
 *   POST /runs/open            body { name }, header X-Hamlet-Token: the controller token →
 *                              { port }: the run is served in replay on that port (same token)
 * Opening costs the server memory and a port, so it needs the controller token; a page of another
 * site cannot send it (it never sees the token), so this is no cross-site hole.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RunSummary } from './protocol';

export interface RunRoutes {
  list(): RunSummary[];
  replay(name: string): Promise<{ port: number }>;
}

const MAX_BODY = 4096;

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Answers /runs.json and /runs/open; returns false for any other path. */
export function handleRunRoutes(req: IncomingMessage, res: ServerResponse, routes: RunRoutes, token: string): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/runs.json') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'GET /runs.json' }), true;
    try {
      json(res, 200, { runs: routes.list() });
    } catch (err) {
      json(res, 500, { error: `cannot list the runs: ${(err as Error).message}` });
    }
    return true;
  }
  if (path !== '/runs/open') return false;
  if (req.method !== 'POST') return json(res, 405, { error: 'POST /runs/open with { "name": … }' }), true;
  const given = req.headers['x-hamlet-token'];
  if (typeof given !== 'string' || !sameToken(given, token)) {
    json(res, 403, { error: 'opening a run needs the controller link printed by "hamlet start" (or 🔑 Control)' });
    req.resume();
    return true;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    body += chunk;
    if (body.length > MAX_BODY) req.destroy();
  });
  req.on('end', () => {
    let name: unknown;
    try {
      name = (JSON.parse(body) as { name?: unknown }).name;
    } catch {
      return json(res, 400, { error: 'the body must be JSON: { "name": "<run>" }' });
    }
    if (typeof name !== 'string' || !name) return json(res, 400, { error: 'the body must name a run: { "name": "<run>" }' });
    routes.replay(name).then(
      (opened) => json(res, 200, opened),
      (err) => json(res, 404, { error: (err as Error).message }),
    );
  });
  return true;
}

/**
 * Dev mode: Vite's dev server runs inside the Hamlet server as middleware, on the same port,
 * with hot reload over the same HTTP server (its HMR socket and socket.io share the port).
 */
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import type { Middleware } from './http';
import { PROJECT_ROOT } from './clientBuild';

export interface DevClient {
  middleware: Middleware;
  close(): Promise<void>;
}

export async function createDevClient(httpServer: HttpServer, root = PROJECT_ROOT): Promise<DevClient> {
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: join(root, 'vite.config.ts'),
    root: join(root, 'client'),
    appType: 'spa',
    server: { middlewareMode: true, hmr: { server: httpServer } },
  });
  return { middleware: vite.middlewares as unknown as Middleware, close: () => vite.close() };
}

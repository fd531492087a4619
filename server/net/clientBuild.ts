/**
 * Makes sure the web client is built: `hamlet start` on a fresh clone (or after the client's
 * sources changed) builds it with Vite's API before serving. The build goes to a temporary
 * folder that replaces client/dist at the end, so a half-written build is never served.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Everything the build takes in: the client's own files, and the server modules they import
 * (the protocol types, and the pure code of time travel the static site's page runs), followed
 * through their relative imports — so a change to any of them rebuilds the page.
 */
function sourceFiles(root: string): string[] {
  const files = new Set([join(root, 'client', 'index.html'), join(root, 'vite.config.ts'), join(root, 'package.json')]);
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.add(full);
    }
  };
  walk(join(root, 'client', 'src'));
  const queue = [...files].filter((f) => f.endsWith('.ts'));
  while (queue.length) {
    const file = queue.pop()!;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    // Static imports, and dynamic ones (`import('…')`: a part of the page loaded when first needed).
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), m[1]);
      const path = [target, `${target}.ts`, join(target, 'index.ts')].find((p) => p.endsWith('.ts') && existsSync(p));
      if (path && !files.has(path)) {
        files.add(path);
        queue.push(path);
      }
    }
  }
  return [...files].filter((f) => existsSync(f));
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** Why the client needs building, or null when client/dist is up to date. */
export function clientBuildReason(root = PROJECT_ROOT): string | null {
  const built = mtime(join(root, 'client', 'dist', 'index.html'));
  if (built < 0) return 'not built yet';
  const newer = sourceFiles(root).find((f) => mtime(f) > built);
  return newer ? `${newer.slice(root.length).replace(/^[\\/]/, '')} changed` : null;
}

/** Builds client/dist with Vite (quietly); returns the folder. */
export async function buildClient(root = PROJECT_ROOT): Promise<string> {
  const { build } = await import('vite');
  const dist = join(root, 'client', 'dist');
  const staging = join(root, 'client', `.dist-build-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    await build({
      configFile: join(root, 'vite.config.ts'),
      root: join(root, 'client'),
      logLevel: 'warn',
      build: { outDir: staging, emptyOutDir: true },
    });
    // Swap the folders; if another process finished its build at the same moment, either build will do.
    const old = `${dist}.old-${process.pid}`;
    try {
      renameSync(dist, old);
    } catch {
      // No previous build (or another process moved it).
    }
    try {
      renameSync(staging, dist);
    } catch (err) {
      if (!existsSync(join(dist, 'index.html'))) throw err;
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return dist;
}

/** Builds the client when it is missing or older than its sources; `notice` gets one line when it does. */
export async function ensureClientBuilt(options: { root?: string; notice?: (line: string) => void } = {}): Promise<string> {
  const root = options.root ?? PROJECT_ROOT;
  const reason = clientBuildReason(root);
  if (reason) {
    options.notice?.(`Building the web client (${reason})…`);
    await buildClient(root);
  }
  return join(root, 'client', 'dist');
}

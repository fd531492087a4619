/** Launching Debian's Chromium through playwright-core (no browser download), and starting `hamlet start`. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { PNG } from 'pngjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(PROJECT_ROOT, 'tests', '.artifacts');

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface StartedCli {
  child: ChildProcess;
  watchUrl: string;
  controlUrl: string;
  output: () => string;
  /** Sends Ctrl-C and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Runs `hamlet start …` as a user would and waits for the printed URLs; `env` adds to the environment. */
export function startCli(args: string[], timeoutMs = 120_000, env?: Record<string, string>): Promise<StartedCli> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'server', 'cli', 'hamlet.js'), 'start', ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hamlet start printed no URL in time:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const watch = /Watch:\s+(\S+)/.exec(out);
      const control = /Control:\s+(\S+)/.exec(out);
      if (watch && control) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve({
          child,
          watchUrl: watch[1],
          controlUrl: control[1],
          output: () => out,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGINT');
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hamlet start exited with ${code}:\n${out}`));
    });
  });
}

/** Distinct colours in a PNG (sampled), to tell a drawn canvas from a blank one. */
export function distinctColours(png: Buffer, sampleEvery = 3): number {
  const image = PNG.sync.read(png);
  const seen = new Set<number>();
  for (let y = 0; y < image.height; y += sampleEvery) {
    for (let x = 0; x < image.width; x += sampleEvery) {
      const o = (y * image.width + x) * 4;
      seen.add((image.data[o] << 16) | (image.data[o + 1] << 8) | image.data[o + 2]);
    }
  }
  return seen.size;
}

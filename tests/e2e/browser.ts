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

export type Image = { width: number; height: number; data: Buffer };

export function readPng(png: Buffer): Image {
  return PNG.sync.read(png);
}

export type Rect = { left: number; top: number; right: number; bottom: number };

/**
 * Share (0–1) of the pixels inside `box` that differ clearly between two renders of the same
 * view: one with people's bodies drawn and one without. A person who is really drawn changes
 * a good part of their own box; an undrawn one changes nothing.
 */
export function changedShare(a: Image, b: Image, box: Rect, threshold = 48): number {
  const left = Math.max(0, Math.round(box.left));
  const top = Math.max(0, Math.round(box.top));
  const right = Math.min(a.width, Math.round(box.right));
  const bottom = Math.min(a.height, Math.round(box.bottom));
  let changed = 0;
  let total = 0;
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) {
      const o = (y * a.width + x) * 4;
      const d = Math.abs(a.data[o] - b.data[o]) + Math.abs(a.data[o + 1] - b.data[o + 1]) + Math.abs(a.data[o + 2] - b.data[o + 2]);
      if (d > threshold) changed++;
      total++;
    }
  }
  return total ? changed / total : 0;
}

/** The colour of a pixel, [r, g, b]. */
export function pixel(image: Image, x: number, y: number): [number, number, number] {
  const o = (Math.floor(y) * image.width + Math.floor(x)) * 4;
  return [image.data[o], image.data[o + 1], image.data[o + 2]];
}

/** Whether two colours are the same up to `tolerance` per channel. */
export function sameColour(a: readonly number[], b: readonly number[], tolerance = 10): boolean {
  return Math.abs(a[0] - b[0]) <= tolerance && Math.abs(a[1] - b[1]) <= tolerance && Math.abs(a[2] - b[2]) <= tolerance;
}

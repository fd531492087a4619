/**
 * Browser: how the page draws the town.
 *
 * The map drawn from cached textures (its layers baked once into chunks, the default)
 * looks the same as the map drawn tile by tile (`?layers=tiles`, Phaser's TilemapLayer): the same
 * town, the same view, compared pixel by pixel, in the opening view and in the whole-town view.
 * Screenshots: tests/.artifacts/map-baked.png, map-tiles.png, map-baked-whole.png, map-tiles-whole.png.
 *
 * Frames are drawn only while something may change: a still (paused) town draws none, and a
 * change is drawn at once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAP, defaultPersonasFor, openTown } from '../../server/cli/town';
import { ensureClientBuilt } from '../../server/net/clientBuild';
import { createHamletServer, type HamletServer } from '../../server/net/server';
import type {} from '../../client/src/debugHook';
import { ARTIFACTS, PROJECT_ROOT, chromiumAvailable, launchChromium, readPng, type Image } from './browser';

const available = chromiumAvailable();

/**
 * Share (0–1) of the pixels of `a` that `b` shows nowhere within one pixel (up to a small colour
 * difference). The baked map and the tiles may land half a pixel apart at a fractional zoom or
 * scroll (each tile snaps to whole pixels on its own): the same picture shifted by ≤ 1 px passes
 * but for some one-pixel details (≈ 1% of the pixels); a missing, blank or misplaced map differs
 * almost everywhere.
 */
function differingShare(a: Image, b: Image, threshold = 48): number {
  const close = (o: number, p: number) => Math.abs(a.data[o] - b.data[p]) + Math.abs(a.data[o + 1] - b.data[p + 1]) + Math.abs(a.data[o + 2] - b.data[p + 2]) <= threshold;
  let differing = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const o = (y * a.width + x) * 4;
      let found = false;
      for (let dy = -1; dy <= 1 && !found; dy++) {
        for (let dx = -1; dx <= 1 && !found; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx >= 0 && ny >= 0 && nx < b.width && ny < b.height) found = close(o, (ny * b.width + nx) * 4);
        }
      }
      if (!found) differing++;
    }
  }
  return differing / (a.width * a.height);
}

describe.skipIf(!available && !process.env.CI)('drawing the town', () => {
  let server: HamletServer | null = null;
  let browser: Browser | null = null;
  let close: (() => void) | null = null;
  let url = '';

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    close?.();
  });

  it('shows the same tiles as drawing each tile, in the opening and whole-town views', { timeout: 120_000 }, async () => {
    const [clientDir, chromium] = await Promise.all([ensureClientBuilt(), launchChromium()]);
    browser = chromium;
    const town = await openTown({ mapPath: DEFAULT_MAP, personasPath: defaultPersonasFor(DEFAULT_MAP), dbPath: ':memory:', seed: 1 });
    close = () => town.store.close();
    // A paused town: both pages show the same step, people standing still.
    server = createHamletServer({ sim: town.sim, clientDir, token: 'map-baked-token-123', runner: { paused: true }, log: () => {}, assets: { charactersPaths: [join(PROJECT_ROOT, 'maps', 'sprites', 'characters.png')] } });
    url = (await server.listen(0)).url;

    const open = async (query: string): Promise<Page> => {
      const page = await browser!.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${url}${query}`);
      await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 60_000 });
      await page.waitForTimeout(1_000); // names and emoji settle into their places
      return page;
    };
    const baked = await open('');
    const tiles = await open('?layers=tiles');
    expect(await baked.evaluate(() => window.__hamlet!.mapLayers())).toEqual({ mode: 'baked', chunks: expect.any(Number) });
    expect((await baked.evaluate(() => window.__hamlet!.mapLayers())).chunks).toBeGreaterThan(0);
    expect(await tiles.evaluate(() => window.__hamlet!.mapLayers())).toEqual({ mode: 'tiles', chunks: 0 });

    const shots = async (name: string) => {
      const [a, b] = await Promise.all([baked.locator('#game canvas').screenshot(), tiles.locator('#game canvas').screenshot()]);
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, `map-baked${name}.png`), a);
      writeFileSync(join(ARTIFACTS, `map-tiles${name}.png`), b);
      return [readPng(a), readPng(b)] as const;
    };
    // The same view in both pages once the camera has settled (slower frames make it land later).
    const view = (page: Page) => page.evaluate(() => JSON.stringify([window.__hamlet!.viewCentre(), window.__hamlet!.zoom(), window.__hamlet!.canvasSize()]));
    const sameView = async () => {
      for (let tries = 0; (await view(baked)) !== (await view(tiles)) || tries < 2; tries++) {
        expect(tries, `views differ: ${await view(baked)} and ${await view(tiles)}`).toBeLessThan(30);
        await baked.waitForTimeout(500);
      }
      await baked.waitForTimeout(500); // the labels settle
    };
    await sameView();
    const [a, b] = await shots('');
    expect(a.width).toBe(b.width);
    expect(differingShare(a, b)).toBeLessThan(0.02);

    // Zoomed out to the whole town: many texels to a pixel, where sampling differences would show.
    for (const page of [baked, tiles]) {
      await page.keyboard.press('f');
      await page.waitForFunction(() => window.__hamlet!.wholeTown(), null, { timeout: 15_000 });
    }
    await sameView();
    const [c, d] = await shots('-whole');
    expect(differingShare(c, d)).toBeLessThan(0.02);
  });

  it('draws no frames while nothing changes, and draws again when something does', { timeout: 60_000 }, async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(url);
    await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 60_000 });
    const drawnIn = (ms: number) => page.evaluate(async (ms) => {
      const before = window.__hamlet!.framesDrawn();
      await new Promise((r) => setTimeout(r, ms));
      return window.__hamlet!.framesDrawn() - before;
    }, ms);
    // The paused town settles (names ease into place, the camera opens), then holds still.
    await expect.poll(() => drawnIn(500), { timeout: 20_000 }).toBe(0);
    // The browser still runs its animation frames: only the town's drawing stops.
    expect(await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame((a) => requestAnimationFrame((b) => resolve(b - a)))))).toBeLessThan(200);
    // A change the page makes (here the debug hook's: people not drawn) is drawn at once.
    const canvas = page.locator('#game canvas');
    const still = readPng(await canvas.screenshot());
    await page.evaluate(() => window.__hamlet!.drawBodies(false));
    await page.evaluate(() => window.__hamlet!.nextFrame());
    expect(differingShare(still, readPng(await canvas.screenshot()))).toBeGreaterThan(0);
    await page.evaluate(() => window.__hamlet!.drawBodies(true));
    // The mouse over the map wakes it too (hover, drag and wheel are handled in the scene's frames).
    await expect.poll(() => drawnIn(500), { timeout: 20_000 }).toBe(0);
    const before = await page.evaluate(() => window.__hamlet!.framesDrawn());
    await page.mouse.move(300, 300);
    await page.mouse.move(320, 310);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.__hamlet!.framesDrawn())).toBeGreaterThan(before);
    await page.close();
  });
});

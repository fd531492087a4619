/**
 * Browser: the map drawn from cached textures (its layers baked once into chunks, the default)
 * looks the same as the map drawn tile by tile (`?layers=tiles`, Phaser's TilemapLayer): the same
 * town, the same view, compared pixel by pixel, in the opening view and in the whole-town view.
 * Screenshots: tests/.artifacts/map-baked.png, map-tiles.png, map-baked-whole.png, map-tiles-whole.png.
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

/** Share (0–1) of the pixels that differ clearly between two images of the same size. */
function differingShare(a: Image, b: Image, threshold = 48): number {
  let differing = 0;
  for (let o = 0; o < a.data.length; o += 4) {
    const d = Math.abs(a.data[o] - b.data[o]) + Math.abs(a.data[o + 1] - b.data[o + 1]) + Math.abs(a.data[o + 2] - b.data[o + 2]);
    if (d > threshold) differing++;
  }
  return differing / (a.width * a.height);
}

describe.skipIf(!available && !process.env.CI)('the map drawn from cached textures', () => {
  let server: HamletServer | null = null;
  let browser: Browser | null = null;
  let close: (() => void) | null = null;

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
    const { url } = await server.listen(0);

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
    expect(differingShare(a, b)).toBeLessThan(0.005);

    // Zoomed out to the whole town: many texels to a pixel, where sampling differences would show.
    for (const page of [baked, tiles]) {
      await page.keyboard.press('f');
      await page.waitForFunction(() => window.__hamlet!.wholeTown(), null, { timeout: 15_000 });
    }
    await sameView();
    const [c, d] = await shots('-whole');
    // At this fractional zoom a tile drawn on its own snaps to whole pixels and the baked map is
    // sampled in one piece: along some tile edges a line of pixels shows the neighbouring texel
    // (≈ 2% of the pixels). A map missing or misplaced differs almost everywhere.
    expect(differingShare(c, d)).toBeLessThan(0.05);
  });
});

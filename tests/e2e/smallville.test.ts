/**
 * Browser end-to-end for `hamlet import smallville`: the synthetic fixture clone imported, then
 * `hamlet start --map <out>/the_ville.tmj` as a user runs it, the page in headless Chromium: the
 * imported tilesets and the re-packed character sheet are served and drawn, and the people of the
 * fixture are there. A screenshot goes to tests/.artifacts/smallville.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../client/src/debugHook';
import { importSmallville } from '../../server/cli/commands/importSmallville';
import { writeSmallvilleFixture } from '../support/smallvilleFixture';
import { ARTIFACTS, chromiumAvailable, distinctColours, launchChromium, startCli, type StartedCli } from './browser';

const available = chromiumAvailable();

describe.skipIf(!available && !process.env.CI)('an imported Smallville in the browser', () => {
  let dir: string;
  let cli: StartedCli;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-ville-e2e-'));
    writeSmallvilleFixture(join(dir, 'clone'));
    const result = importSmallville(join(dir, 'clone'), join(dir, 'out'));
    [cli, browser] = await Promise.all([
      startCli(['--map', result.mapPath, '--db', join(dir, 'ville.db'), '--port', '0', '--start', '2026-02-13T08:30', '--token', 'ville-e2e-controller-token', '--paused']),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(cli.controlUrl);
    await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await cli?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the imported tilesets and character sheet, and shows the town with its people', async () => {
    const assets = await page.evaluate(async () => (await fetch('/town/map.json')).ok);
    expect(assets).toBe(true);
    // Four tilesets: two copied whole, the tall one cut in two bands (WebGL here loads at most 8192 px).
    for (const url of ['/town/tilesets/0.png', '/town/tilesets/1.png', '/town/tilesets/2.png', '/town/tilesets/3.png', '/town/characters.png']) {
      expect(await page.evaluate(async (u) => (await fetch(u)).status, url), url).toBe(200);
    }
    expect(await page.locator('#agent-list li').count()).toBe(3);
    expect(await page.textContent('#agent-list')).toContain('Ada Stone');
    await expect.poll(() => page.evaluate(() => window.__hamlet!.agentIds().sort()), { timeout: 15_000 }).toEqual(['ada-stone', 'ben-stone', 'cleo-park']);
    await page.click('#whole-town-button');
    await page.waitForTimeout(1000);
    const shot = await page.locator('#game canvas').screenshot();
    expect(distinctColours(shot)).toBeGreaterThan(6);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'smallville.png') });
    expect(errors).toEqual([]);
  });
});

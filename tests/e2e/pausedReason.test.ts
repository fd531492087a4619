/**
 * Browser: a live town whose disk fills up pauses, and the page says why beside the clock.
 * The server runs in-process (so the test can make its SQLite file full for real with
 * max_page_count); the page is the built client in headless Chromium. Screenshot:
 * tests/.artifacts/paused-reason.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openTown, type Town } from '../../server/cli/town';
import { ensureClientBuilt } from '../../server/net/clientBuild';
import { createHamletServer, type HamletServer } from '../../server/net/server';
import type {} from '../../client/src/debugHook';
import { writeArtTown } from './artTown';
import { ARTIFACTS, chromiumAvailable, launchChromium } from './browser';

const available = chromiumAvailable();

describe.skipIf(!available && !process.env.CI)('the page when a step fails', () => {
  let dir: string;
  let town: Town | null = null;
  let server: HamletServer | null = null;
  let browser: Browser | null = null;

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    town?.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows why the town paused beside the clock, and hides it after Resume', { timeout: 180_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-full-'));
    const files = writeArtTown(dir);
    const file = join(dir, 'full.db');
    const [clientDir, chromium] = await Promise.all([ensureClientBuilt(), launchChromium()]);
    browser = chromium;
    town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: file, seed: 2, startTime: '2026-02-13T07:57' });
    server = createHamletServer({ sim: town.sim, token: 'paused-reason-token', clientDir, runner: { stepsPerSecond: 20, file }, log: () => {} });
    const { url } = await server.listen(0);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${url}#token=paused-reason-token`);
    await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
    expect(await page.isHidden('#paused-reason')).toBe(true);

    const db = town.store.db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    await page.waitForSelector('#paused-reason:not([hidden])', { timeout: 30_000 });
    const text = await page.textContent('#paused-reason');
    expect(text).toMatch(new RegExp(`^⚠️ paused: disk full while saving step \\d+ to ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: free space and press Resume$`));
    // In the top bar, on its own line right under the clock, whole (nothing clipped).
    const [bar, clock, reason] = await Promise.all(['#topbar', '#clock', '#paused-reason'].map((s) => page.locator(s).boundingBox()));
    expect(reason!.y).toBeGreaterThanOrEqual(clock!.y + clock!.height - 2);
    expect(reason!.y).toBeLessThan(clock!.y + clock!.height + 16);
    expect(reason!.y + reason!.height).toBeLessThanOrEqual(bar!.y + bar!.height);
    expect(reason!.x).toBeLessThanOrEqual(clock!.x);
    expect(await page.locator('#paused-reason').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'paused-reason.png') });

    db.pragma('max_page_count = 1073741823');
    await page.click('#pause-button'); // it reads "Resume" while paused
    await page.waitForSelector('#paused-reason', { state: 'hidden', timeout: 15_000 });
    expect(server.runner.status.paused).toBe(false);
    expect(errors).toEqual([]);
  });
});

/**
 * Browser end-to-end: a town whose model answers are all unusable (a real HTTP server speaking
 * the OpenAI API, answering prose instead of JSON). The page's health badge beside the mind badge
 * turns to "⚠ 100% fail-safe", a notice says once, plainly, what is wrong and the likely cause,
 * a click shows the per-task table, and the inspector marks fail-safe items "fallback". The CLI
 * log says it once too. A screenshot goes to tests/.artifacts/health.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../client/src/debugHook';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fakeOpenAiServer';
import { writeArtTown } from './artTown';
import { ARTIFACTS, chromiumAvailable, launchChromium, startCli, type StartedCli } from './browser';

const POLL = { timeout: 20_000 };
const available = chromiumAvailable();

describe.skipIf(!available && !process.env.CI)('the minds health on the page', () => {
  let dir: string;
  let server: FakeOpenAiServer;
  let cli: StartedCli;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-health-'));
    const town = writeArtTown(dir);
    server = await startFakeOpenAiServer({ chatText: () => 'Sure! I would love to help with that. The weather is lovely today.' });
    // The vitest config sets LLM_BACKEND=none; this town talks to the fake server.
    [cli, browser] = await Promise.all([
      startCli(['--map', town.mapPath, '--db', join(dir, 'health.db'), '--port', '0', '--start', '2026-02-13T07:57', '--token', 'e2e-controller-token', '--paused'], 120_000, {
        LLM_BACKEND: '',
        LLM_BASE_URL: server.url,
        LLM_MODEL: 'tiny-chat',
        EMBED_MODEL: 'fake-embed',
      }),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(cli.controlUrl);
    await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await cli?.stop();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a warning badge, a one-time notice with the likely cause, the per-task details and fallback marks', async () => {
    await expect.poll(() => page.textContent('#mind-badge'), POLL).toContain('tiny-chat');
    // Before any step: no answers yet.
    expect(await page.textContent('#health-badge')).toContain('no model answers yet');
    for (let i = 0; i < 3; i++) {
      const before = Number(await page.getAttribute('#clock', 'data-step'));
      await page.click('#step-button');
      await expect.poll(async () => Number(await page.getAttribute('#clock', 'data-step')), POLL).toBe(before + 1);
    }
    await expect.poll(() => page.textContent('#health-badge'), POLL).toBe('⚠ 100% fail-safe');
    expect(await page.getAttribute('#health-badge', 'class')).toContain('warn');
    expect(await page.getAttribute('#health-badge', 'title')).toMatch(/planDay: 4 runs, 0% usable, 100% fail-safe/);
    const notice = await page.textContent('#health-alert');
    expect(notice).toMatch(/100% of the model's answers over the last game hour were unusable/);
    expect(notice).toMatch(/Likely cause: the model's answers are not JSON: a model too small .* server ignoring structured output/);

    await page.click('#health-badge');
    await page.waitForSelector('#health-details:not([hidden])');
    const details = await page.textContent('#health-details');
    expect(details).toContain('planDay');
    expect(details).toContain('fail-safe');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'health-details.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#health-details', { state: 'hidden' });

    await page.click('#agent-list li:first-child');
    await page.waitForSelector('#inspector:not([hidden])');
    await expect.poll(() => page.locator('#inspector .plan .fallback-tag').count(), POLL).toBeGreaterThan(0);
    expect(await page.isVisible('#inspector')).toBe(true);
    // The map narrows to make room for the inspector (Phaser resizes its canvas a moment later): a settled screenshot.
    await expect
      .poll(() => page.evaluate(() => document.querySelector('#game canvas')!.getBoundingClientRect().right <= document.getElementById('game')!.getBoundingClientRect().right + 1), POLL)
      .toBe(true);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ARTIFACTS, 'health.png') });

    // The notice is said once: dismissed, it stays away while more steps come.
    await page.click('#health-alert .close');
    await page.click('#step-button');
    await page.waitForTimeout(500);
    expect(await page.isHidden('#health-alert')).toBe(true);
    expect(await page.textContent('#health-badge')).toBe('⚠ 100% fail-safe');

    // The CLI log says it once as well.
    expect(cli.output().split('were unusable').length - 1).toBe(1);
    expect(cli.output()).toMatch(/⚠ 100% of the model's answers over the last game hour were unusable/);
    expect(errors).toEqual([]);
  }, 120_000);
});

/**
 * Browser end-to-end: `hamlet start --scenario party` on the scripted town model (people tell
 * their news); the sidebar's cost meter shows calls and tokens per agent per game hour against
 * the budget, and the experiment panel draws the report's charts (diffusion, relationships, cost)
 * live as SVG. A screenshot goes to tests/.artifacts/experiment.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../client/src/debugHook';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fakeOpenAiServer';
import { townScriptWireAnswer } from '../support/townScript';
import { ARTIFACTS, chromiumAvailable, launchChromium, startCli, type StartedCli } from './browser';

const POLL = { timeout: 60_000 };
const available = chromiumAvailable();

describe.skipIf(!available && !process.env.CI)('the experiment panel on the page', () => {
  let dir: string;
  let server: FakeOpenAiServer;
  let cli: StartedCli;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-experiment-'));
    server = await startFakeOpenAiServer({ chatText: (body) => townScriptWireAnswer(body, { tellNews: true }) });
    [cli, browser] = await Promise.all([
      startCli(['--scenario', 'party', '--agents', '5', '--db', join(dir, 'party.db'), '--port', '0', '--token', 'e2e-controller-token', '--speed', '100'], 120_000, {
        LLM_BACKEND: '',
        LLM_BASE_URL: server.url,
        LLM_MODEL: 'town-7b',
        EMBED_MODEL: 'hash',
      }),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
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

  it('shows the cost meter and draws the charts live', async () => {
    // A few game hours in (the town runs at 100 steps/s).
    await expect.poll(async () => Number(await page.getAttribute('#clock', 'data-step')), POLL).toBeGreaterThan(1500);
    await page.click('#experiment-open');
    await page.waitForSelector('#experiment-charts:not([hidden]) [data-chart="diffusion"] svg', { timeout: 60_000 });
    await page.waitForSelector('#experiment-charts [data-chart="network"] svg');
    await page.waitForSelector('#experiment-charts [data-chart="cost"] svg');
    expect(await page.textContent('#cost-meter')).toMatch(/^✓ [\d.]+ calls · [\d.]+k? tokens per agent per game hour \(budget ≤ 15 · ≤ 8\.0k\)$/);
    expect(await page.textContent('#experiment-charts .head')).toMatch(/Valentine's Day party at Willow Cafe · full architecture · [\d.]+ game hours/);
    // The diffusion chart is the report's Vega-Lite spec: its title and the fact's line are there.
    const diffusion = await page.innerHTML('#experiment-charts [data-chart="diffusion"]');
    expect(diffusion).toContain('Who knows (by memory)');
    expect(diffusion).toContain('Rosa');
    // Live: the charts follow the town.
    const first = Number(await page.getAttribute('#experiment-charts', 'data-step'));
    await expect.poll(async () => Number(await page.getAttribute('#experiment-charts', 'data-step')), POLL).toBeGreaterThan(first);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'experiment.png') });
    expect(errors).toEqual([]);
  }, 180_000);
});

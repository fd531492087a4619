/**
 * Browser: a stored run played back (`hamlet replay`'s server, in-process over a real file). The
 * page shows the timeline; scrubbing it and the ◀ ▶ buttons put everyone where the live run had
 * them at that step. Screenshot: tests/.artifacts/replay.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openTown } from '../../server/cli/town';
import { ensureClientBuilt } from '../../server/net/clientBuild';
import { ReplaySource } from '../../server/net/replay';
import { createHamletServer, type HamletServer } from '../../server/net/server';
import type {} from '../../client/src/debugHook';
import { writeArtTown } from './artTown';
import { ARTIFACTS, chromiumAvailable, launchChromium } from './browser';

const available = chromiumAvailable();
const STEPS = 600;
const TOKEN = 'replay-e2e-token-123';

/** Waits until every person is drawn standing on their recorded tile at `step` (the page's step too). */
async function seesRecorded(page: Page, step: number, recorded: Map<number, Record<string, { x: number; y: number }>>): Promise<void> {
  const expected = recorded.get(step)!;
  await page.waitForFunction(
    ({ step, expected }) => {
      const hook = window.__hamlet;
      if (!hook || hook.step() !== step) return false;
      return Object.entries(expected).every(([id, at]) => {
        const tile = hook.agentTile(id);
        // People sharing a tile stand side by side within it, up to 3/8 of a tile from its centre
        // (fan-out; 0.3 passed only while a seek's new people were still sliding aside).
        return tile !== null && !tile.moving && Math.abs(tile.x - at.x) <= 0.4 && Math.abs(tile.y - at.y) <= 0.4;
      });
    },
    { step, expected },
    { timeout: 15_000 },
  ).catch(async (err) => {
    // Say what the page shows instead.
    const shown = await page.evaluate((ids) => ({ step: window.__hamlet?.step(), tiles: ids.map((id) => [id, window.__hamlet?.agentTile(id)]) }), Object.keys(expected));
    throw new Error(`the page does not show step ${step} as recorded ${JSON.stringify(expected)}: ${JSON.stringify(shown)}`, { cause: err });
  });
}

describe.skipIf(!available && !process.env.CI)('the page of a replay', () => {
  let dir = '';
  let replay: ReplaySource | null = null;
  let server: HamletServer | null = null;
  let browser: Browser | null = null;

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    replay?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('scrubs the timeline and steps back and forth, showing everyone where the run had them', { timeout: 180_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-replay-'));
    const files = writeArtTown(dir);
    const file = join(dir, 'run.db');
    const [clientDir, chromium] = await Promise.all([ensureClientBuilt(), launchChromium()]);
    browser = chromium;
    // The run to replay, made by the real engine; where everyone stood after each step.
    const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: file, seed: 5, snapshotEverySteps: 100, startTime: '2026-02-13T07:20' });
    const recorded = new Map<number, Record<string, { x: number; y: number }>>();
    const record = () => recorded.set(town.sim.state.step, Object.fromEntries(town.sim.state.agents.map((a) => [a.id, { x: a.tile.x, y: a.tile.y }])));
    record();
    town.sim.enqueueAt(200, { kind: 'event', id: 'party', address: 'Minitown:Corner Cafe:cafe floor', description: 'a party starts', durationSteps: 60 });
    while (town.sim.state.step < STEPS) {
      await town.sim.step();
      record();
    }
    town.store.close();

    replay = ReplaySource.open(file);
    // The experiment panel's figures: counted (each read costs a real server a pass over the run).
    let experimentReads = 0;
    const experiment = {
      read: () => {
        experimentReads++;
        throw new Error('no figures in this test');
      },
    };
    server = createHamletServer({ replay, token: TOKEN, clientDir, runner: { stepsPerSecond: 8, paused: true }, log: () => {}, experiment });
    const { url } = await server.listen(0);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${url}#token=${TOKEN}`);
    await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
    await page.waitForSelector('#timeline:not([hidden])', { timeout: 10_000 });
    expect(await page.getAttribute('#timeline-slider', 'max')).toBe(String(STEPS));
    expect(await page.isHidden('#inject-panel')).toBe(true);
    await seesRecorded(page, 0, recorded);

    // The markers strip: the injected event, where it began; a click goes there.
    await page.waitForSelector('#timeline-markers .marker.event', { timeout: 10_000 });
    expect(await page.getAttribute('#timeline-markers .marker.event', 'title')).toMatch(/a party starts$/);
    await page.click('#timeline-markers .marker.event');
    await seesRecorded(page, 200, recorded);

    // A seek moves the people already drawn: none is built again (each was ≈ 2 ms of a seek).
    const built = await page.evaluate(() => window.__hamlet!.peopleBuilt());
    expect(built).toBe(4);
    // Scrub: the slider moves through several positions as a drag does; the last one counts.
    await page.locator('#timeline-slider').evaluate((el: HTMLInputElement) => {
      for (const v of [50, 120, 300, 437]) {
        el.value = String(v);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await seesRecorded(page, 437, recorded);
    expect(await page.textContent('#timeline-time')).toMatch(/· step 437 \/ 600$/);
    expect(await page.evaluate(() => window.__hamlet!.peopleBuilt())).toBe(built);

    await page.click('#timeline-back');
    await seesRecorded(page, 436, recorded);
    await page.click('#timeline-forward');
    await page.click('#timeline-forward');
    await seesRecorded(page, 438, recorded);

    // Back to the start of a snapshot's hour and beyond the last one.
    for (const step of [99, 599]) {
      await page.locator('#timeline-slider').evaluate((el: HTMLInputElement, v) => {
        el.value = String(v);
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }, step);
      await seesRecorded(page, step, recorded);
    }

    // Play: the stored steps come in order to the end, where it pauses.
    await page.selectOption('#timeline-speed', '64');
    await page.click('#timeline-play');
    await page.waitForFunction(() => document.querySelector('#timeline')?.getAttribute('data-step') === '600', null, { timeout: 15_000 });
    await seesRecorded(page, 600, recorded);
    await page.waitForSelector('#paused-reason:not([hidden])', { timeout: 10_000 });
    expect(await page.textContent('#timeline-play')).toBe('▶');

    await page.locator('#timeline-slider').evaluate((el: HTMLInputElement) => {
      el.value = '250';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await seesRecorded(page, 250, recorded);
    // Sought back from the end: the end note is gone.
    await page.waitForSelector('#paused-reason', { state: 'hidden', timeout: 10_000 });

    // A viewer without the token watches the same position but cannot move it.
    const viewer = await browser.newPage({ viewport: { width: 1000, height: 600 } });
    viewer.on('pageerror', (err) => errors.push(`viewer: ${err.message}`));
    await viewer.goto(url);
    await viewer.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
    await seesRecorded(viewer, 250, recorded);
    expect(await viewer.isDisabled('#timeline-slider')).toBe(true);
    expect(await viewer.isDisabled('#timeline-play')).toBe(true);
    await page.click('#timeline-back');
    await seesRecorded(viewer, 249, recorded);
    await viewer.close();

    // Seek to first frame drawn, as the page sees it (printed, not asserted: tests never assert wall-clock time).
    await page.waitForTimeout(1_200); // the panel's figures for the last seek are asked for
    const readsBefore = experimentReads;
    const timings = await page.evaluate(async (steps) => {
      const slider = document.querySelector<HTMLInputElement>('#timeline-slider')!;
      const out: number[] = [];
      const adopted: number[] = [];
      for (const step of steps) {
        await new Promise((r) => setTimeout(r, 200)); // past the page's seek throttle
        const drawn = window.__hamlet!.nextFrame(step); // the first frame Phaser draws showing it
        const t0 = performance.now();
        slider.value = String(step);
        slider.dispatchEvent(new Event('change', { bubbles: true }));
        const { rendered } = await drawn;
        adopted.push(window.__hamlet!.snapshotAt() - t0);
        out.push(rendered - t0);
      }
      return { out, adopted };
    }, [12, 480, 301, 77, 590, 5, 222, 444, 150, 333, 20, 560]);
    const figure = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return `median ${sorted[sorted.length >> 1].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
    };
    console.log(
      `replay seek in headless Chromium (software WebGL), ${timings.out.length} seeks: snapshot adopted ${figure(timings.adopted)}; first frame drawn ${figure(timings.out)}`,
    );
    // Twelve seeks in a row: the experiment figures are not read again for each (only once seeking pauses).
    expect(experimentReads - readsBefore).toBe(0);
    await expect.poll(() => experimentReads - readsBefore, { timeout: 10_000 }).toBe(1);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'replay.png') });
    expect(errors).toEqual([]);
  });
});

/**
 * Browser: time travel in a replay of a generative run (scripted model; `hamlet replay`'s server
 * in-process over a real file, interviews through a fake OpenAI-compatible server). Jump to a game
 * time with the timeline's box, open the inspector: it shows that step's plan and memories (as the
 * file says they were then); seek later: it follows; interview the past. The top bar's speed
 * control is hidden (the timeline's is the one). Screenshot: tests/.artifacts/time-travel.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { pastInterviewsFor } from '../../server/cli/commands/replay';
import { resolveLlmConfig } from '../../server/llm/config';
import { ensureClientBuilt } from '../../server/net/clientBuild';
import { ReplaySource } from '../../server/net/replay';
import { createHamletServer, type HamletServer } from '../../server/net/server';
import type {} from '../../client/src/debugHook';
import { openGenerativeTown } from '../integration/mind/helpers';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fakeOpenAiServer';
import { townScriptWireAnswer } from '../support/townScript';
import { writeArtTown } from './artTown';
import { ARTIFACTS, chromiumAvailable, launchChromium } from './browser';

const available = chromiumAvailable();
const STEPS = 420;
const TOKEN = 'time-travel-e2e-token';
const AGENT = 'ada-ash';

/** The memory texts the inspector lists (newest first), once it shows `step`. */
async function shownAt(page: Page, step: number): Promise<string[]> {
  await page.waitForFunction((step) => document.querySelector('#inspector-as-of')?.textContent?.includes(`(step ${step})`) ?? false, step, { timeout: 15_000 });
  return page.$$eval('#inspector-body ul.memories li > span:last-child', (els) => els.map((e) => e.textContent ?? ''));
}

describe.skipIf(!available && !process.env.CI)('time travel on the page of a replay', () => {
  let dir = '';
  let replay: ReplaySource | null = null;
  let server: HamletServer | null = null;
  let browser: Browser | null = null;
  let fake: FakeOpenAiServer | null = null;
  let closePast = () => {};

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    closePast();
    replay?.close();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens the inspector at a past step and sees that step’s plan and memories; seeks on; interviews the past', { timeout: 240_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-timetravel-'));
    const files = writeArtTown(dir);
    const file = join(dir, 'run.db');
    const [clientDir, chromium] = await Promise.all([ensureClientBuilt(), launchChromium()]);
    browser = chromium;
    const town = await openGenerativeTown({ ...files, dbPath: file, startTime: '2026-02-13T06:30', snapshotEverySteps: 100, config: { reflectionThreshold: 30 } });
    while (town.sim.state.step < STEPS) await town.sim.step();
    town.sim.snapshot();
    town.store.close();

    fake = await startFakeOpenAiServer({ chatText: townScriptWireAnswer });
    replay = ReplaySource.open(file);
    const past = pastInterviewsFor(file, replay, resolveLlmConfig({ env: {}, flags: { 'llm-base-url': fake.url, 'llm-api-key': 'sk-test', 'embed-model': 'fake-embed' } }), undefined);
    closePast = past.close;
    server = createHamletServer({ replay, token: TOKEN, clientDir, runner: { stepsPerSecond: 8, paused: true }, pastInterviews: past.options, log: () => {} });
    const { url } = await server.listen(0);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${url}#token=${TOKEN}`);
    await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
    await page.waitForSelector('#timeline:not([hidden])', { timeout: 10_000 });
    // One speed control in a replay: the timeline's.
    expect(await page.isVisible('#timeline-speed')).toBe(true);
    expect(await page.isHidden('#speed-select')).toBe(true);
    expect(await page.isHidden('label[for="speed-select"]')).toBe(true);
    // Markers for plan changes come from the plan log (everyone plans the day at the start).
    await page.waitForSelector('#timeline-markers .marker.plan', { timeout: 10_000 });

    // Jump to 07:00 with the game-time box: step 180 (06:30 + 30 minutes of 10 s steps).
    await page.fill('#timeline-goto', '07:00');
    await page.press('#timeline-goto', 'Enter');
    await page.waitForFunction(() => window.__hamlet?.step() === 180, null, { timeout: 15_000 });

    await page.click(`#agent-list li[data-agent-id="${AGENT}"]`);
    await page.waitForSelector('#inspector:not([hidden])');
    expect((await page.textContent('#inspector-name'))?.trim()).toBe('Ada Ash');
    const expected180 = replay.insightAt(AGENT, 180)!;
    expect((await shownAt(page, 180)).slice(0, 12)).toEqual(expected180.memories.slice(0, 12).map((m) => m.description));
    const plan180 = await page.$$eval('#inspector-body ol.plan li', (els) => els.map((e) => e.textContent ?? ''));
    expect(plan180.length).toBe(expected180.plan.length);
    expect(await page.textContent('#inspector-body ol.plan li.current')).toContain(expected180.plan.find((p) => p.current)!.description);

    // Later: more memories, the plan as it was then.
    await page.fill('#timeline-goto', '2026-02-13 07:35');
    await page.press('#timeline-goto', 'Enter');
    await page.waitForFunction(() => window.__hamlet?.step() === 390, null, { timeout: 15_000 });
    const expected390 = replay.insightAt(AGENT, 390)!;
    expect(expected390.memories.length).toBeGreaterThan(expected180.memories.length);
    expect((await shownAt(page, 390)).slice(0, 12)).toEqual(expected390.memories.slice(0, 12).map((m) => m.description));

    // Back to 07:00 and ask: the agent answers as it was then, from memories made before it.
    await page.fill('#timeline-goto', '07:00');
    await page.press('#timeline-goto', 'Enter');
    await shownAt(page, 180);
    expect(await page.textContent('#interview-hint')).toMatch(/As they were at 07:00 \(step 180\)/);
    await page.fill('#interview-question', 'What are you doing this morning?');
    await page.click('#interview-ask');
    await page.waitForSelector('#interview-log .turn .why', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('#interview-log .turn .answer')?.textContent?.trim().length, null, { timeout: 60_000 });
    await page.click('#interview-log .turn:last-child .why summary');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'time-travel-interview.png') });
    // The inspector from its top: "as of", the plan with the item under way, the memories.
    await page.locator('#inspector-as-of').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('#inspector-as-of')?.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(ARTIFACTS, 'time-travel.png') });
    expect(errors).toEqual([]);
  });
});

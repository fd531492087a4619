/**
 * Browser end-to-end for issue #10's page: `hamlet start` with the generative mind on the fake
 * OpenAI server (answering with the town script), the page in headless Chromium. The controller
 * asks a person a question in the inspector and sees "thinking…", then the streamed answer with
 * the memories it drew on; injects an event at a place (its marker and radius on the map, an
 * entry in the feed that centres the map when clicked), schedules one and cancels it, sees a bad
 * place's error beside the Inject button, and whispers. A viewer's box says interviews need the
 * controller token. Screenshots go to tests/.artifacts/interview.png, inject.png and viewer.png.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../client/src/debugHook';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fakeOpenAiServer';
import { townScriptWireAnswer } from '../support/townScript';
import { writeArtTown } from './artTown';
import { ARTIFACTS, chromiumAvailable, launchChromium, startCli, type StartedCli } from './browser';

const POLL = { timeout: 30_000 };
const available = chromiumAvailable();


async function stepOnce(page: Page): Promise<void> {
  const before = Number(await page.getAttribute('#clock', 'data-step'));
  await page.click('#step-button');
  await expect.poll(async () => Number(await page.getAttribute('#clock', 'data-step')), POLL).toBe(before + 1);
}

describe.skipIf(!available && !process.env.CI)('interviews, injected events and whispers on the page', () => {
  let dir: string;
  let server: FakeOpenAiServer;
  let cli: StartedCli;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-interact-'));
    const town = writeArtTown(dir);
    server = await startFakeOpenAiServer({ chatText: townScriptWireAnswer });
    [cli, browser] = await Promise.all([
      startCli(['--map', town.mapPath, '--db', join(dir, 'interact.db'), '--port', '0', '--start', '2026-02-13T07:57', '--token', 'e2e-controller-token', '--paused'], 120_000, {
        LLM_BACKEND: '',
        LLM_BASE_URL: server.url,
        LLM_MODEL: 'tiny-chat',
        EMBED_MODEL: 'fake-embed',
      }),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(cli.controlUrl);
    await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await cli?.stop();
    // The server's log, for when something here fails.
    if (cli) writeFileSync(join(ARTIFACTS, 'interact-cli.log'), cli.output());
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks a person a question: thinking…, the streamed answer, and the memories behind it', async () => {
    await expect.poll(() => page.textContent('#role-badge'), POLL).toBe('controller');
    // A few steps so they have a plan and memories of the morning.
    for (let i = 0; i < 3; i++) await stepOnce(page);
    await page.click('#agent-list li:first-child');
    await page.waitForSelector('#inspector:not([hidden])');
    expect(await page.isVisible('#interview-remember-label')).toBe(true);
    // The model takes a moment: the box says it is thinking until the first words come.
    server.script('chat', { kind: 'ok', delayMs: 2_000 });
    await page.fill('#interview-question', 'What are you doing this morning?');
    await page.click('#interview-ask');
    await page.waitForSelector('#interview-log .answer.waiting:has-text("thinking…")', { timeout: 10_000 });
    await page.waitForSelector('#interview-log .why', POLL);
    await expect.poll(() => page.evaluate(() => window.__hamlet!.interviewMessages().at(-1)), POLL).toBe('done');
    const kinds = await page.evaluate(() => window.__hamlet!.interviewMessages());
    expect(kinds[0]).toBe('thinking');
    expect(kinds.filter((k) => k === 'text').length).toBeGreaterThan(1); // the answer came in pieces
    const answer = (await page.textContent('#interview-log .turn:last-child .answer'))!;
    expect(answer.length).toBeGreaterThan(10);
    expect(answer).not.toContain('no answer');
    await page.click('#interview-log .turn:last-child .why summary');
    const rows = page.locator('#interview-log .turn:last-child .why tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    const cells = (await rows.first().locator('td').allTextContents()).slice(1);
    // recency, importance (with the 1–10 rating), relevance, total
    expect(cells[0]).toMatch(/^\d\.\d\d$/);
    expect(cells[1]).toMatch(/^\d\.\d\d \(\d+\)$/);
    expect(cells[2]).toMatch(/^\d\.\d\d$/);
    expect(cells[3]).toMatch(/^\d\.\d\d$/);

    // A follow-up continues the interview: the model's prompt carries the earlier turn.
    await page.fill('#interview-question', 'And after that?');
    await page.click('#interview-ask');
    await expect.poll(() => page.locator('#interview-log .turn').count(), POLL).toBe(2);
    await expect.poll(() => page.locator('#interview-log .turn:last-child .cursor').count(), POLL).toBe(0);
    const prompts = server.requests.filter((r) => r.route === 'chat' && r.body?.response_format?.json_schema?.name === 'answerInterview');
    expect(JSON.stringify(prompts.at(-1)!.body.messages)).toContain('What are you doing this morning?');
    // The page's feed lists what was asked.
    expect(await page.textContent('#event-feed-list')).toContain('asked');
    await page.locator('#interview-box').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'interview.png') });

    // An empty question is refused beside the Ask button, without asking the server.
    await page.click('#interview-ask');
    expect(await page.textContent('#interview-error')).toContain('Type a question first');
  }, 120_000);

  it('injects an event: its marker and radius on the map, a feed entry that centres the map; a scheduled one is cancelled; a bad place errs beside Inject', async () => {
    await page.keyboard.press('Escape');
    await page.click('#inject-panel summary');
    await page.selectOption('#inject-kind', 'event');
    // The searchable list holds the map's places.
    expect(await page.locator('#inject-places option[value="Corner Cafe:cafe floor"]').count()).toBe(1);

    // A place that does not exist: the server's error, naming the nearest, next to the control.
    await page.fill('#inject-place', 'Corner Caff');
    await page.fill('#inject-text', 'A stray dog runs in');
    await page.click('#inject-button');
    await expect.poll(() => page.textContent('#inject-error'), POLL).toMatch(/Corner Cafe/);

    await page.fill('#inject-place', 'Corner Cafe');
    await page.fill('#inject-text', 'A stray dog runs in');
    await page.fill('#inject-radius', '3');
    await page.fill('#inject-minutes', '30');
    await page.click('#inject-button');
    await expect.poll(() => page.textContent('#inject-note'), POLL).toMatch(/✓ ev-/);
    expect(await page.isHidden('#inject-error')).toBe(true);
    await stepOnce(page);
    await expect.poll(() => page.evaluate(() => window.__hamlet!.eventsDrawn().length), POLL).toBe(1);
    const [drawn] = await page.evaluate(() => window.__hamlet!.eventsDrawn());
    const cafe = (await page.evaluate(() => window.__hamlet!.placeCentre('Corner Cafe')))!;
    expect({ x: drawn.x, y: drawn.y }).toEqual(cafe);
    expect(drawn.radiusPx).toBeGreaterThan(3 * 32);
    await expect.poll(() => page.textContent('#event-feed-list li.feed-event'), POLL).toContain('A stray dog runs in @ Corner Cafe');

    // Scheduled for later: it waits in the queue until cancelled.
    await page.fill('#inject-place', 'Corner Cafe:cafe floor:counter');
    await page.fill('#inject-text', 'The counter starts smoking');
    await page.fill('#inject-radius', '');
    await page.fill('#inject-at', '2026-02-13T12:00');
    await page.click('#inject-button');
    await stepOnce(page);
    await expect.poll(() => page.locator('#inject-queue li[data-id]').count(), POLL).toBe(1);
    expect(await page.textContent('#inject-queue')).toContain('12:00');
    await page.click('#inject-queue .cancel');
    await expect.poll(() => page.locator('#inject-queue li[data-id]').count(), POLL).toBe(0);
    await stepOnce(page);
    await expect.poll(() => page.textContent('#event-feed-list'), POLL).toContain('cancelled');
    await page.fill('#inject-at', '');

    // Whisper to a person (in the inspector).
    await page.click('#agent-list li:first-child');
    await page.fill('#whisper-text', 'You should visit the cafe');
    await page.click('#whisper-button');
    await expect.poll(() => page.textContent('#whisper-note'), POLL).toMatch(/hears it at step/);
    await stepOnce(page);
    await expect.poll(() => page.textContent('#event-feed-list'), POLL).toContain('whispered to');
    await page.keyboard.press('Escape');

    // Clicking the event's feed entry centres the map on its place (as far as the map's edge
    // allows: the cafe lies at the top of this small town). First look elsewhere, zoomed in.
    await page.click('#zoom-in-button');
    await page.click('#zoom-in-button');
    await page.mouse.move(300, 300);
    await page.mouse.down();
    await page.mouse.move(700, 100, { steps: 5 });
    await page.mouse.up();
    const off = async () => {
      const c = await page.evaluate(() => window.__hamlet!.viewCentre());
      return Math.hypot(c.x - cafe.x, c.y - cafe.y);
    };
    const before = await off();
    await page.click('#event-feed-list li.feed-event');
    await expect.poll(off, POLL).toBeLessThan(before - 32);
    await page.waitForTimeout(1_200); // the camera's glide ends
    const size = await page.evaluate(() => window.__hamlet!.canvasSize());
    const [badge] = await page.evaluate(() => window.__hamlet!.eventsDrawn());
    expect(badge.screen.x).toBeGreaterThan(0);
    expect(badge.screen.x).toBeLessThan(size.width);
    expect(badge.screen.y).toBeGreaterThan(0);
    expect(badge.screen.y).toBeLessThan(size.height);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ARTIFACTS, 'inject.png') });

    // 📍 Pick, then a click on the map, names the place clicked (here: the cafe's middle).
    await page.fill('#inject-place', '');
    await page.click('#inject-pick');
    const canvas = (await page.locator('#game canvas').boundingBox())!;
    const [mark] = await page.evaluate(() => window.__hamlet!.eventsDrawn());
    await page.mouse.click(canvas.x + mark.screen.x, canvas.y + mark.screen.y + 40);
    await expect.poll(() => page.inputValue('#inject-place'), POLL).toMatch(/^Corner Cafe(:cafe floor)?/);
    expect(await page.isHidden('#inspector')).toBe(true); // the click picked a place, it selected nobody
    expect(errors).toEqual([]);
  }, 120_000);

  it('a viewer sees that interviews need the controller token, and no inject or whisper controls', async () => {
    const viewer = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    try {
      await viewer.goto(cli.watchUrl);
      await viewer.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
      expect(await viewer.textContent('#role-badge')).toBe('viewer');
      expect(await viewer.isHidden('#inject-panel')).toBe(true);
      // Injected before this page came: the feed lists it still.
      await expect.poll(() => viewer.textContent('#event-feed-list'), POLL).toContain('A stray dog runs in');
      await viewer.click('#agent-list li:first-child');
      await viewer.waitForSelector('#inspector:not([hidden])');
      expect(await viewer.textContent('#interview-hint')).toContain('need the controller token');
      expect(await viewer.isHidden('#whisper-part')).toBe(true);
      expect(await viewer.isHidden('#interview-remember-label')).toBe(true);
      await viewer.fill('#interview-question', 'Hello?');
      await viewer.click('#interview-ask');
      await expect.poll(() => viewer.textContent('#interview-error'), POLL).toContain('only a controller can interview');
      await viewer.locator('#interview-box').scrollIntoViewIfNeeded();
      await viewer.screenshot({ path: join(ARTIFACTS, 'viewer.png') });
    } finally {
      await viewer.close();
    }
  }, 60_000);
});

describe.skipIf(!available && !process.env.CI)('interviews in a town with the rule-based mind', () => {
  let dir: string;
  let cli: StartedCli;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-interact-rules-'));
    const town = writeArtTown(dir);
    // The vitest config sets LLM_BACKEND=none: the rule-based mind.
    [cli, browser] = await Promise.all([
      startCli(['--map', town.mapPath, '--db', join(dir, 'rules.db'), '--port', '0', '--start', '2026-02-13T07:57', '--token', 'e2e-controller-token', '--paused']),
      launchChromium(),
    ]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await cli?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the box explains, in the server’s words, that interviews need a language model and how to set one up', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    await page.goto(cli.controlUrl);
    await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
    await page.click('#agent-list li:first-child');
    await page.waitForSelector('#inspector:not([hidden])');
    await expect.poll(() => page.textContent('#interview-hint'), POLL).toContain('LLM_BASE_URL');
    expect(await page.textContent('#interview-hint')).toContain('interviews need a language model');
    expect(await page.isDisabled('#interview-ask')).toBe(true);
    expect(await page.isHidden('#whisper-part')).toBe(true); // whispers need a model too
    await page.locator('#interview-box').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'interview-rule-based.png') });
  }, 60_000);
});

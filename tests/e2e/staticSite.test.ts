/**
 * Browser: a run exported as a static site (`hamlet export <db> --site <dir>`) served by a plain
 * static file server written here (node:http + fs — not Hamlet). The page replays it with no
 * Hamlet server: scrubbing the timeline and ◀ ▶ put everyone where the run had them, play runs
 * to the end, the game-time box goes to a time, the inspector opens at a past step with that
 * step's plan (the same as `hamlet replay` shows; for a generative run too, memories included),
 * someone on a walk begun long after the latest snapshot is "on the way (N tiles to go)" with the
 * number the live page showed, and interviews and Fork from here say they need the server.
 * Screenshots: tests/.artifacts/static-site.png, static-site-walk.png, static-site-generative.png.
 */
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openTown } from '../../server/cli/town';
import { ensureClientBuilt } from '../../server/net/clientBuild';
import { writeStaticSite } from '../../server/net/staticSite';
import { ReplaySource } from '../../server/net/replay';
import type {} from '../../client/src/debugHook';
import { openGenerativeTown } from '../integration/mind/helpers';
import { writeArtTown } from './artTown';
import { ARTIFACTS, chromiumAvailable, launchChromium } from './browser';

const available = chromiumAvailable();
const STEPS = 800;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png' };

/** The plainest static file server: GET a file under `root`, nothing else. */
function staticServer(root: string): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    requests.push(path);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/site/`, requests })));
}

async function seesRecorded(page: Page, step: number, recorded: Map<number, Record<string, { x: number; y: number }>>): Promise<void> {
  const expected = recorded.get(step)!;
  await page
    .waitForFunction(
      ({ step, expected }) => {
        const hook = window.__hamlet;
        if (!hook || hook.step() !== step) return false;
        return Object.entries(expected).every(([id, at]) => {
          const tile = hook.agentTile(id);
          // Side by side on a shared tile: up to 3/8 of a tile from its centre (fan-out).
          return tile !== null && !tile.moving && Math.abs(tile.x - at.x) <= 0.4 && Math.abs(tile.y - at.y) <= 0.4;
        });
      },
      { step, expected },
      { timeout: 15_000 },
    )
    .catch(async (err) => {
      const shown = await page.evaluate((ids) => ({ step: window.__hamlet?.step(), tiles: ids.map((id) => [id, window.__hamlet?.agentTile(id)]) }), Object.keys(expected));
      throw new Error(`the page does not show step ${step} as recorded ${JSON.stringify(expected)}: ${JSON.stringify(shown)}`, { cause: err });
    });
}

async function slideTo(page: Page, ...steps: number[]): Promise<void> {
  await page.locator('#timeline-slider').evaluate((el: HTMLInputElement, values) => {
    for (const v of values) {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, steps);
}

describe.skipIf(!available && !process.env.CI)('a run exported as a static site', () => {
  let dir = '';
  let browser: Browser | null = null;
  let http: Server | null = null;

  afterAll(async () => {
    await browser?.close();
    http?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('replays in Chromium from a plain static file server', { timeout: 180_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-static-'));
    const files = writeArtTown(dir);
    const file = join(dir, 'run.db');
    const [clientDir, chromium] = await Promise.all([ensureClientBuilt(), launchChromium()]);
    browser = chromium;
    const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: file, seed: 6, startTime: '2026-02-13T07:20' });
    const recorded = new Map<number, Record<string, { x: number; y: number }>>();
    // Walks as the live page showed them ("on the way (N tiles to go)"): awake, not talking, a path left.
    const walks: { step: number; id: string; name: string; tiles: number; since: number }[] = [];
    const record = () => {
      const { step, agents } = town.sim.state;
      recorded.set(step, Object.fromEntries(agents.map((a) => [a.id, { x: a.tile.x, y: a.tile.y }])));
      for (const a of agents) if (a.path.length > 0 && !a.sleeping && !a.conversationId) walks.push({ step, id: a.id, name: a.name, tiles: a.path.length, since: a.action.startStep });
    };
    record();
    town.sim.enqueueAt(450, { kind: 'event', id: 'fire', address: 'Minitown:Corner Cafe:cafe floor', description: 'smoke in the cafe', durationSteps: 60 });
    while (town.sim.state.step < STEPS) {
      await town.sim.step();
      record();
    }
    town.store.close();

    // Served from a sub-path, as a web host would: every URL of the site must be relative.
    const site = join(dir, 'www', 'site');
    const result = writeStaticSite(file, site, { clientDir, codeVersion: 'test' });
    expect(result).toMatchObject({ firstStep: 0, lastStep: STEPS, chunks: 3 });
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('<meta name="hamlet-static" content="run/" />');
    const served = await staticServer(join(dir, 'www'));
    http = served.server;

    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(served.url);
    await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
    await page.waitForSelector('#timeline:not([hidden])', { timeout: 10_000 });
    expect(await page.getAttribute('#timeline-slider', 'max')).toBe(String(STEPS));
    expect(await page.textContent('#connection')).toBe('● replay');
    await seesRecorded(page, 0, recorded);
    // No Hamlet server was ever asked for: only files.
    expect(served.requests.filter((r) => r.includes('socket.io'))).toEqual([]);

    await page.waitForSelector('#timeline-markers .marker.event', { timeout: 10_000 });
    await page.click('#timeline-markers .marker.event');
    await seesRecorded(page, 450, recorded);

    // Scrub across chunks (each holds 360 steps), then single steps across a chunk's edge.
    await slideTo(page, 50, 700, 300, 361);
    await seesRecorded(page, 361, recorded);
    await page.click('#timeline-back');
    await seesRecorded(page, 360, recorded);
    await page.click('#timeline-back');
    await seesRecorded(page, 359, recorded);
    await page.click('#timeline-forward');
    await seesRecorded(page, 360, recorded);

    // The game-time box works without a server: 07:45 is 25 game minutes after the start (150 steps).
    await page.fill('#timeline-goto', '07:45');
    await page.press('#timeline-goto', 'Enter');
    await seesRecorded(page, 150, recorded);

    // The inspector at a past step: the person as they were then; interviews say they need the server.
    await slideTo(page, 120);
    await seesRecorded(page, 120, recorded);
    const someone = Object.keys(recorded.get(120)!)[0];
    await page.click(`#agent-list li[data-agent-id="${someone}"]`);
    await page.waitForSelector('#inspector:not([hidden]) #inspector-now', { timeout: 10_000 });
    // Who they are and their plan as of the shown step: the same as `hamlet replay` shows then.
    await page.waitForFunction(() => document.querySelector('#inspector-body')?.textContent?.includes('Traits'), null, { timeout: 10_000 });
    await page.waitForSelector('#inspector ol.plan li.current', { timeout: 10_000 });
    const replay = ReplaySource.open(file);
    let expectedPlan: string[];
    try {
      replay.seek(120);
      expectedPlan = replay.mind.inspect(someone, replay.time)!.plan.map((p) => `${p.current ? '>' : ''}${p.emoji ? `${p.emoji} ` : ''}${p.description}`);
    } finally {
      replay.close();
    }
    const shownPlan = await page.$$eval('#inspector ol.plan li', (items) => items.map((li) => `${li.classList.contains('current') ? '>' : ''}${li.children[1]?.textContent?.replace(/ @ .*$/, '') ?? ''}`));
    expect(shownPlan).toEqual(expectedPlan);
    expect(expectedPlan.length).toBeGreaterThan(2);
    // What needs the server says so where it is offered.
    expect(await page.textContent('#interview-hint')).toMatch(/Interviews need the Hamlet server/);
    expect(await page.isDisabled('#interview-ask')).toBe(true);
    expect(await page.isDisabled('#timeline-fork')).toBe(true);
    expect(await page.getAttribute('#timeline-fork', 'title')).toMatch(/Fork from here needs the Hamlet server/);
    // The map's canvas follows its narrower container on a later frame: wait for the inspector to be in view.
    await page.waitForFunction(() => (document.querySelector('#inspector') as HTMLElement).getBoundingClientRect().right <= window.innerWidth, null, { timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'static-site.png') });

    // Someone on a walk begun long after the latest snapshot (hourly: 360 steps) and its chunk's
    // start, a few steps into it: the page plans the walk again as the engine did and says what the
    // live page said then.
    const walk = walks
      .filter((w) => w.step % 360 !== 0 && w.since - Math.floor(w.step / 360) * 360 > 100 && w.step - w.since >= 5 && w.tiles >= 5)
      .sort((a, b) => b.since - Math.floor(b.step / 360) * 360 - (a.since - Math.floor(a.step / 360) * 360))[0];
    expect(walk, 'a walk begun long after a snapshot').toBeDefined();
    await slideTo(page, walk.step);
    await seesRecorded(page, walk.step, recorded);
    await page.click(`#agent-list li[data-agent-id="${walk.id}"]`);
    await page.waitForFunction((name) => document.querySelector('#inspector-name')?.textContent === name, walk.name, { timeout: 10_000 });
    const onTheWay = `🚶 on the way (${walk.tiles} tiles to go)`;
    await page.waitForFunction((text) => document.querySelector('#inspector-now .how')?.textContent === text, onTheWay, { timeout: 10_000 }).catch(async (err) => {
      throw new Error(`${walk.name} at step ${walk.step} (walking since step ${walk.since}): the inspector says "${await page.textContent('#inspector-now .how')}", live said "${onTheWay}"`, { cause: err });
    });
    // The camera on them for the screenshot: the walker in the middle of the map.
    await page.click('#follow-button');
    await expect
      .poll(
        async () => {
          const box = (await page.locator('#game canvas').boundingBox())!;
          const p = await page.evaluate((id) => window.__hamlet!.agentOnScreen(id), walk.id);
          return p ? Math.hypot(p.x - box.width / 2, p.y - box.height / 2) : Infinity;
        },
        { timeout: 10_000 },
      )
      .toBeLessThan(24);
    await page.screenshot({ path: join(ARTIFACTS, 'static-site-walk.png') });
    await page.click('#follow-button');

    // Play from near the end: the steps come in order to the end, where it pauses and says so.
    await slideTo(page, 760);
    await seesRecorded(page, 760, recorded);
    await page.selectOption('#timeline-speed', '64');
    await page.click('#timeline-play');
    await page.waitForFunction(() => document.querySelector('#timeline')?.getAttribute('data-step') === '800', null, { timeout: 15_000 });
    await seesRecorded(page, 800, recorded);
    await page.waitForSelector('#paused-reason:not([hidden])', { timeout: 10_000 });
    expect(await page.textContent('#timeline-play')).toBe('▶');

    mkdirSync(ARTIFACTS, { recursive: true });
    expect(errors).toEqual([]);
  });
  it('a generative run’s static site shows the inspector as of a past step exactly as hamlet replay does', { timeout: 240_000 }, async () => {
    const gdir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-static-gen-'));
    try {
      const files = writeArtTown(gdir);
      const file = join(gdir, 'run.db');
      const [clientDir, chromium] = await Promise.all([ensureClientBuilt(), browser ? Promise.resolve(browser) : launchChromium()]);
      browser = chromium;
      // Snapshots every 100 steps and a past step between them: the plan comes from the plan log.
      const town = await openGenerativeTown({ ...files, dbPath: file, startTime: '2026-02-13T06:30', snapshotEverySteps: 100, config: { reflectionThreshold: 30 } });
      while (town.sim.state.step < 420) await town.sim.step();
      town.sim.snapshot();
      town.store.close();
      const site = join(gdir, 'www', 'site');
      writeStaticSite(file, site, { clientDir, codeVersion: 'test' });
      const served = await staticServer(join(gdir, 'www'));
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const errors: string[] = [];
        page.on('pageerror', (err) => errors.push(err.message));
        await page.goto(served.url);
        await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
        const STEP = 333;
        await slideTo(page, STEP);
        await page.waitForFunction((step) => window.__hamlet?.step() === step, STEP, { timeout: 15_000 });
        const replay = ReplaySource.open(file);
        try {
          replay.seek(STEP);
          const id = replay.state.agents[0].id;
          const expected = replay.mind.inspect(id, replay.time)!;
          await page.click(`#agent-list li[data-agent-id="${id}"]`);
          await page.waitForSelector('#inspector ol.plan li.current', { timeout: 15_000 });
          const shownPlan = await page.$$eval('#inspector ol.plan li', (items) => items.map((li) => `${li.classList.contains('current') ? '>' : ''}${li.children[0]?.textContent ?? ''} ${li.children[1]?.textContent?.replace(/ @ .*$/, '') ?? ''}`));
          expect(shownPlan).toHaveLength(expected.plan.length);
          expect(shownPlan.map((p) => p.startsWith('>'))).toEqual(expected.plan.map((p) => p.current));
          expect(shownPlan.every((p, i) => p.includes(expected.plan[i].description))).toBe(true);
          expect(expected.plan.some((p) => p.sub)).toBe(true);
          const memories = await page.$eval('#inspector ul.memories', (ul) => [...ul.children].map((li) => li.textContent ?? '')); // the first list: recent memories
          expect(memories.length).toBeGreaterThan(0);
          expect(memories.map((m, i) => m.includes(expected.memories[i].description) || `${i}: ${m} ≠ ${expected.memories[i].description}`).filter((x) => x !== true)).toEqual([]);
          await page.screenshot({ path: join(ARTIFACTS, 'static-site-generative.png') });
        } finally {
          replay.close();
        }
        expect(errors).toEqual([]);
      } finally {
        served.server.close();
      }
    } finally {
      rmSync(gdir, { recursive: true, force: true });
    }
  });
});

/**
 * Browser end-to-end: `hamlet start` as a user runs it, the page in headless Chromium.
 * The page loads, the map renders, people are drawn where the server says (side by side when they
 * share a tile, names never overlapping), objects in use are marked, clicking someone opens the
 * inspector, pause stops the clock, "Whole town" shows all of it. A screenshot goes to
 * tests/.artifacts/town.png.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../server/net/protocol';
// The page's window.__hamlet (its type declares it on Window).
import type {} from '../../client/src/debugHook';
import { writeArtTown } from './artTown';
import { ARTIFACTS, chromiumAvailable, distinctColours, launchChromium, startCli, type StartedCli } from './browser';

/** Generous: the suite shares two cores with the other test files. */
const POLL = { timeout: 15_000 };
const available = chromiumAvailable();
if (!available) console.warn('tests/e2e: Chromium not found at /usr/bin/chromium (apt-get install chromium); browser tests skipped');

type Box = { id: string; left: number; top: number; right: number; bottom: number };

/** Pairs of names drawn over each other on the page ("ada-ash/ben-ash"). */
async function overlappingNames(page: Page): Promise<string[]> {
  const boxes: Box[] = await page.evaluate(() => window.__hamlet!.nameBoxes());
  const pairs: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) pairs.push(`${a.id}/${b.id}`);
    }
  }
  return pairs;
}

function snapshotOf(url: string): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('snapshot', (s) => {
      socket.close();
      resolve(s);
    });
    socket.once('connect_error', reject);
  });
}

describe.skipIf(!available && !process.env.CI)('the town in the browser', () => {
  let dir: string;
  let cli: StartedCli;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-'));
    const town = writeArtTown(dir);
    // 07:57: a few minutes before people head out for coffee, so they walk during the test.
    // Paused: the first steps are taken one by one (two people end up sharing a tile).
    [cli, browser] = await Promise.all([
      startCli(['--map', town.mapPath, '--db', join(dir, 'e2e.db'), '--port', '0', '--speed', '10', '--start', '2026-02-13T07:57', '--token', 'e2e-controller-token', '--paused']),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(cli.controlUrl);
    await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    const code = await cli?.stop();
    expect(code).toBe(0);
    expect(cli.output()).toMatch(/Stopped at step \d+/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the addresses, hides the token from the address bar and names the mind', async () => {
    expect(cli.watchUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(cli.controlUrl).toBe(`${cli.watchUrl}#token=e2e-controller-token`);
    expect(page.url()).not.toContain('token');
    await expect.poll(() => page.textContent('#mind-badge'), POLL).toContain('rule-based (no language model)');
    expect(await page.textContent('#role-badge')).toBe('controller');
    expect(await page.locator('#agent-list li').count()).toBe(4);
  });

  it('stands people who share a tile side by side, within their tile, with names that do not overlap', async () => {
    // From 07:57, Cleo and Dev get ready for the day on the same tile of their bedroom.
    for (let i = 0; i < 5; i++) {
      const before = Number(await page.getAttribute('#clock', 'data-step'));
      await page.click('#step-button');
      await expect.poll(async () => Number(await page.getAttribute('#clock', 'data-step')), POLL).toBe(before + 1);
    }
    const snapshot = await snapshotOf(cli.watchUrl);
    const byTile = new Map<string, string[]>();
    for (const a of snapshot.agents) byTile.set(`${a.x},${a.y}`, [...(byTile.get(`${a.x},${a.y}`) ?? []), a.id]);
    const shared = [...byTile.values()].filter((ids) => ids.length > 1);
    expect(shared.length).toBeGreaterThan(0);
    const tileOf = (id: string) => snapshot.agents.find((a) => a.id === id)!;
    for (const ids of shared) {
      // They slide apart (eased, never a jump) and end up apart, each still inside their tile.
      await expect
        .poll(async () => {
          const drawn = await Promise.all(ids.map((id) => page.evaluate((i) => window.__hamlet!.agentTile(i)!, id)));
          return Math.min(...drawn.slice(1).map((d, i) => Math.hypot(d.x - drawn[i].x, d.y - drawn[i].y)));
        }, POLL)
        .toBeGreaterThanOrEqual(0.4);
      for (const id of ids) {
        const drawn = (await page.evaluate((i) => window.__hamlet!.agentTile(i)!, id))!;
        expect(Math.abs(drawn.x - tileOf(id).x), id).toBeLessThan(0.5);
        expect(Math.abs(drawn.y - tileOf(id).y), id).toBeLessThan(0.5);
      }
    }
    // Every name is shown (the test town opens zoomed in) and no two overlap.
    await expect.poll(() => page.evaluate(() => window.__hamlet!.nameBoxes().length), POLL).toBe(snapshot.agents.length);
    await expect.poll(() => overlappingNames(page), POLL).toEqual([]);
    // Objects in use carry a marker: exactly the ones the server lists as not idle.
    await expect.poll(() => page.evaluate(() => window.__hamlet!.markedObjects().sort()), POLL).toEqual(Object.keys(snapshot.objects).sort());

    await page.click('#pause-button'); // resume
    await page.waitForSelector('body[data-paused="false"]');
  });

  it('draws the map (the canvas is not blank) and people walk', async () => {
    const shot = await page.locator('#game canvas').screenshot();
    expect(distinctColours(shot)).toBeGreaterThan(12);
    const start = Number(await page.getAttribute('#clock', 'data-step'));
    await expect.poll(async () => Number(await page.getAttribute('#clock', 'data-step')), { timeout: 20_000 }).toBeGreaterThan(start + 40);
    await expect.poll(() => page.evaluate(() => window.__hamlet!.agentIds().some((id) => window.__hamlet!.agentTile(id)!.moving)), { timeout: 20_000 }).toBe(true);
  });

  it('pauses: the clock stops and people stand where the server says', async () => {
    await page.click('#pause-button');
    await page.waitForSelector('body[data-paused="true"]');
    const step = await page.getAttribute('#clock', 'data-step');
    const time = await page.textContent('#clock-time');
    await page.waitForTimeout(1_200); // twelve steps' worth at this speed
    expect(await page.getAttribute('#clock', 'data-step')).toBe(step);
    expect(await page.textContent('#clock-time')).toBe(time);

    const snapshot = await snapshotOf(cli.watchUrl);
    expect(snapshot.status).toMatchObject({ paused: true, step: Number(step) });
    await page.waitForFunction(() => window.__hamlet!.agentIds().every((id) => !window.__hamlet!.agentTile(id)!.moving));
    for (const agent of snapshot.agents) {
      // On their tile: people sharing a tile stand a little aside from its centre.
      const drawn = (await page.evaluate((id) => window.__hamlet!.agentTile(id), agent.id))!;
      expect(drawn.moving, agent.id).toBe(false);
      expect(Math.abs(drawn.x - agent.x), agent.id).toBeLessThan(0.5);
      expect(Math.abs(drawn.y - agent.y), agent.id).toBeLessThan(0.5);
    }
    await expect.poll(() => overlappingNames(page), POLL).toEqual([]);
    // By now someone has coffee at the cafe table: it is in use, and marked.
    expect(Object.keys(snapshot.objects).length).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate(() => window.__hamlet!.markedObjects().sort()), POLL).toEqual(Object.keys(snapshot.objects).sort());
  });

  it('opens the inspector when someone is clicked on the map or in the list', async () => {
    const snapshot = await snapshotOf(cli.watchUrl);
    const canvas = (await page.locator('#game canvas').boundingBox())!;
    // Someone drawn well inside the canvas (not under the side panel).
    let target: { id: string; x: number; y: number } | null = null;
    for (const agent of snapshot.agents) {
      const p = await page.evaluate((id) => window.__hamlet!.agentOnScreen(id), agent.id);
      if (p && p.x > 20 && p.y > 20 && p.x < canvas.width - 20 && p.y < canvas.height - 20) {
        target = { id: agent.id, ...p };
        break;
      }
    }
    expect(target).not.toBeNull();
    await page.mouse.click(canvas.x + target!.x, canvas.y + target!.y);
    const agent = snapshot.agents.find((a) => a.id === target!.id)!;
    await page.waitForSelector('#inspector:not([hidden])');
    await expect.poll(() => page.textContent('#inspector-name'), POLL).toBe(agent.name);
    await expect.poll(() => page.textContent('#inspector-now'), POLL).toContain(agent.action.description);
    expect(await page.locator('#inspector .plan li').count()).toBeGreaterThan(0);
    expect(await page.locator(`#agent-list li[data-agent-id="${agent.id}"]`).getAttribute('class')).toContain('selected');

    const other = snapshot.agents.find((a) => a.id !== agent.id)!;
    await page.click(`#agent-list li[data-agent-id="${other.id}"]`);
    await expect.poll(() => page.textContent('#inspector-name'), POLL).toBe(other.name);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.waitForTimeout(800); // the camera may glide to them (the inspector narrows the map): a settled screenshot
    await page.screenshot({ path: join(ARTIFACTS, 'town.png') });
    writeFileSync(join(ARTIFACTS, 'town.json'), JSON.stringify({ step: snapshot.status.step, agents: snapshot.agents, inspected: other.id }, null, 2));

    // Follow: the camera centres on them.
    await page.click('#follow-button');
    await expect.poll(() => page.textContent('#follow-button'), POLL).toContain('Following');
    await expect
      .poll(
        async () => {
          const box = (await page.locator('#game canvas').boundingBox())!;
          const p = (await page.evaluate((id) => window.__hamlet!.agentOnScreen(id), other.id))!;
          return Math.hypot(p.x - box.width / 2, p.y - box.height / 2);
        },
        { timeout: 10_000 },
      )
      .toBeLessThan(24);

  });

  it('zooms with the wheel and pans by dragging', async () => {
    const narrow = (await page.locator('#game canvas').boundingBox())!.width;
    await page.click('#inspector-close');
    await page.waitForSelector('#inspector', { state: 'hidden' });
    // The canvas takes the freed room (Phaser notices within half a second).
    await expect.poll(async () => (await page.locator('#game canvas').boundingBox())!.width, POLL).toBeGreaterThan(narrow);
    const box = (await page.locator('#game canvas').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const zoom = await page.evaluate(() => window.__hamlet!.zoom());
    await page.mouse.move(cx, cy);
    await page.mouse.wheel(0, -200);
    await expect.poll(() => page.evaluate(() => window.__hamlet!.zoom()), POLL).toBeGreaterThan(zoom);
    const id = (await page.evaluate(() => window.__hamlet!.agentIds()))[0];
    const before = (await page.evaluate((i) => window.__hamlet!.agentOnScreen(i), id))!;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx - 40, cy - 30, { steps: 5 });
    await page.mouse.up();
    const after = (await page.evaluate((i) => window.__hamlet!.agentOnScreen(i), id))!;
    expect(after.x - before.x).toBeCloseTo(-40, -1);
    expect(after.y - before.y).toBeCloseTo(-30, -1);
    expect(await page.isHidden('#inspector')).toBe(true); // a drag is not a click
  });

  it('shows the whole town with the button or F, and goes back', async () => {
    const box = (await page.locator('#game canvas').boundingBox())!;
    const zoom = await page.evaluate(() => window.__hamlet!.zoom());
    await expect.poll(() => page.textContent('#whole-town-button'), POLL).toContain('Whole town');
    await page.click('#whole-town-button');
    await expect.poll(() => page.textContent('#whole-town-button'), POLL).toContain('Back');
    // Everyone is in view once the camera has flown out.
    await expect
      .poll(
        () =>
          page.evaluate(
            ([w, h]) => window.__hamlet!.agentIds().every((id) => {
              const p = window.__hamlet!.agentOnScreen(id)!;
              return p.x >= 0 && p.y >= 0 && p.x <= w && p.y <= h;
            }),
            [box.width, box.height],
          ),
        POLL,
      )
      .toBe(true);
    expect(await page.evaluate(() => window.__hamlet!.wholeTown())).toBe(true);
    await page.keyboard.press('f');
    await expect.poll(() => page.evaluate(() => window.__hamlet!.zoom()), POLL).toBeCloseTo(zoom, 2);
    expect(await page.textContent('#whole-town-button')).toContain('Whole town');
    await page.keyboard.press('+');
    await expect.poll(() => page.evaluate(() => window.__hamlet!.zoom()), POLL).toBeGreaterThan(zoom);
  });

  it('names a person or an object in use under the mouse in a tooltip', async () => {
    const box = (await page.locator('#game canvas').boundingBox())!;
    const state = await snapshotOf(cli.watchUrl);
    const agent = state.agents[0];
    await page.keyboard.press('f'); // everyone in view
    await expect.poll(() => page.evaluate(() => window.__hamlet!.wholeTown()), POLL).toBe(true);
    await page.waitForTimeout(800); // the camera's flight
    // Whoever is nearest the pointer gets the tooltip; move onto this person's body.
    const p = (await page.evaluate((id) => window.__hamlet!.agentOnScreen(id), agent.id))!;
    await page.mouse.move(box.x + p.x, box.y + p.y - 4);
    await expect.poll(() => page.isVisible('#map-tooltip'), POLL).toBe(true);
    expect(await page.textContent('#map-tooltip')).toMatch(/\w+ \w+/);
    await expect.poll(() => page.textContent('#map-tooltip'), POLL).toContain(agent.name);
    await page.mouse.move(box.x + box.width + 50, box.y + 10); // off the map
    await expect.poll(() => page.isHidden('#map-tooltip'), POLL).toBe(true);

    // An object in use (one the server lists with a state other than idle) says what it is doing.
    const [address, objectState] = Object.entries(state.objects)[0];
    const m = (await page.evaluate((a) => window.__hamlet!.markerOnScreen(a), address))!;
    expect(m).not.toBeNull();
    await page.mouse.move(box.x + m.x, box.y + m.y);
    await expect.poll(() => page.textContent('#map-tooltip'), POLL).toContain(objectState);
  });

  it('lets a viewer without the token watch but not control', async () => {
    const viewer = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await viewer.goto(cli.watchUrl);
    await viewer.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
    expect(await viewer.textContent('#role-badge')).toBe('viewer');
    expect(await viewer.isDisabled('#pause-button')).toBe(true);
    expect(await viewer.isDisabled('#speed-select')).toBe(true);
    await viewer.close();
    expect(errors).toEqual([]);
  });
});

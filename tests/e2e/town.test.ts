/**
 * Browser end-to-end: `hamlet start` as a user runs it, the page in headless Chromium.
 * The page loads, the map renders, people are drawn where the server says (side by side when they
 * share a tile, names never overlapping), objects in use are marked, clicking someone opens the
 * inspector, pause stops the clock, "Whole town" shows all of it. A screenshot goes to
 * tests/.artifacts/town.png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../server/net/protocol';
// The page's window.__hamlet (its type declares it on Window).
import type {} from '../../client/src/debugHook';
import { writeArtTown } from './artTown';
import { ARTIFACTS, changedShare, chromiumAvailable, distinctColours, launchChromium, pixel, readPng, sameColour, startCli, type Image, type StartedCli } from './browser';

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

type TiledMap = {
  width: number;
  height: number;
  tilewidth: number;
  tileheight: number;
  tilesets: { firstgid: number; columns: number }[];
  layers: { name: string; type: string; visible?: boolean; data?: number[] }[];
};

/** Renders a couple of frames (after changing what is drawn). */
function frames(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))));
}

/**
 * For each person in view, the share of their body's box that changes between a render with
 * people's bodies and one without: a person really drawn changes a good part of it. Writes both
 * renders to tests/.artifacts/<name>.png and <name>-no-bodies.png.
 */
async function bodiesDrawn(page: Page, name: string): Promise<Record<string, number>> {
  const canvas = page.locator('#game canvas');
  const withBodies = await canvas.screenshot();
  await page.evaluate(() => window.__hamlet!.drawBodies(false));
  await frames(page);
  const without = await canvas.screenshot();
  await page.evaluate(() => window.__hamlet!.drawBodies(true));
  await frames(page);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `${name}.png`), withBodies);
  writeFileSync(join(ARTIFACTS, `${name}-no-bodies.png`), without);
  const a = readPng(withBodies);
  const b = readPng(without);
  const shares: Record<string, number> = {};
  for (const id of await page.evaluate(() => window.__hamlet!.agentIds())) {
    const box = (await page.evaluate((i) => window.__hamlet!.agentBody(i), id))!;
    if (box.left < 0 || box.top < 0 || box.right > a.width || box.bottom > a.height) continue; // not wholly in view
    shares[id] = changedShare(a, b, box);
  }
  return shares;
}

/**
 * Samples a grid of canvas pixels over the map (away from people and their texts) and returns
 * the share that show the tileset's pixels of the tile the map has there — 0 for a black or
 * wrongly drawn map. A pixel matches when it has the colour of the tileset texel under it or of
 * a neighbour (rounding to whole pixels may shift the art by one).
 */
async function tilesShown(page: Page, shot: Image, map: TiledMap, tileset: Image): Promise<{ share: number; sampled: number }> {
  const T = map.tilewidth;
  const { columns, firstgid } = map.tilesets[0];
  const drawn = map.layers.filter((l) => l.type === 'tilelayer' && l.name !== 'collision' && l.visible !== false && l.data);
  const gidAt = (tx: number, ty: number) => drawn.reduce((g, l) => l.data![ty * map.width + tx] || g, 0);
  const points: [number, number][] = [];
  for (let y = 50; y < shot.height - 4; y += 19) for (let x = 4; x < shot.width - 4; x += 23) points.push([x, y]);
  const [worlds, people, zoom] = await page.evaluate(
    (pts) => [pts.map(([x, y]) => window.__hamlet!.worldAt(x, y)), window.__hamlet!.agentIds().map((id) => window.__hamlet!.agentOnScreen(id)!), window.__hamlet!.zoom()] as const,
    points,
  );
  let sampled = 0;
  let matched = 0;
  points.forEach(([x, y], i) => {
    const w = worlds[i];
    const tx = Math.floor(w.x / T);
    const ty = Math.floor(w.y / T);
    if (tx < 0 || ty < 0 || tx >= map.width || ty >= map.height) return;
    // People, their names and emoji stand within about a tile and a half of them.
    if (people.some((p) => Math.abs(p.x - x) < 1.5 * T * zoom && Math.abs(p.y - y) < 1.6 * T * zoom)) return;
    const gid = gidAt(tx, ty);
    if (!gid) return;
    sampled++;
    const index = gid - firstgid;
    const ox = (index % columns) * T;
    const oy = Math.floor(index / columns) * T;
    const u = Math.floor(w.x - tx * T);
    const v = Math.floor(w.y - ty * T);
    const seen = pixel(shot, x, y);
    let hit = false;
    for (let dv = -1; dv <= 1 && !hit; dv++) {
      for (let du = -1; du <= 1 && !hit; du++) {
        const tu = Math.min(T - 1, Math.max(0, u + du));
        const tv = Math.min(T - 1, Math.max(0, v + dv));
        hit = sameColour(seen, pixel(tileset, ox + tu, oy + tv));
      }
    }
    if (hit) matched++;
  });
  return { share: sampled ? matched / sampled : 0, sampled };
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
  let map: TiledMap;
  let tileset: Image;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-'));
    const town = writeArtTown(dir);
    map = JSON.parse(readFileSync(town.mapPath, 'utf8')) as TiledMap;
    tileset = readPng(readFileSync(join(dir, 'tiles.png')));
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

  // A page error fails the test it happened in (not only the last one).
  afterEach(() => {
    expect(errors.splice(0), 'errors on the page during this test').toEqual([]);
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
    // Started paused: the clock says so (not only the Resume button).
    await expect.poll(() => page.isVisible('#clock #clock-paused'), POLL).toBe(true);
    expect(await page.textContent('#clock-paused')).toContain('paused');
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
    expect(await page.isHidden('#clock-paused')).toBe(true);
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
    await expect.poll(() => page.isVisible('#clock-paused'), POLL).toBe(true);
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

  it('really draws every person and the tiles of the map (not just objects that report positions)', async () => {
    await page.waitForFunction(() => window.__hamlet!.agentIds().every((id) => !window.__hamlet!.agentTile(id)!.moving));
    await page.mouse.move(1, 1); // no tooltip over the map
    // Each person in view: their body changes a good part of its box (a hidden sprite changes none).
    const shares = await bodiesDrawn(page, 'town-bodies');
    expect(Object.keys(shares).length, 'people wholly in view').toBeGreaterThanOrEqual(3);
    for (const [id, share] of Object.entries(shares)) expect(share, `${id}'s body drawn`).toBeGreaterThan(0.12);
    // The map's layers show their tiles: sampled pixels have the tileset's colours there.
    const shot = readPng(await page.locator('#game canvas').screenshot());
    const tiles = await tilesShown(page, shot, map, tileset);
    expect(tiles.sampled).toBeGreaterThan(100);
    expect(tiles.share, `${tiles.sampled} pixels sampled`).toBeGreaterThan(0.8);
    writeFileSync(join(ARTIFACTS, 'pixel-checks.json'), JSON.stringify({ bodyChangedShare: shares, tilesMatchedShare: tiles.share, tilesSampled: tiles.sampled }, null, 2));
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
    // The plan: each item once, exactly one current, each with its emoji; the current one is what they do.
    const rows = await page.locator('#inspector .plan li').allTextContents();
    expect(new Set(rows).size).toBe(rows.length);
    expect(await page.locator('#inspector .plan li.current').count()).toBe(1);
    // (Before the first step everyone is "waking up", which no plan lists.)
    if (snapshot.status.step > 0) expect(await page.textContent('#inspector .plan li.current')).toContain(agent.action.description);
    expect(rows.join('\n')).toContain('☕ having coffee');
    // What they know from the start is shown as such, not as reflections (the rule-based mind has none).
    const known = await page.textContent('#inspector-known');
    expect(known).toContain('likes the coffee at Corner Cafe');
    expect(await page.locator('#inspector h3', { hasText: 'What they know from the start' }).count()).toBe(1);
    expect(await page.locator('#inspector-reflections').count()).toBe(0);

    const other = snapshot.agents.find((a) => a.id !== agent.id)!;
    await page.click(`#agent-list li[data-agent-id="${other.id}"]`);
    await expect.poll(() => page.textContent('#inspector-name'), POLL).toBe(other.name);
    // The camera centres on the person the inspector opened for, in the canvas the inspector left.
    const offCentre = async (id: string) => {
      const box = (await page.locator('#game canvas').boundingBox())!;
      const p = (await page.evaluate((i) => window.__hamlet!.agentOnScreen(i), id))!;
      return Math.hypot(p.x - box.width / 2, p.y - box.height / 2);
    };
    await expect.poll(() => offCentre(other.id), { timeout: 10_000 }).toBeLessThan(8);
    await page.waitForTimeout(1_600); // once the canvas has narrowed and the glide ended, they stay centred
    expect(await offCentre(other.id)).toBeLessThan(8);

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

    // Picking someone opens the inspector, which narrows the canvas: the whole town is fitted to
    // it again (it was cut off while the button still said Back).
    const mapPx = { width: map.width * map.tilewidth, height: map.height * map.tileheight };
    const wholeMapInView = () =>
      page.evaluate((m) => {
        const h = window.__hamlet!;
        const { width, height } = h.canvasSize();
        const a = h.worldAt(0, 0);
        const b = h.worldAt(width - 1, height - 1);
        return a.x <= 0.5 && a.y <= 0.5 && b.x >= m.width - 0.5 && b.y >= m.height - 0.5;
      }, mapPx);
    const picked = (await page.evaluate(() => window.__hamlet!.agentIds()))[1];
    await page.click(`#agent-list li[data-agent-id="${picked}"]`);
    await page.waitForSelector('#inspector:not([hidden])');
    await expect.poll(async () => (await page.locator('#game canvas').boundingBox())!.width, POLL).toBeLessThan(box.width - 100);
    await expect.poll(wholeMapInView, POLL).toBe(true);
    expect(await page.textContent('#whole-town-button')).toContain('Back');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ARTIFACTS, 'whole-town-inspector.png') });
    await page.click('#inspector-close');
    await expect.poll(async () => (await page.locator('#game canvas').boundingBox())!.width, POLL).toBeCloseTo(box.width, 0);
    await expect.poll(wholeMapInView, POLL).toBe(true);

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

    // A long "thinking…" note (many model calls) in a narrow window: it takes no room in the bar
    // (it used to push the mind and live badges off screen), so the badges stay in view and the bar
    // keeps its height; it shows in full on the map, clear of the map controls.
    const bar = (await viewer.locator('#topbar').boundingBox())!;
    const text = '⏳ thinking… 1 min 23 s · 128 model calls in flight';
    await viewer.evaluate((t) => {
      const note = document.getElementById('thinking')!;
      note.hidden = false;
      note.textContent = t;
    }, text);
    for (const id of ['#role-badge', '#mind-badge', '#connection', '#clock-time', '#clock-paused', '#pause-button']) {
      const b = (await viewer.locator(id).boundingBox())!;
      expect(b.x + b.width, `${id} in view`).toBeLessThanOrEqual(1000);
      expect(b.y + b.height, `${id} in the bar`).toBeLessThanOrEqual(bar.y + bar.height);
    }
    expect((await viewer.locator('#topbar').boundingBox())!.height).toBe(bar.height);
    // The mind badge says its whole name at this width.
    expect(await viewer.evaluate(() => { const m = document.getElementById('mind-badge')!; return m.scrollWidth <= m.clientWidth; })).toBe(true);
    const note = (await viewer.locator('#thinking').boundingBox())!;
    const game = (await viewer.locator('#game').boundingBox())!;
    const controls = (await viewer.locator('#map-controls').boundingBox())!;
    expect(note.y).toBeGreaterThanOrEqual(controls.y + controls.height);
    expect(note.x).toBeGreaterThanOrEqual(game.x);
    expect(note.x + note.width).toBeLessThanOrEqual(game.x + game.width);
    expect(await viewer.evaluate(() => { const n = document.getElementById('thinking')!; return n.scrollWidth <= n.clientWidth; })).toBe(true);
    expect(await viewer.textContent('#thinking')).toBe(text);
    mkdirSync(ARTIFACTS, { recursive: true });
    await viewer.screenshot({ path: join(ARTIFACTS, 'topbar-thinking.png'), clip: { x: 0, y: 0, width: 1000, height: 160 } });
    await viewer.close();
  });
});

describe.skipIf(!available && !process.env.CI)('the town at night in the browser', () => {
  let dir: string;
  let cli: StartedCli;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-night-'));
    const town = writeArtTown(dir);
    // 03:00: everyone is in bed.
    [cli, browser] = await Promise.all([
      startCli(['--map', town.mapPath, '--db', join(dir, 'night.db'), '--port', '0', '--start', '2026-02-13T03:00', '--token', 'e2e-night-token', '--paused']),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(cli.controlUrl);
    await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
  });

  afterEach(() => {
    expect(errors.splice(0), 'errors on the page during this test').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    expect(await cli?.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lays sleeping people down in their beds, drawn', async () => {
    // The first steps put everyone to bed.
    let snapshot = await snapshotOf(cli.watchUrl);
    for (let i = 0; i < 40 && !snapshot.agents.every((a) => a.sleeping); i++) {
      const before = Number(await page.getAttribute('#clock', 'data-step'));
      await page.click('#step-button');
      await expect.poll(async () => Number(await page.getAttribute('#clock', 'data-step')), POLL).toBe(before + 1);
      snapshot = await snapshotOf(cli.watchUrl);
    }
    await page.waitForFunction(() => window.__hamlet!.agentIds().every((id) => !window.__hamlet!.agentTile(id)!.moving));
    expect(snapshot.agents.every((a) => a.sleeping)).toBe(true);
    await page.mouse.move(1, 1);
    for (const a of snapshot.agents) {
      const body = (await page.evaluate((id) => window.__hamlet!.agentBody(id), a.id))!;
      expect(body.lyingDown, a.id).toBe(true);
    }
    const shares = await bodiesDrawn(page, 'town-night-bodies');
    expect(Object.keys(shares).length).toBeGreaterThanOrEqual(3);
    for (const [id, share] of Object.entries(shares)) expect(share, `${id}'s body drawn`).toBeGreaterThan(0.12);

    // The inspector: asleep, and the sleep item of the plan is the current one.
    const sleeper = snapshot.agents[0];
    await page.click(`#agent-list li[data-agent-id="${sleeper.id}"]`);
    await expect.poll(() => page.textContent('#inspector-now'), POLL).toContain('asleep');
    expect(await page.locator('#inspector .plan li.current').count()).toBe(1);
    expect(await page.textContent('#inspector .plan li.current')).toContain('sleeping');
    await page.waitForTimeout(1_600); // the camera's glide to them
    await page.screenshot({ path: join(ARTIFACTS, 'town-night.png') });
  });
});

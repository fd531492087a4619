/**
 * Browser: the page of a live town (`hamlet start`'s server with its run shelf) lists the stored
 * runs of the data folder — name, map, people, steps, game time span, size, last modified — and
 * ▶ Replay opens one in a new tab, served in replay on a port of its own. Opening needs the
 * controller token; a file that is not a run is listed with the reason. The live town's own file,
 * opened in replay while it runs, extends its timeline as it grows.
 * Screenshot: tests/.artifacts/run-list.png.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { RunShelf } from '../../server/cli/runShelf';
import { openTown, type Town } from '../../server/cli/town';
import { ensureClientBuilt } from '../../server/net/clientBuild';
import { createHamletServer, type HamletServer } from '../../server/net/server';
import type {} from '../../client/src/debugHook';
import { writeArtTown } from './artTown';
import { ARTIFACTS, chromiumAvailable, launchChromium, PROJECT_ROOT } from './browser';

const available = chromiumAvailable();
const TOKEN = 'run-list-e2e-token-1234';

describe.skipIf(!available && !process.env.CI)('the run list of hamlet start', () => {
  let dir = '';
  let browser: Browser | null = null;
  let server: HamletServer | null = null;
  let shelf: RunShelf | null = null;
  let live: Town | null = null;

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await shelf?.close();
    live?.store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the stored runs and opens one in replay', { timeout: 180_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-runs-'));
    const files = writeArtTown(dir);
    const data = join(dir, 'data');
    mkdirSync(data);
    const [clientDir, chromium] = await Promise.all([ensureClientBuilt(), launchChromium()]);
    browser = chromium;
    // Two stored runs and a stray file; the live town writes a third run in the same folder.
    for (const [name, steps] of [['monday', 420], ['tuesday', 90]] as const) {
      const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: join(data, `${name}.db`), seed: 2, startTime: '2026-02-13T07:00' });
      while (town.sim.state.step < steps) await town.sim.step();
      town.store.close();
    }
    writeFileSync(join(data, 'notes.db'), 'not a database at all');
    live = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: join(data, 'live.db'), seed: 3 });
    const characters = [join(PROJECT_ROOT, 'maps', 'sprites', 'characters.png')];
    shelf = new RunShelf({ dataDir: data, host: '127.0.0.1', token: TOKEN, clientDir, charactersPaths: characters });
    server = createHamletServer({ sim: live.sim, token: TOKEN, clientDir, runs: shelf, runner: { stepsPerSecond: 5, paused: true }, log: () => {} });
    const { url } = await server.listen(0);

    // Listing is open to anyone who sees the page; opening needs the token.
    const listed = (await (await fetch(`${url}runs.json`)).json()) as { runs: { name: string; steps?: number; agents?: number; world?: string; error?: string }[] };
    expect(listed.runs.map((r) => r.name).sort()).toEqual(['live', 'monday', 'notes', 'tuesday']);
    expect(listed.runs.find((r) => r.name === 'monday')).toMatchObject({ steps: 420, agents: 4, world: 'Minitown' });
    expect(listed.runs.find((r) => r.name === 'notes')?.error).toMatch(/not a SQLite|not a Hamlet/i);
    const refused = await fetch(`${url}runs/open`, { method: 'POST', body: JSON.stringify({ name: 'monday' }) });
    expect(refused.status).toBe(403);

    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${url}#token=${TOKEN}`);
    await page.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
    await page.click('#runs-button');
    await page.waitForSelector('#runs-panel tr[data-run="monday"]', { timeout: 10_000 });
    const row = (await page.textContent('#runs-panel tr[data-run="monday"]'))!;
    expect(row).toContain('Minitown');
    expect(row).toMatch(/420/);
    expect(row).toMatch(/Feb 13, 07:00 → Feb 13, 08:10/);
    expect(row).toMatch(/\d+\.\d MB/);
    expect(await page.textContent('#runs-panel tr[data-run="notes"]')).toMatch(/not a SQLite|not a Hamlet/i);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'run-list.png') });

    const [replayTab] = await Promise.all([page.context().waitForEvent('page'), page.click('#runs-panel tr[data-run="monday"] button.replay')]);
    replayTab.on('pageerror', (err) => errors.push(`replay: ${err.message}`));
    await replayTab.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
    await replayTab.waitForSelector('#timeline:not([hidden])', { timeout: 10_000 });
    expect(await replayTab.getAttribute('#timeline-slider', 'max')).toBe('420');
    // The token came along: this tab controls the replay.
    expect(await replayTab.isDisabled('#timeline-slider')).toBe(false);
    expect(await replayTab.isVisible('#runs-button')).toBe(false);
    // Opening it again reuses its server.
    const again = await page.evaluate(async (token) => (await fetch('runs/open', { method: 'POST', headers: { 'X-Hamlet-Token': token }, body: JSON.stringify({ name: 'monday' }) })).json(), TOKEN);
    expect(again.port).toBe(Number(new URL(replayTab.url()).port));

    // The live town's own file, opened in replay while it runs: the timeline extends as it grows.
    const [liveTab] = await Promise.all([page.context().waitForEvent('page'), page.click('#runs-panel tr[data-run="live"] button.replay')]);
    liveTab.on('pageerror', (err) => errors.push(`live replay: ${err.message}`));
    await liveTab.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
    await liveTab.waitForSelector('#timeline:not([hidden])', { timeout: 10_000 });
    expect(await liveTab.getAttribute('#timeline-slider', 'max')).toBe('0');
    while (live.sim.state.step < 40) await live.sim.step();
    await liveTab.waitForFunction(() => document.querySelector('#timeline-slider')?.getAttribute('max') === '40', null, { timeout: 15_000 });
    expect(await liveTab.textContent('#timeline-time')).toMatch(/step 0 \/ 40$/);
    expect(errors).toEqual([]);
  });
});

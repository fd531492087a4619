/**
 * Browser: "Fork from here" in a replay (`hamlet replay` as a user runs it, a real Chromium).
 * The controller forks at the shown step; the fork is made next to the replayed file, served live
 * by the same process on another port, and the page goes there: a live town (no timeline) at the
 * fork step, with the controller's role. The replayed file stays byte-identical; a viewer has no
 * fork button. Screenshots: tests/.artifacts/fork-button.png (the replay), fork-from-here.png (the fork, live).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openTown } from '../../server/cli/town';
import { ensureClientBuilt } from '../../server/net/clientBuild';
import { readLineage } from '../../server/store/lineage';
import type {} from '../../client/src/debugHook';
import { writeArtTown } from './artTown';
import { ARTIFACTS, chromiumAvailable, launchChromium, PROJECT_ROOT } from './browser';

const available = chromiumAvailable();
const TOKEN = 'fork-e2e-token-12345';

describe.skipIf(!available && !process.env.CI)('"Fork from here" in a replay', () => {
  let dir = '';
  let browser: Browser | null = null;
  let stop: (() => Promise<void>) | null = null;

  afterAll(async () => {
    await browser?.close();
    await stop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('forks at the shown step and opens the fork live; the replayed file is unchanged', { timeout: 240_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-e2e-fork-'));
    const files = writeArtTown(dir);
    const file = join(dir, 'run.db');
    const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: file, seed: 5, snapshotEverySteps: 100, startTime: '2026-02-13T07:20' });
    while (town.sim.state.step < 300) await town.sim.step();
    town.sim.snapshot();
    town.store.close();
    const before = readFileSync(file);
    const [, chromium] = await Promise.all([ensureClientBuilt(), launchChromium()]);
    browser = chromium;

    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'server', 'cli', 'hamlet.js'), 'replay', file, '--port', '0', '--paused', '--at', '150', '--token', TOKEN], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, LLM_BASE_URL: '', LLM_BACKEND: '' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    stop = async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
    };
    const waitFor = async (pattern: RegExp, ms = 60_000) => {
      const until = Date.now() + ms;
      while (!pattern.test(out)) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`no ${pattern} from hamlet replay:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return pattern.exec(out)!;
    };
    const control = (await waitFor(/Control:\s+(\S+)/))[1];
    const replayOrigin = new URL(control).origin;

    // A viewer sees no fork button.
    const viewer = await browser.newPage();
    await viewer.goto(control.replace(/#.*$/, ''));
    await viewer.waitForFunction(() => window.__hamlet?.ready === true, null, { timeout: 30_000 });
    await viewer.waitForSelector('#timeline:not([hidden])');
    expect(await viewer.isHidden('#timeline-fork')).toBe(true);
    await viewer.close();

    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(control);
    await page.waitForFunction(() => window.__hamlet?.ready === true && window.__hamlet?.step() === 150, null, { timeout: 30_000 });
    await page.waitForSelector('#timeline-fork:not([hidden])');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'fork-button.png') });
    await page.click('#timeline-fork');

    // The page leaves for the fork's own address, where the town runs live from step 150.
    await page.waitForURL((url) => url.origin !== replayOrigin, { timeout: 120_000 });
    await page.waitForFunction(() => window.__hamlet?.ready === true && (window.__hamlet?.step() ?? -1) >= 150, null, { timeout: 30_000 });
    await page.waitForFunction(() => document.body.dataset.replay === 'false', null, { timeout: 10_000 });
    expect(await page.isHidden('#timeline')).toBe(true);
    // The controller link carried over: the live controls answer.
    await page.waitForFunction(() => (window.__hamlet?.step() ?? 0) > 152, null, { timeout: 30_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'fork-from-here.png') });
    expect(errors).toEqual([]);
    expect(out).toMatch(/Forked at step 150 → .*run-fork-150\.db, live at http/);

    const fork = join(dir, 'run-fork-150.db');
    expect(existsSync(fork)).toBe(true);
    await stop();
    expect(out).toMatch(/Stopped the fork .*run-fork-150\.db at step \d+\. Continue with: hamlet start --db .*run-fork-150\.db --resume/);
    const db = new Database(fork, { readonly: true });
    expect(readLineage(db)).toEqual([expect.objectContaining({ parentPath: file, step: 150, snapshotStep: 100 })]);
    db.close();
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

/**
 * Replay seek latency on a 2-game-day, 25-agent rule-based run of the real town (17,280 steps,
 * made here with the real engine into a real SQLite file, as `hamlet run --hours 48` does).
 * Seeking to step s loads the latest hourly snapshot at or before s and applies the ≤ 359 stored
 * step deltas after it (server/net/replay.ts). Printed, over random steps:
 *   1. rebuild: ReplaySource.seek + the snapshot message built and JSON-encoded (the server's part);
 *   2. round trip: a `seek` request over a real socket.io connection until its ack (with the
 *      snapshot) has arrived and been parsed — everything but the page's drawing (the rate limit
 *      is lifted here: the page itself sends at most one seek per 150 ms while dragging).
 *   3. in the page (headless Chromium, software WebGL): from the slider's change to the snapshot
 *      adopted (every panel and the map have taken it), to the first frame Phaser draws showing
 *      the new step (its post-render: the frame issued), and to that frame carried out by the
 *      GPU (a one-pixel read after it waits for that); skipped without Chromium.
 * Target (issue #11): ≤ 50 ms p99 including the first frame drawn.
 * Only this benchmark: `npm run bench -- seek`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { DEFAULT_MAP, defaultPersonasFor, openTown } from '../../server/cli/town';
import { ReplaySource } from '../../server/net/replay';
import { ensureClientBuilt } from '../../server/net/clientBuild';
import { createHamletServer } from '../../server/net/server';
import { chromiumAvailable, launchChromium } from '../e2e/browser';
import { percentile } from './percentile';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-bench-seek-'));
const dbPath = join(dir, 'two-days.db');
const HOURS = 48;
const SEEKS = 400;

let started = performance.now();
const town = await openTown({ mapPath: DEFAULT_MAP, personasPath: defaultPersonasFor(DEFAULT_MAP), dbPath, seed: 1 });
const steps = HOURS * town.sim.clock.stepsPerHour;
while (town.sim.state.step < steps) await town.sim.step();
town.sim.snapshot();
const agents = town.sim.state.agents.length;
town.store.close();
const runSeconds = (performance.now() - started) / 1000;

// Random steps from a fixed LCG: the same positions every time.
let seed = 12345;
const randomStep = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % (steps + 1);
};

const replay = ReplaySource.open(dbPath);
const clientDir = chromiumAvailable() ? await ensureClientBuilt({ notice: (l) => console.log(l) }) : null;
const server = createHamletServer({ replay, token: 'bench-token-1234567', clientDir, runner: { paused: true }, rateLimit: { perSecond: 1e6, burst: 1e6 } });
const { url } = await server.listen(0);

started = performance.now();
const markers = replay.markers();
const markerMs = performance.now() - started;
const byKind = new Map<string, number>();
for (const m of markers) byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1);
const markerCounts = [...byKind].map(([kind, n]) => `${n} ${kind}`).join(', ');

const rebuild: number[] = [];
let bytes = 0;
for (let i = 0; i < SEEKS; i++) {
  const step = randomStep();
  started = performance.now();
  replay.seek(step);
  const text = JSON.stringify(server.snapshot('controller'));
  rebuild.push(performance.now() - started);
  bytes += text.length;
}

// Time travel: the inspector's view of one person as of a random step (what `inspect` costs in a replay).
const ids = replay.state.agents.map((a) => a.id);
const inspect: number[] = [];
for (let i = 0; i < SEEKS; i++) {
  const step = randomStep();
  started = performance.now();
  replay.insightAt(ids[i % ids.length], step);
  inspect.push(performance.now() - started);
}

const socket = connect(url, { auth: { token: 'bench-token-1234567' }, transports: ['websocket'], forceNew: true, reconnection: false });
await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
const roundTrip: number[] = [];
for (let i = 0; i < SEEKS; i++) {
  const step = randomStep();
  started = performance.now();
  const answer = await new Promise<{ ok: boolean }>((resolve) => socket.emit('seek', { step }, resolve));
  roundTrip.push(performance.now() - started);
  if (!answer.ok) throw new Error(`seek ${step} failed: ${JSON.stringify(answer)}`);
}
socket.close();

// 3. The page: the controller drags the slider; time to the snapshot adopted and to the first frame after it.
const PAGE_SEEKS = 100;
const pageAdopted: number[] = [];
const pageFrame: number[] = [];
const pageFinished: number[] = [];
const pageFrameInterval: number[] = [];
if (clientDir) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    await page.goto(`${url}#token=bench-token-1234567`);
    await page.waitForFunction(() => (window as unknown as { __hamlet?: { ready: boolean } }).__hamlet?.ready === true, null, { timeout: 60_000 });
    const targets = Array.from({ length: PAGE_SEEKS }, randomStep);
    const timings = await page.evaluate(async (steps) => {
      // No named functions in here: tsx's keepNames would wrap them in a helper the page lacks.
      const w = window as unknown as { __hamlet: { step(): number; snapshotAt(): number; redraw(): void; nextFrame(step?: number): Promise<{ rendered: number; finished: number }> } };
      const slider = document.querySelector<HTMLInputElement>('#timeline-slider')!;
      const adopted: number[] = [];
      const frame: number[] = [];
      const finished: number[] = [];
      // How long one frame of the town takes here (software WebGL), drawn and carried out, frame
      // after frame. (The page draws only while something changes: ask it for each frame.)
      const intervals: number[] = [];
      w.__hamlet.redraw();
      let last = (await w.__hamlet.nextFrame()).finished;
      for (let i = 0; i < 20; i++) {
        w.__hamlet.redraw();
        const at = (await w.__hamlet.nextFrame()).finished;
        intervals.push(at - last);
        last = at;
      }
      for (const step of steps) {
        if (w.__hamlet.step() === step) continue;
        await new Promise((r) => setTimeout(r, 200)); // past the page's seek throttle
        const drawn = w.__hamlet.nextFrame(step);
        const t0 = performance.now();
        slider.value = String(step);
        slider.dispatchEvent(new Event('change', { bubbles: true }));
        const at = await drawn;
        adopted.push(w.__hamlet.snapshotAt() - t0);
        frame.push(at.rendered - t0);
        finished.push(at.finished - t0);
      }
      return { adopted, frame, finished, intervals };
    }, targets);
    pageFrameInterval.push(...timings.intervals);
    pageAdopted.push(...timings.adopted);
    pageFrame.push(...timings.frame);
    pageFinished.push(...timings.finished);
  } finally {
    await browser.close();
  }
}
await server.close();
replay.close();
const fileMb = statSync(dbPath).size / 1e6;
rmSync(dir, { recursive: true, force: true });

const fmt = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms · p99 ${percentile(sorted, 99).toFixed(1)} ms · max ${sorted[sorted.length - 1].toFixed(1)} ms`;
};
console.log(`seek: ${agents} agents × ${HOURS / 24} game days (${steps} steps, made in ${runSeconds.toFixed(1)} s; file ${fileMb.toFixed(1)} MB), ${SEEKS} random seeks each`);
console.log(`  rebuild (snapshot + ≤ 359 deltas, snapshot message encoded): ${fmt(rebuild)} · ${Math.round(bytes / SEEKS / 1024)} KB per snapshot`);
console.log(`  round trip over a socket (seek → ack with the snapshot):      ${fmt(roundTrip)}`);
console.log(`  inspector as of a step (time travel, one person):           ${fmt(inspect)}`);
console.log(`  timeline markers (one pass over the step log, once): ${markers.length} (${markerCounts || 'none'}) in ${markerMs.toFixed(0)} ms`);
if (pageFrame.length) {
  console.log(`  in the page (headless Chromium, software WebGL, ${pageFrame.length} seeks): snapshot adopted ${fmt(pageAdopted)}`);
  console.log(`                                                  first frame drawn ${fmt(pageFrame)}`);
  console.log(`                                                  … and carried out by the GPU ${fmt(pageFinished)}`);
  console.log(`                                                  (one frame of the town drawn here, frame after frame: ${fmt(pageFrameInterval)})`);
} else {
  console.log('  in the page: skipped (no Chromium at /usr/bin/chromium)');
}
console.log('  target: ≤ 50 ms p99 from the seek to the first frame drawn');

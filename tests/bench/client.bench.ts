/**
 * Client benchmark (`npx tsx tests/bench/client.bench.ts`): frames per second of the page in
 * headless Chromium (Debian's, software WebGL through SwiftShader) while 25 people walk at
 * 10 steps per second. Real browsers with a GPU do far better; this is the floor.
 */
import { join } from 'node:path';
import { openTown } from '../../server/cli/town';
import { ensureClientBuilt } from '../../server/net/clientBuild';
import { createHamletServer } from '../../server/net/server';
import { chromiumAvailable, launchChromium, PROJECT_ROOT } from '../e2e/browser';
import { benchTown } from './netTown';
import { percentile } from './percentile';

const AGENTS = 25;
const STEPS_PER_SECOND = 10;
const SAMPLE_SECONDS = 10;
const VIEWPORT = { width: 1280, height: 760 };

if (!chromiumAvailable()) {
  console.log('client bench skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');
  process.exit(0);
}

const town = benchTown(AGENTS);
console.log(`town: ${town.label}`);
const clientDir = await ensureClientBuilt({ notice: (l) => console.log(l) });
const t = await openTown({ mapPath: town.mapPath, personasPath: town.personasPath, dbPath: ':memory:', seed: 1, agentLimit: AGENTS, startTime: '2026-02-13T07:50' });
const server = createHamletServer({
  sim: t.sim,
  clientDir,
  token: 'bench-token-123',
  runner: { stepsPerSecond: STEPS_PER_SECOND },
  assets: { charactersPaths: [join(PROJECT_ROOT, 'maps', 'sprites', 'characters.png')] },
});
const { url } = await server.listen(0);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(`${url}${process.env.LAYERS ? `?layers=${process.env.LAYERS}` : ''}`);
  await page.waitForFunction(() => (window as unknown as { __hamlet?: { ready: boolean } }).__hamlet?.ready === true, null, { timeout: 60_000 });
  await page.waitForTimeout(2_000); // let the first frames and text textures settle
  // The page draws only while something changes (FrameGate): count the frames it drew too.
  const drawnBefore = await page.evaluate(() => (window as unknown as { __hamlet: { framesDrawn(): number } }).__hamlet.framesDrawn());
  const sampleStart = performance.now();
  // Count animation frames in the page itself, one-second buckets.
  // (A string, not a function: tsx would wrap named functions in a helper the page does not have.)
  const perSecond = (await page.evaluate(`new Promise((resolve) => {
    const counts = [];
    let frames = 0;
    let bucketStart = performance.now();
    const tick = (now) => {
      frames++;
      if (now - bucketStart >= 1000) {
        counts.push((frames * 1000) / (now - bucketStart));
        frames = 0;
        bucketStart = now;
      }
      if (counts.length < ${SAMPLE_SECONDS}) requestAnimationFrame(tick);
      else resolve(counts);
    };
    requestAnimationFrame(tick);
  })`)) as number[];
  const drawnPerSecond = ((await page.evaluate(() => (window as unknown as { __hamlet: { framesDrawn(): number } }).__hamlet.framesDrawn())) - drawnBefore) / ((performance.now() - sampleStart) / 1000);
  const phaserFps = await page.evaluate(() => (window as unknown as { __hamlet: { fps(): number } }).__hamlet.fps());
  const moving = await page.evaluate(() => (window as unknown as { __hamlet: { agentIds(): string[] } }).__hamlet.agentIds().length);
  const sorted = [...perSecond].sort((a, b) => a - b);
  console.log(`\nclient frames per second, headless Chromium (SwiftShader), ${VIEWPORT.width}×${VIEWPORT.height}, ${moving} people, ${STEPS_PER_SECOND} steps/s:`);
  console.log(`  median ${percentile(sorted, 50).toFixed(1)} · min ${sorted[0].toFixed(1)} · max ${sorted[sorted.length - 1].toFixed(1)} (Phaser's own estimate: ${phaserFps.toFixed(1)}); frames of the town drawn: ${drawnPerSecond.toFixed(1)} per second`);
  console.log(`  steps during the sample: ${t.sim.state.step}`);
  console.log(`\nJSON ${JSON.stringify({ agents: moving, stepsPerSecond: STEPS_PER_SECOND, fps: { median: percentile(sorted, 50), min: sorted[0], max: sorted[sorted.length - 1], phaser: phaserFps, drawn: drawnPerSecond }, town: town.label })}`);
} finally {
  await browser.close();
  await server.close();
  t.store.close();
}

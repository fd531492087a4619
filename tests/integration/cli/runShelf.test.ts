/**
 * The run list of `hamlet start` opens a stored run in replay as `hamlet replay` serves it: the
 * inspector as of the step shown, interviews of the past with start's model (or the reason there
 * are none), and "Fork from here" made and served live by the same process. A shelf given no
 * fork handler says so in the snapshot instead of offering a button that errors.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LiveForks } from '../../../server/cli/liveForks';
import { pastInterviewsFor } from '../../../server/cli/pastRun';
import { RunShelf } from '../../../server/cli/runShelf';
import { openTown } from '../../../server/cli/town';
import { resolveLlmConfig } from '../../../server/llm/config';
import { FORK_UNAVAILABLE, type Snapshot } from '../../../server/net/protocol';
import { writeMiniTown } from '../../support/miniTown';
import { connectViewer, request } from '../net/helpers';

const TOKEN = 'run-shelf-token-1234';

describe('a run opened from the run list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hamlet-shelf-'));
  const data = join(dir, 'data');
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('inspects the past, says why there are no interviews, and forks live from the shown step', { timeout: 120_000 }, async () => {
    mkdirSync(data);
    const files = writeMiniTown(join(dir, 'town'));
    const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: join(data, 'monday.db'), seed: 4, snapshotEverySteps: 100 });
    while (town.sim.state.step < 240) await town.sim.step();
    town.store.close();

    const forks = new LiveForks({ args: { values: {}, positionals: [] }, host: '127.0.0.1', token: TOKEN, clientDir: null, assets: {} });
    const llm = resolveLlmConfig({});
    const shelf = new RunShelf({ dataDir: data, host: '127.0.0.1', token: TOKEN, clientDir: null, charactersPaths: [], forks, pastInterviews: (file, replay) => pastInterviewsFor(file, replay, llm, undefined) });
    closers.push(() => forks.close(), () => shelf.close());
    const { port } = await shelf.replay('monday');
    const viewer = connectViewer(`http://127.0.0.1:${port}/`, TOKEN);
    closers.push(async () => void viewer.socket.close());
    const first = await viewer.firstSnapshot;
    // Forks are offered; interviews say why not (a rule-based run keeps no memories).
    expect(first.replay).toEqual({ firstStep: 0, lastStep: 240, interviews: expect.stringMatching(/rule-based mind/) });
    expect((await request(viewer.socket, 'seek', { step: 150 })).ok).toBe(true);
    const inspected = (await request(viewer.socket, 'inspect', { agentId: first.agents[0].id })) as unknown as { ok: true; inspection: { step: number; insight: { plan: unknown[] } } };
    expect(inspected.inspection.step).toBe(150);
    expect(inspected.inspection.insight.plan.length).toBeGreaterThan(0);

    const forked = (await request(viewer.socket, 'fork', { step: 150 })) as unknown as { ok: boolean; fork: { db: string; step: number; url: string }; error?: string };
    expect(forked.ok, forked.error).toBe(true);
    expect(forked.fork).toMatchObject({ db: join(data, 'monday-fork-150.db'), step: 150, url: expect.stringContaining(`#token=${TOKEN}`) });
    expect(existsSync(forked.fork.db)).toBe(true);
    // The fork runs live from that step.
    const live = connectViewer(forked.fork.url.split('#')[0], TOKEN);
    closers.push(async () => void live.socket.close());
    const snapshot: Snapshot = await live.firstSnapshot;
    expect(snapshot.replay).toBeUndefined();
    expect(snapshot.status.step).toBeGreaterThanOrEqual(150);
  });

  it('without forks, the replay says why in its snapshot and refuses the request the same way', { timeout: 60_000 }, async () => {
    const shelf = new RunShelf({ dataDir: data, host: '127.0.0.1', token: TOKEN, clientDir: null, charactersPaths: [] });
    closers.push(() => shelf.close());
    const { port } = await shelf.replay('monday');
    const viewer = connectViewer(`http://127.0.0.1:${port}/`, TOKEN);
    closers.push(async () => void viewer.socket.close());
    const first = await viewer.firstSnapshot;
    expect(first.replay?.fork).toBe(FORK_UNAVAILABLE);
    expect(await request(viewer.socket, 'fork', { step: 10 })).toEqual({ ok: false, error: FORK_UNAVAILABLE });
  });

  it('with the page built on demand (hamlet start --dev, whose own page comes from Vite), the replays and forks it opens serve the built page', { timeout: 120_000 }, async () => {
    const page = join(dir, 'built');
    mkdirSync(page, { recursive: true });
    writeFileSync(join(page, 'index.html'), '<!doctype html><title>the built page</title>');
    let builds = 0;
    const build = async () => {
      builds++;
      return page;
    };
    const forks = new LiveForks({ args: { values: {}, positionals: [] }, host: '127.0.0.1', token: TOKEN, clientDir: build, assets: {} });
    const shelf = new RunShelf({ dataDir: data, host: '127.0.0.1', token: TOKEN, clientDir: build, charactersPaths: [], forks });
    closers.push(() => forks.close(), () => shelf.close());
    expect(builds, 'nothing is built until a run is opened').toBe(0);
    const { port } = await shelf.replay('monday');
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain('the built page');
    const made = await forks.forkAt(join(data, 'monday.db'), 60);
    expect(await (await fetch(made.url.split('#')[0])).text()).toContain('the built page');
  });
});


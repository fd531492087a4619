/**
 * A replay served over real sockets: the snapshot says it is a replay, `seek` answers with the
 * recorded positions at that step (and every viewer starts over there), playback emits the stored
 * steps in order and stops at the end, and nothing can act on the stored run.
 */
import { FORK_UNAVAILABLE } from '../../../server/net/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTown } from '../../../server/cli/town';
import type { AgentView, Snapshot, StepMessage } from '../../../server/net/protocol';
import { ReplaySource } from '../../../server/net/replay';
import { createHamletServer, type HamletServer } from '../../../server/net/server';
import { agentView } from '../../../server/net/views';
import { SimulationStore } from '../../../server/store/simulationStore';
import { writeMiniTown } from '../../support/miniTown';
import { connectViewer, ManualTimers, request, startTestTown, waitFor, type Viewer } from './helpers';

const STEPS = 400;
const TOKEN = 'replay-secret-token';

describe('hamlet replay over sockets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hamlet-replay-net-'));
  const db = join(dir, 'run.db');
  const positions = new Map<number, AgentView[]>();
  let hash = '';
  let stored: StepMessage[] = [];
  let replay: ReplaySource;
  let server: HamletServer;
  let timers: ManualTimers;
  let url = '';
  const viewers: Viewer[] = [];

  beforeAll(async () => {
    const files = writeMiniTown(join(dir, 'town'));
    const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: db, seed: 11, snapshotEverySteps: 100 });
    positions.set(0, town.sim.state.agents.map(agentView));
    while (town.sim.state.step < STEPS) {
      await town.sim.step();
      positions.set(town.sim.state.step, town.sim.state.agents.map(agentView));
    }
    town.store.close();
    const store = SimulationStore.open(db, { readonly: true });
    hash = store.stepLogHash();
    stored = [...store.readSteps()];
    store.close();

    replay = ReplaySource.open(db);
    timers = new ManualTimers();
    server = createHamletServer({ replay, token: TOKEN, clientDir: null, runner: { timers, stepsPerSecond: 16, paused: true } });
    ({ url } = await server.listen(0));
  });
  afterAll(async () => {
    for (const v of viewers) v.socket.close();
    await server.close();
    replay.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const viewer = (token?: string) => {
    const v = connectViewer(url, token);
    viewers.push(v);
    return v;
  };

  it('sends a snapshot that says it is a replay, at the recorded first step', async () => {
    const snapshot = await viewer().firstSnapshot;
    // No model was given for interviews of the past: the snapshot says why there are none.
    expect(snapshot.replay).toEqual({ firstStep: 0, lastStep: STEPS, interviews: expect.stringMatching(/need a language model/), fork: FORK_UNAVAILABLE });
    expect(snapshot.status.step).toBe(0);
    expect(snapshot.agents).toEqual(positions.get(0));
    expect(snapshot.health).toBeUndefined();
  });

  it('seek answers with the recorded positions at that step, and every viewer starts over there', async () => {
    const controller = viewer(TOKEN);
    const watcher = viewer();
    await controller.firstSnapshot;
    await watcher.firstSnapshot;
    for (const step of [250, 37, 399, 100, STEPS, 0, 101]) {
      const answer = await request(controller.socket, 'seek', { step });
      expect(answer.ok, JSON.stringify(answer)).toBe(true);
      const snapshot = (answer as unknown as { snapshot: Snapshot }).snapshot;
      expect(snapshot.status.step).toBe(step);
      expect(snapshot.status.time).toBe(replay.clock.timeAt(step));
      expect(snapshot.agents, `step ${step}`).toEqual(positions.get(step));
      await waitFor(() => watcher.snapshots.at(-1)?.status.step === step, `the watcher's snapshot at ${step}`);
      expect(watcher.snapshots.at(-1)!.agents).toEqual(positions.get(step));
    }
  });

  it('refuses seek from a viewer, a bad step, and acting on the stored run', async () => {
    const v = viewer();
    await v.firstSnapshot;
    expect(await request(v.socket, 'seek', { step: 5 })).toEqual({ ok: false, error: expect.stringContaining('only a controller can seek') });
    const c = viewer(TOKEN);
    await c.firstSnapshot;
    expect(await request(c.socket, 'seek', { step: -1 })).toMatchObject({ ok: false, error: expect.stringContaining('invalid seek payload: step') });
    expect(await request(c.socket, 'seek', { step: 1, extra: 1 })).toMatchObject({ ok: false, error: expect.stringContaining('invalid seek payload') });
    expect(await request(c.socket, 'inject', { kind: 'announcement', text: 'hello' })).toEqual({ ok: false, error: 'inject is not available in a replay: it only shows the stored run' });
    expect(await request(c.socket, 'interview', { agent: 'x', question: 'hi?' })).toMatchObject({ ok: false });
  });

  it('plays the stored steps in order from where it was sought, and pauses at the end', async () => {
    const c = viewer(TOKEN);
    await c.firstSnapshot;
    await request(c.socket, 'seek', { step: 390 });
    const from = c.steps.length;
    expect(await request(c.socket, 'resume', {})).toMatchObject({ ok: true });
    for (let i = 0; i < 10; i++) {
      timers.fireNext();
      await waitFor(() => c.steps.length >= from + i + 1, `step ${390 + i}`);
    }
    expect(c.steps.slice(from)).toEqual(stored.slice(390, 400));
    // One more tick finds the end: the run pauses and says why.
    timers.fireNext();
    await waitFor(() => server.runner.status.paused, 'the pause at the end');
    expect(server.runner.status.pausedReason).toMatch(/^end of the replay \(step 400\)/);
    // Stepping back one step by seeking (which ends the "end of the replay" note), then a single step forward.
    const back = (await request(c.socket, 'seek', { step: 398 })) as unknown as { snapshot: Snapshot };
    expect(back.snapshot.status).toMatchObject({ paused: true, step: 398 });
    expect(back.snapshot.status.pausedReason).toBeUndefined();
    expect(await request(c.socket, 'stepOnce', {})).toMatchObject({ ok: true, status: { step: 399 } });
    expect(c.steps.at(-1)).toEqual(stored[398]);
  });

  it('answers timeline with the markers of the run; a live town refuses it', async () => {
    const v = viewer();
    await v.firstSnapshot;
    const answer = (await request(v.socket, 'timeline', {})) as unknown as { ok: true; markers: unknown[] };
    expect(answer.ok).toBe(true);
    expect(answer.markers).toEqual(replay.markers());
  });

  it('leaves the file as it was', () => {
    const store = SimulationStore.open(db, { readonly: true });
    expect(store.stepLogHash()).toBe(hash);
    store.close();
  });

  it('a live town refuses seek', async () => {
    const t = await startTestTown();
    try {
      const c = connectViewer(t.url, 'secret-token');
      await c.firstSnapshot;
      expect(c.snapshots[0].replay).toBeUndefined();
      expect(await request(c.socket, 'seek', { step: 0 })).toEqual({ ok: false, error: expect.stringContaining('seek works only in a replay') });
      expect(await request(c.socket, 'timeline', {})).toEqual({ ok: false, error: expect.stringContaining('timeline works only in a replay') });
      c.socket.close();
    } finally {
      await t.cleanup();
    }
  });
});

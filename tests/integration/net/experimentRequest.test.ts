/**
 * The `experiment` request over real sockets, in a replay: the panel's figures follow the step
 * shown (a seek moves them), anyone may ask, and a server without a simulation file says so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTown } from '../../../server/cli/town';
import { LiveExperimentSource, type LiveExperiment } from '../../../server/experiments/live';
import { ReplaySource } from '../../../server/net/replay';
import { createHamletServer, type HamletServer } from '../../../server/net/server';
import { SimulationStore } from '../../../server/store/simulationStore';
import { writeMiniTown } from '../../support/miniTown';
import { connectViewer, ManualTimers, request, type Viewer } from './helpers';

const TOKEN = 'experiment-secret-token';

describe('the experiment request in a replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hamlet-experiment-net-'));
  const db = join(dir, 'run.db');
  let replay: ReplaySource;
  let figures: SimulationStore;
  let server: HamletServer;
  let bare: HamletServer;
  let url = '';
  let bareUrl = '';
  const viewers: Viewer[] = [];

  beforeAll(async () => {
    const files = writeMiniTown(join(dir, 'town'));
    const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: db, seed: 3, snapshotEverySteps: 100 });
    while (town.sim.state.step < 720) await town.sim.step();
    town.store.close();
    replay = ReplaySource.open(db);
    figures = SimulationStore.open(db, { readonly: true });
    server = createHamletServer({ replay, token: TOKEN, clientDir: null, runner: { timers: new ManualTimers(), paused: true }, experiment: new LiveExperimentSource(figures, () => replay.state.step) });
    ({ url } = await server.listen(0));
    bare = createHamletServer({ replay, clientDir: null, runner: { timers: new ManualTimers(), paused: true } });
    ({ url: bareUrl } = await bare.listen(0));
  });
  afterAll(async () => {
    for (const v of viewers) v.socket.close();
    await server.close();
    await bare.close();
    replay.close();
    figures.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers anyone with the figures up to the step shown, and follows a seek', async () => {
    const watcher = connectViewer(url);
    const controller = connectViewer(url, TOKEN);
    viewers.push(watcher, controller);
    await watcher.firstSnapshot;
    await controller.firstSnapshot;
    const first = await request(watcher.socket, 'experiment', {});
    expect(first).toMatchObject({ ok: true, experiment: { step: 0, hours: 0, scenario: null, condition: 'full architecture', mind: 'rule-based (no language model)' } });
    expect((await request(controller.socket, 'seek', { step: 540 })).ok).toBe(true);
    const later = await request(watcher.socket, 'experiment', {});
    expect(later).toMatchObject({ ok: true, experiment: { step: 540, hours: 1.5 } });
    const x = (later as unknown as { experiment: LiveExperiment }).experiment;
    expect(x.cost.callsPerAgentHour).toBe(0);
    expect(x.cost.budget).toMatchObject({ calls: 15, tokens: 8000 });
    expect(x.agents.length).toBeGreaterThan(0);
    expect(await request(watcher.socket, 'experiment', { extra: 1 } as never)).toMatchObject({ ok: false });
  });

  it('says so when the server has no file to read the figures from', async () => {
    const v = connectViewer(bareUrl);
    viewers.push(v);
    await v.firstSnapshot;
    expect(await request(v.socket, 'experiment', {})).toEqual({ ok: false, error: 'no experiment figures: this server has no simulation file to read them from' });
  });
});

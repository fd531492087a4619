/**
 * ReplaySource rebuilds any step of a stored run from its snapshots and step log: the state it
 * rebuilds must be what the live run showed at that step (real engine, real SQLite file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTown } from '../../../server/cli/town';
import type { SimState } from '../../../server/engine/types';
import { ReplaySource, ReplayEndError } from '../../../server/net/replay';
import { agentView, conversationViews } from '../../../server/net/views';
import { writeMiniTown } from '../../support/miniTown';

/** What viewers see of a state (the snapshot's parts). */
function seen(state: Readonly<SimState>) {
  return { step: state.step, agents: state.agents.map(agentView), objects: { ...state.objects }, conversations: conversationViews(state), events: state.events.map((e) => ({ ...e })) };
}

const STEPS = 760;
const CHECK = [0, 1, 57, 99, 100, 101, 250, 333, 500, 699, 700, 759, STEPS];

describe('ReplaySource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hamlet-replay-'));
  const db = join(dir, 'run.db');
  const live = new Map<number, ReturnType<typeof seen>>();
  let liveTotalHash = '';

  beforeAll(async () => {
    const files = writeMiniTown(join(dir, 'town'));
    const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: db, seed: 7, snapshotEverySteps: 100 });
    // An injected event, an object state and a cancelled one: the replay must show them as live did.
    town.sim.enqueueAt(40, { kind: 'event', id: 'party', address: 'Minitown:Corner Cafe:cafe floor', description: 'a party starts', durationSteps: 300 });
    town.sim.enqueueAt(45, { kind: 'event', id: 'later', address: 'Minitown:Corner Cafe', description: 'a delivery', atStep: 600 });
    town.sim.enqueueAt(300, { kind: 'cancel', eventId: 'later' });
    town.sim.enqueueAt(310, { kind: 'announcement', id: 'bell', text: 'the bell rings', durationSteps: 100 });
    live.set(0, structuredClone(seen(town.sim.state)));
    while (town.sim.state.step < STEPS) {
      await town.sim.step();
      if (CHECK.includes(town.sim.state.step)) live.set(town.sim.state.step, structuredClone(seen(town.sim.state)));
    }
    liveTotalHash = town.store.stepLogHash();
    town.sim.snapshot();
    town.store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rebuilds every checked step exactly as the live run showed it', () => {
    const replay = ReplaySource.open(db);
    try {
      expect(replay.firstStep).toBe(0);
      expect(replay.lastStep).toBe(STEPS);
      // In an order that jumps back and forth across snapshots.
      for (const step of [...CHECK].reverse().concat(CHECK)) {
        expect(seen(replay.stateAt(step)), `step ${step}`).toEqual(live.get(step));
      }
    } finally {
      replay.close();
    }
  });

  it('plays stored steps in order from a seek, and stops at the end', async () => {
    const replay = ReplaySource.open(db);
    try {
      const heard: number[] = [];
      replay.onStep((delta) => heard.push(delta.step));
      replay.seek(95);
      for (let i = 0; i < 10; i++) await replay.step();
      expect(heard).toEqual([95, 96, 97, 98, 99, 100, 101, 102, 103, 104]);
      replay.seek(99);
      for (let i = 0; i < 2; i++) await replay.step();
      expect(seen(replay.state)).toEqual(live.get(101));
      replay.seek(STEPS - 1);
      await replay.step();
      expect(seen(replay.state)).toEqual(live.get(STEPS));
      await expect(replay.step()).rejects.toBeInstanceOf(ReplayEndError);
      // Seeks outside the run are clamped.
      expect(replay.seek(99_999).step).toBe(STEPS);
      expect(replay.seek(-5).step).toBe(0);
    } finally {
      replay.close();
    }
  });

  it('lists the timeline markers: conversations, events where they begin, no cancelled one', () => {
    const replay = ReplaySource.open(db);
    try {
      const markers = replay.markers();
      const events = markers.filter((m) => m.kind === 'event');
      expect(events).toEqual([
        { step: 40, kind: 'event', label: 'a party starts' },
        { step: 310, kind: 'event', label: 'the bell rings' },
      ]);
      const steps = markers.map((m) => m.step);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      expect(markers.filter((m) => m.kind === 'conversation').every((m) => / talks with /.test(m.label))).toBe(true);
    } finally {
      replay.close();
    }
  });

  it('never writes to the file', async () => {
    const replay = ReplaySource.open(db);
    replay.seek(500);
    for (let i = 0; i < 20; i++) await replay.step();
    replay.close();
    const { SimulationStore } = await import('../../../server/store/simulationStore');
    const store = SimulationStore.open(db, { readonly: true });
    expect(store.stepLogHash()).toBe(liveTotalHash);
    expect(store.stepCount()).toBe(STEPS);
    store.close();
  });
});

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTown } from '../../../server/cli/town';
import { SimulationStore } from '../../../server/store/simulationStore';
import { writeMiniTown } from '../../support/miniTown';

const town = writeMiniTown();
afterAll(() => rmSync(town.dir, { recursive: true, force: true }));

async function run(seed: number, steps: number, db = ':memory:') {
  const t = await openTown({ mapPath: town.mapPath, personasPath: town.personasPath, dbPath: db, seed, snapshotEverySteps: 100 });
  for (let i = 0; i < steps; i++) await t.sim.step();
  t.sim.snapshot();
  return t;
}

describe('simulation on the mini town', () => {
  it('is deterministic: the same seed gives an identical step log, another seed a different one', async () => {
    const a = await run(7, 1500);
    const b = await run(7, 1500);
    const c = await run(8, 1500);
    expect(a.store.stepCount()).toBe(1500);
    expect(a.store.stepLogHash()).toBe(b.store.stepLogHash());
    expect(c.store.stepLogHash()).not.toBe(a.store.stepLogHash());
  });

  it('moves agents one tile per step, only onto walkable tiles', async () => {
    const t = await run(3, 0);
    const navigatorWalkable = (x: number, y: number) => t.map.blocked[y * t.map.width + x] === 0;
    let previous = new Map(t.sim.state.agents.map((a) => [a.id, { ...a.tile }]));
    let moves = 0;
    for (let i = 0; i < 1200; i++) {
      await t.sim.step();
      for (const agent of t.sim.state.agents) {
        const before = previous.get(agent.id)!;
        const d = Math.abs(before.x - agent.tile.x) + Math.abs(before.y - agent.tile.y);
        expect(d).toBeLessThanOrEqual(1);
        expect(navigatorWalkable(agent.tile.x, agent.tile.y)).toBe(true);
        moves += d;
      }
      previous = new Map(t.sim.state.agents.map((a) => [a.id, { ...a.tile }]));
    }
    expect(moves).toBeGreaterThan(10);
  });

  it('lives: people leave home for the cafe, greet each other and go to sleep', async () => {
    const t = await run(1, 0);
    const seen = new Set<string>();
    let greetings = 0;
    for (let i = 0; i < t.sim.clock.stepsPerDay; i++) {
      const delta = await t.sim.step();
      greetings += delta.conversationsStarted?.length ?? 0;
      for (const agent of t.sim.state.agents) if (agent.path.length === 0) seen.add(`${agent.id}@${agent.action.address}`);
    }
    expect([...seen].some((s) => s.includes('Corner Cafe'))).toBe(true);
    expect(greetings).toBeGreaterThan(0);
    expect(t.sim.state.agents.every((a) => a.sleeping)).toBe(true); // 06:00 next day
  });

  it('stores steps, snapshots and inputs, and resumes to the same log as an uninterrupted run', async () => {
    const dbA = join(town.dir, 'straight.db');
    const dbB = join(town.dir, 'resumed.db');
    const straight = await run(5, 700, dbA);
    straight.store.close();

    const first = await run(5, 350, dbB);
    first.store.close();
    const resumed = await openTown({ dbPath: dbB, resume: true });
    expect(resumed.startStep).toBe(350);
    for (let i = 0; i < 350; i++) await resumed.sim.step();
    resumed.store.close();

    const a = SimulationStore.open(dbA, { readonly: true });
    const b = SimulationStore.open(dbB, { readonly: true });
    expect(b.stepCount()).toBe(700);
    expect(b.stepLogHash()).toBe(a.stepLogHash());
    expect(b.meta.seed).toBe(5);
    expect((b.meta.map as { width: number }).width).toBe(24);
    const last = [...a.readSteps(699)];
    expect(last).toHaveLength(1);
    expect(last[0].step).toBe(699);
    a.close();
    b.close();
  });

  it('resumes after a crash by re-simulating from the last snapshot', async () => {
    const db = join(town.dir, 'crash.db');
    const t = await run(9, 250, db); // snapshots at 0, 100, 200, 250
    // Simulate a crash: steps past the latest snapshot without a final snapshot.
    for (let i = 0; i < 30; i++) await t.sim.step();
    t.store.db.prepare('DELETE FROM snapshots WHERE step = 250').run();
    t.store.close();
    const resumed = await openTown({ dbPath: db, resume: true });
    expect(resumed.startStep).toBe(200);
    expect(resumed.store.stepCount()).toBe(200);
    resumed.store.close();
  });

  it('applies injected events and records inputs', async () => {
    const t = await run(2, 10);
    t.sim.enqueue({ kind: 'event', address: 'Minitown:Corner Cafe:cafe floor:counter', description: 'the counter is flooded', durationSteps: 5 });
    const delta = await t.sim.step();
    expect(delta.events?.[0].description).toBe('the counter is flooded');
    expect(t.sim.state.events).toHaveLength(1);
    for (let i = 0; i < 7; i++) await t.sim.step();
    expect(t.sim.state.events).toHaveLength(0);
    expect(t.store.inputs()).toEqual([{ step: 10, input: expect.objectContaining({ kind: 'event' }) }]);
  });

  it('refuses to overwrite an existing file unless asked', async () => {
    const db = join(town.dir, 'exists.db');
    (await run(1, 1, db)).store.close();
    await expect(openTown({ mapPath: town.mapPath, personasPath: town.personasPath, dbPath: db })).rejects.toThrow(/--resume.*--overwrite/);
    const again = await openTown({ mapPath: town.mapPath, personasPath: town.personasPath, dbPath: db, overwrite: true });
    expect(again.store.stepCount()).toBe(0);
    again.store.close();
  });
});

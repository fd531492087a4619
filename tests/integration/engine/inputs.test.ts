import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTown, type Town } from '../../../server/cli/town';
import { addPendingInput, pendingInputs } from '../../../server/store/pendingInputs';
import { writeMiniTown } from '../../support/miniTown';

const files = writeMiniTown();
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

const open = (dbPath = ':memory:', resume = false) =>
  openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath, seed: 5, snapshotEverySteps: 100, resume, overwrite: !resume });

async function stepTo(town: Town, step: number, inputs: Record<number, Parameters<Town['sim']['enqueue']>[0][]> = {}) {
  while (town.sim.state.step < step) {
    for (const input of inputs[town.sim.state.step] ?? []) town.sim.enqueue(input);
    await town.sim.step();
  }
}

const COFFEE = 'Minitown:Corner Cafe:cafe floor:coffee machine';

describe('injected inputs in the engine', () => {
  it('a scheduled event waits in the state until its step and can be cancelled before it starts', async () => {
    const town = await open();
    await stepTo(town, 10);
    town.sim.enqueue({ kind: 'event', id: 'party', address: 'Minitown:Corner Cafe:cafe floor', description: 'a party starts', atStep: 20, durationSteps: 30 });
    town.sim.enqueue({ kind: 'event', id: 'gone', address: 'Minitown:Corner Cafe', description: 'a delivery arrives', atStep: 25 });
    const delta = await town.sim.step();
    expect(delta.inputs).toHaveLength(2);
    expect(delta.events?.map((e) => [e.id, e.step, e.expiresStep])).toEqual([['party', 20, 50], ['gone', 25, 205]]);
    town.sim.enqueue({ kind: 'cancel', eventId: 'gone' });
    await town.sim.step();
    expect(town.sim.state.events.map((e) => e.id)).toEqual(['party']);
    await stepTo(town, 30);
    town.sim.enqueue({ kind: 'cancel', eventId: 'party' }); // started: it runs its course
    await town.sim.step();
    expect(town.sim.state.events.map((e) => e.id)).toEqual(['party']);
    await stepTo(town, 52);
    expect(town.sim.state.events).toEqual([]);
  });

  it('an object state change shows while it lasts; an announcement is town-wide', async () => {
    const town = await open();
    town.sim.enqueue({ kind: 'objectState', address: COFFEE, state: 'on fire', durationSteps: 5 });
    town.sim.enqueue({ kind: 'announcement', text: 'The mayor declares a holiday' });
    const first = await town.sim.step();
    expect(first.objects).toContainEqual({ address: COFFEE, state: 'on fire' });
    expect(first.events?.[1]).toMatchObject({ address: 'Minitown', townWide: true, description: 'The mayor declares a holiday' });
    expect(town.sim.state.objects[COFFEE]).toBe('on fire');
    await stepTo(town, 7);
    expect(town.sim.state.objects[COFFEE]).toBeUndefined();
  });

  it('a resume re-applies the inputs recorded after the snapshot, at their steps: the log equals an uninterrupted run', async () => {
    const inputs = { 120: [{ kind: 'event' as const, address: 'Minitown:Corner Cafe', description: 'a band plays' }], 130: [{ kind: 'objectState' as const, address: COFFEE, state: 'broken' }] };
    const whole = await open();
    await stepTo(whole, 250, inputs);

    const db = join(files.dir, 'resume.db');
    const first = await open(db);
    await stepTo(first, 150, inputs); // "crashes" at 150: the last snapshot is at 100
    first.store.close();
    const resumed = await open(db, true);
    expect(resumed.startStep).toBe(100);
    await stepTo(resumed, 250);
    expect(resumed.store.stepLogHash()).toBe(whole.store.stepLogHash());
    resumed.store.close();
  });

  it('inputs added to a stored run wait for --resume and are applied on its first step, once', async () => {
    const db = join(files.dir, 'pending.db');
    const town = await open(db);
    await stepTo(town, 100);
    town.store.close();
    const { openDatabase } = await import('../../../server/store/database');
    const raw = openDatabase(db);
    addPendingInput(raw, { kind: 'announcement', text: 'Free cake at the cafe' });
    raw.close();
    const resumed = await open(db, true);
    const delta = await resumed.sim.step();
    expect(delta.step).toBe(100);
    expect(delta.inputs).toEqual([{ kind: 'announcement', text: 'Free cake at the cafe' }]);
    expect(pendingInputs(resumed.store.db)).toEqual([]);
    expect(resumed.store.inputs().map((r) => r.step)).toEqual([100]);
    resumed.store.close();
  });
});

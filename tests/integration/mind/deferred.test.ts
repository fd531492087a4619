/**
 * The deferred-result rule (server/mind/generative/deferred.ts): model work started at step s is
 * used at a fixed later step, so the step log does not depend on how long the model takes, and a
 * snapshot taken while work is pending resumes to the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dueAfter } from '../../../server/mind/generative/deferred';
import { readScratch } from '../../../server/mind/generative/scratch';
import { writeMiniTown } from '../../support/miniTown';
import { seededRandom } from '../../support/seededRandom';
import { expectSameRun, openGenerativeTown, runDump, slowTownModel } from './helpers';
import { asAgentId } from '../../../server/engine/ids';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-deferred-'));
const mini = writeMiniTown(join(dir, 'mini'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = '2026-02-13T07:50';
const STEPS = 600;

describe('deferred model results', () => {
  it('give the same step log and memories at 0 ms, 50 ms and random latencies', async () => {
    const seed = Number(process.env.HAMLET_JITTER_SEED ?? 7);
    const random = seededRandom(seed);
    const runs = [];
    let pendingSeen = 0;
    const reactionsDeferred = new Set<string>();
    for (const llm of [slowTownModel(0), slowTownModel(50), slowTownModel(() => Math.floor(random() * 120))]) {
      const town = await openGenerativeTown({ ...mini, llm, startTime: START, config: { concurrency: 4 } });
      for (let i = 0; i < STEPS; i++) {
        await town.sim.step();
        pendingSeen = Math.max(pendingSeen, town.mind.pendingWork().length);
        for (const e of town.mind.pendingWork()) if (e.kind === 'react') reactionsDeferred.add(e.key);
      }
      expect(town.mind.problems).toEqual([]);
      runs.push(runDump(town.store, STEPS));
      town.store.close();
    }
    // Work really was pending across steps (ratings, closings, reflections, reactions), and conversations happened.
    expect(pendingSeen).toBeGreaterThan(0);
    expect(reactionsDeferred.size, 'reaction decisions were deferred').toBeGreaterThan(0);
    expect(runs[0].memories).toContain('"type":"chat"');
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2], `random latencies, seed ${seed} (set HAMLET_JITTER_SEED to repeat)`).toEqual(runs[0]);
  }, 120_000);

  it('resume from a snapshot taken while model work was pending: the same run as a straight one', async () => {
    const straightDb = join(dir, 'straight.db');
    const resumedDb = join(dir, 'resumed.db');
    const straight = await openGenerativeTown({ ...mini, dbPath: straightDb, llm: slowTownModel(0), startTime: START, snapshotEverySteps: 60 });
    for (let i = 0; i < STEPS; i++) await straight.sim.step();
    straight.store.close();

    // A run with a slow model that crashes at step 330 (no final snapshot): the resume starts at 300.
    const random = seededRandom(3);
    const crashed = await openGenerativeTown({ ...mini, dbPath: resumedDb, llm: slowTownModel(() => Math.floor(random() * 60)), startTime: START, snapshotEverySteps: 60 });
    for (let i = 0; i < 330; i++) await crashed.sim.step();
    const snapshot = crashed.store.snapshotAtOrBefore(330)!;
    expect(snapshot.step).toBe(300);
    const pending = readScratch(snapshot.mind).deferred ?? [];
    expect(pending.length, 'the snapshot holds pending work').toBeGreaterThan(0);
    // Each pending entry is due at or after the snapshot step, after its start, on the landing grid.
    for (const e of pending) {
      expect(e.dueStep).toBeGreaterThanOrEqual(300);
      expect(e.dueStep).toBeGreaterThan(e.startStep);
      // (a look-ahead decomposition lands as its piece begins instead; a reaction on its 1-minute grid)
      if (e.kind === 'react') expect(e.dueStep % 6, 'on the 1-minute reaction grid').toBe(0);
      else if (e.kind !== 'decompose') expect(e.dueStep % 30, 'on the 5-minute landing grid').toBe(0);
    }
    crashed.store.close();

    const resumed = await openGenerativeTown({ dbPath: resumedDb, resume: true, llm: slowTownModel(20) });
    expect(resumed.startStep).toBe(300);
    for (let i = 300; i < STEPS; i++) await resumed.sim.step();
    expect(resumed.mind.problems).toEqual([]);
    resumed.store.close();

    expectSameRun(straightDb, resumedDb, STEPS);
  }, 120_000);
});

describe('deferred reaction decisions', () => {
  it('resume from a snapshot taken while a reaction decision was pending: the same run as a straight one', async () => {
    const straightDb = join(dir, 'react-straight.db');
    const resumedDb = join(dir, 'react-resumed.db');
    const straight = await openGenerativeTown({ ...mini, dbPath: straightDb, llm: slowTownModel(0), startTime: START, snapshotEverySteps: 6 });
    for (let i = 0; i < STEPS; i++) await straight.sim.step();
    straight.store.close();

    // A run with a slow model that crashes 3 steps after the first snapshot holding a pending reaction.
    const random = seededRandom(5);
    const crashed = await openGenerativeTown({ ...mini, dbPath: resumedDb, llm: slowTownModel(() => Math.floor(random() * 60)), startTime: START, snapshotEverySteps: 6 });
    let snapshotStep = -1;
    for (let i = 0; i < STEPS && snapshotStep < 0; i++) {
      await crashed.sim.step();
      const snapshot = crashed.store.snapshotAtOrBefore(crashed.sim.state.step);
      if (snapshot && (readScratch(snapshot.mind).deferred ?? []).some((e) => e.kind === 'react')) snapshotStep = snapshot.step;
    }
    expect(snapshotStep, 'a snapshot with a reaction pending').toBeGreaterThan(0);
    const pending = (readScratch(crashed.store.snapshotAtOrBefore(snapshotStep)!.mind).deferred ?? []).filter((e) => e.kind === 'react');
    for (const e of pending) expect(e.dueStep).toBeGreaterThanOrEqual(snapshotStep);
    for (let i = 0; i < 3; i++) await crashed.sim.step();
    crashed.store.close();

    const resumed = await openGenerativeTown({ dbPath: resumedDb, resume: true, llm: slowTownModel(20) });
    expect(resumed.startStep).toBe(snapshotStep);
    for (let i = snapshotStep; i < STEPS; i++) await resumed.sim.step();
    expect(resumed.mind.problems).toEqual([]);
    resumed.store.close();

    expectSameRun(straightDb, resumedDb, STEPS);
  }, 120_000);
});

describe('look-ahead decompositions', () => {
  it('start when the piece before begins and land as their own piece begins: no step waits for a piece it does not need yet', async () => {
    const llm = slowTownModel(0);
    const town = await openGenerativeTown({ ...mini, llm, startTime: START });
    const landed: { agent: string; start: number; dueStep: number; startStep: number }[] = [];
    const waiting = new Map<string, { agent: string; day: number; start: number; dueStep: number; startStep: number }>();
    for (let i = 0; i < STEPS; i++) {
      const step = town.sim.state.step;
      // Due now: still undecomposed before the step runs.
      for (const [key, e] of waiting) {
        if (e.dueStep !== step) continue;
        const chunk = town.mind.scratchOf(asAgentId(e.agent))!.plan!.chunks.find((c) => c.start === e.start)!;
        expect(chunk.tasks, key).toBeNull();
      }
      await town.sim.step();
      for (const [key, e] of waiting) {
        if (e.dueStep !== step) continue;
        const plan = town.mind.scratchOf(asAgentId(e.agent))!.plan!;
        if (plan.day === e.day) expect(plan.chunks.find((c) => c.start === e.start)!.tasks, key).not.toBeNull();
        landed.push({ agent: e.agent, start: e.start, dueStep: e.dueStep, startStep: e.startStep });
        waiting.delete(key);
      }
      for (const e of town.mind.pendingWork()) {
        if (e.kind !== 'decompose' || waiting.has(e.key)) continue;
        const context = e.context as { day: number; start: number };
        // Due at the first step of its piece, a whole piece after it was started.
        expect(e.dueStep).toBe(town.sim.clock.stepAt(context.day + context.start * 60_000));
        waiting.set(e.key, { agent: e.agentId, day: context.day, start: context.start, dueStep: e.dueStep, startStep: e.startStep });
      }
    }
    expect(landed.length).toBeGreaterThan(3);
    // Their calls are tagged with the step they land at; no decomposition call of a look-ahead piece is tagged earlier.
    const tagged = llm.callsFor('decomposeBlock').map((r) => `${r.tag?.agentId}@${r.tag?.step}`);
    for (const l of landed) expect(tagged).toContain(`${l.agent}@${l.dueStep}`);
    town.store.close();
  }, 120_000);
});

describe('dueAfter', () => {
  it('lands at least the delay later (at least one step), on the next multiple of the landing interval', () => {
    const stepMs = 10_000; // 6 steps per game minute
    expect(dueAfter(0, 5, stepMs, 5)).toBe(30);
    expect(dueAfter(1, 5, stepMs, 5)).toBe(60);
    expect(dueAfter(30, 5, stepMs, 5)).toBe(60);
    expect(dueAfter(7, 1, stepMs, 5)).toBe(30);
    expect(dueAfter(7, 0, stepMs, 0)).toBe(8);
    expect(dueAfter(29, 0, stepMs, 5)).toBe(30);
    expect(dueAfter(30, 0, stepMs, 5)).toBe(60);
  });
});

/**
 * conversationLinesPerCall > 1: one speakLines call writes the next lines of both speakers, and
 * they are said one per step from the mind's scratch. The step log must not depend on how long
 * the model takes, and a snapshot taken while lines are written ahead must resume to the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readScratch } from '../../../server/mind/generative/scratch';
import { writeMiniTown } from '../../support/miniTown';
import { seededRandom } from '../../support/seededRandom';
import { createTownScriptModel } from '../../support/townScript';
import { expectSameRun, openGenerativeTown, runDump, slowTownModel } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-lines-'));
const mini = writeMiniTown(join(dir, 'mini'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = '2026-02-13T07:50';
const STEPS = 600;
const config = { conversationLinesPerCall: 16, concurrency: 4 };

describe('conversation lines written ahead (conversationLinesPerCall 16)', () => {
  it('give the same step log and memories at 0 ms, 50 ms and random latencies', async () => {
    const seed = Number(process.env.HAMLET_JITTER_SEED ?? 7);
    const random = seededRandom(seed);
    const runs = [];
    let aheadSeen = 0;
    for (const llm of [slowTownModel(0), slowTownModel(50), slowTownModel(() => Math.floor(random() * 120))]) {
      const town = await openGenerativeTown({ ...mini, llm, startTime: START, config });
      for (let i = 0; i < STEPS; i++) {
        await town.sim.step();
        aheadSeen = Math.max(aheadSeen, Object.values(town.mind.linesAhead()).reduce((n, l) => n + l.length, 0));
      }
      expect(town.mind.problems).toEqual([]);
      // One call wrote several lines: no speak call at all, and lines were waiting for their steps.
      expect(llm.callsFor('speak')).toHaveLength(0);
      expect(llm.callsFor('speakLines').length).toBeGreaterThan(0);
      runs.push(runDump(town.store, STEPS));
      town.store.close();
    }
    expect(aheadSeen).toBeGreaterThan(1);
    // Conversations of more than two lines happened and were remembered with their transcripts.
    const chats = (JSON.parse(runs[0].memories) as { type: string; transcript: string | null }[]).filter((m) => m.type === 'chat');
    expect(chats.length).toBeGreaterThan(0);
    expect(Math.max(...chats.map((c) => (JSON.parse(c.transcript ?? '[]') as unknown[]).length))).toBeGreaterThan(3);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2], `random latencies, seed ${seed} (set HAMLET_JITTER_SEED to repeat)`).toEqual(runs[0]);
  }, 120_000);

  it('a town whose model breaks a third of its answers keeps talking: speakLines repairs, retries or falls back, the mind has no problems', async () => {
    const llm = createTownScriptModel({ talkRate: 1, malformedRate: 0.3 });
    const town = await openGenerativeTown({ ...mini, llm, startTime: START, config });
    for (let i = 0; i < STEPS; i++) await town.sim.step();
    expect(town.mind.problems).toEqual([]);
    const counts = town.mind.counters.snapshot().speakLines;
    expect(counts.ok + counts.repaired + counts.retried + counts.failSafe).toBeGreaterThan(0);
    expect(llm.callsFor('speak')).toHaveLength(0);
    const chats = town.store.db.prepare("SELECT COUNT(*) AS n FROM memories WHERE type = 'chat'").get() as { n: number };
    expect(chats.n).toBeGreaterThan(0);
    town.store.close();
  }, 120_000);

  it('resume from a snapshot taken while a conversation had lines written ahead: the same run as a straight one', async () => {
    const straightDb = join(dir, 'straight.db');
    const resumedDb = join(dir, 'resumed.db');
    const every = 10;
    const straight = await openGenerativeTown({ ...mini, dbPath: straightDb, llm: slowTownModel(0), startTime: START, snapshotEverySteps: every, config });
    for (let i = 0; i < STEPS; i++) await straight.sim.step();
    // The first snapshot with lines written ahead and not said yet.
    let at = -1;
    for (let s = every; s < STEPS - every && at < 0; s += every) {
      const snap = straight.store.snapshotAtOrBefore(s);
      if (snap && snap.step === s && Object.keys(readScratch(snap.mind).ahead ?? {}).length) at = s;
    }
    straight.store.close();
    expect(at, 'a snapshot holds lines written ahead').toBeGreaterThan(0);

    // A run with a slow model that crashes a few steps after that snapshot (no final snapshot).
    const random = seededRandom(3);
    const crashed = await openGenerativeTown({ ...mini, dbPath: resumedDb, llm: slowTownModel(() => Math.floor(random() * 60)), startTime: START, snapshotEverySteps: every, config });
    for (let i = 0; i < at + every / 2; i++) await crashed.sim.step();
    crashed.store.close();

    const resumed = await openGenerativeTown({ dbPath: resumedDb, resume: true, llm: slowTownModel(20), config });
    expect(resumed.startStep).toBe(at);
    expect(Object.keys(resumed.mind.linesAhead()).length, 'the resumed mind holds the lines written ahead').toBeGreaterThan(0);
    for (let i = at; i < STEPS; i++) await resumed.sim.step();
    expect(resumed.mind.problems).toEqual([]);
    resumed.store.close();

    expectSameRun(straightDb, resumedDb, STEPS);
  }, 180_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAP } from '../../../server/cli/town';
import { SimulationStore } from '../../../server/store/simulationStore';
import { ScriptedModel } from '../../support/scriptedModel';
import { writeMiniTown } from '../../support/miniTown';
import { createTownScriptModel } from '../../support/townScript';
import { memoryRows, openGenerativeTown } from './helpers';
import { seededRandom } from '../../support/seededRandom';
import { asAgentId } from '../../../server/engine/ids';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-mind-'));
const mini = writeMiniTown(join(dir, 'mini'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything of the memories table but nothing that depends on wall-clock time. */
function memoryDump(db: SimulationStore['db']): string {
  return JSON.stringify(db.prepare('SELECT * FROM memories ORDER BY id').all());
}

async function gameDay(seed: number) {
  const town = await openGenerativeTown({ mapPath: DEFAULT_MAP, agentLimit: 5, seed, llm: createTownScriptModel({ talkRate: 0.8 }) });
  let conversations = 0;
  const slept = new Set<string>();
  const participants = new Map<string, [string, string]>();
  const ended: [string, string][] = [];
  for (let i = 0; i < town.sim.clock.stepsPerDay; i++) {
    const delta = await town.sim.step();
    conversations += delta.conversationsStarted?.length ?? 0;
    for (const c of delta.conversationsStarted ?? []) participants.set(c.id, c.participants);
    for (const id of delta.conversationsEnded ?? []) ended.push(participants.get(id)!);
    for (const a of delta.agents ?? []) if (a.sleeping) slept.add(a.id);
  }
  return { town, conversations, slept, ended };
}

describe('a game day of five generative agents on the Hamlet map', () => {
  it('produces plans, conversations and reflections, and repeats exactly for the same seed and answers', async () => {
    const first = await gameDay(3);
    const { town } = first;
    const llm = town.llm as ScriptedModel;
    const rows = memoryRows(town.store.db);
    const agents = town.personas.map((p) => p.id);
    expect(agents).toHaveLength(5);
    // Plans: one per agent per day (the day starts 06:00, so the next day's plan is made at midnight).
    expect(llm.callsFor('planDay')).toHaveLength(10);
    for (const id of agents) expect(rows.filter((m) => m.agent_id === id && m.type === 'plan')).toHaveLength(2);
    // Conversations, remembered by both sides.
    expect(first.conversations).toBeGreaterThan(0);
    // Each participant of each ended conversation keeps a chat memory of it, naming the partner
    // (counted per ordered pair: a pair may talk more than once in a day).
    expect(first.ended.length).toBeGreaterThan(0);
    const nameOf = new Map(town.personas.map((p) => [p.id, p.name]));
    const chatsAbout = (self: string, partner: string) => rows.filter((m) => m.type === 'chat' && m.agent_id === self && (m as unknown as { object: string }).object === nameOf.get(asAgentId(partner))).length;
    const expected = new Map<string, number>();
    for (const [a, b] of first.ended) {
      expected.set(`${a}>${b}`, (expected.get(`${a}>${b}`) ?? 0) + 1);
      expected.set(`${b}>${a}`, (expected.get(`${b}>${a}`) ?? 0) + 1);
    }
    for (const [pair, n] of expected) {
      const [self, partner] = pair.split('>');
      expect(chatsAbout(self, partner), `${self} remembers talking with ${partner}`).toBeGreaterThanOrEqual(n);
    }
    // Reflections: thoughts that rest on evidence drawn by reflection.
    expect(llm.callsFor('reflectQuestions').length).toBeGreaterThan(0);
    const reflections = town.store.db.prepare("SELECT evidence, depth FROM memories WHERE type = 'thought' AND predicate = 'reflects'").all() as { evidence: string; depth: number }[];
    expect(reflections.length).toBeGreaterThan(0);
    for (const r of reflections) expect(r.depth).toBeGreaterThanOrEqual(1);
    expect(reflections.some((r) => JSON.parse(r.evidence).length > 0)).toBe(true);
    // Everyone went to bed at night.
    expect([...first.slept].sort()).toEqual([...agents].sort());
    expect(town.mind.problems).toEqual([]);

    const second = await gameDay(3);
    expect(second.town.store.stepLogHash()).toBe(town.store.stepLogHash());
    expect(memoryDump(second.town.store.db)).toBe(memoryDump(town.store.db));
  }, 60_000);
});

/** Delegates to the town script after a seeded real-time delay, so answers of concurrent calls arrive in any order. */
function jitteryModel(seed: number): ScriptedModel {
  const script = createTownScriptModel({ talkRate: 1 });
  const next = seededRandom(seed);
  return new ScriptedModel({
    name: 'town-script',
    respond: async (request) => {
      await new Promise((r) => setTimeout(r, Math.floor(next() * 4)));
      return (await script.generate(request)).text;
    },
  });
}

describe('robustness and resume on the mini town', () => {
  it('gives the same run whatever order concurrent answers arrive in', async () => {
    const runs = [];
    const seeds = [Number(process.env.HAMLET_JITTER_SEED ?? 1), Number(process.env.HAMLET_JITTER_SEED ?? 1) + 1];
    console.log(`jittery answer delays: seeds ${seeds.join(', ')} (set HAMLET_JITTER_SEED to repeat)`);
    for (const llm of [createTownScriptModel({ talkRate: 1 }), ...seeds.map(jitteryModel)]) {
      const town = await openGenerativeTown({ ...mini, llm, startTime: '2026-02-13T07:50', config: { concurrency: 3 } });
      for (let i = 0; i < 700; i++) await town.sim.step();
      runs.push({ log: town.store.stepLogHash(), memories: memoryDump(town.store.db), conversations: town.store.db.prepare("SELECT COUNT(*) AS n FROM memories WHERE type = 'chat'").get() });
    }
    expect((runs[0].conversations as { n: number }).n).toBeGreaterThan(0);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  }, 30_000);

  it('survives malformed answers: repairs, retries and fail-safes, never a crash', async () => {
    const town = await openGenerativeTown({ ...mini, llm: createTownScriptModel({ malformedRate: 0.4, talkRate: 1 }) });
    let conversations = 0;
    for (let i = 0; i < 2200; i++) conversations += (await town.sim.step()).conversationsStarted?.length ?? 0;
    expect(town.sim.state.step).toBe(2200);
    const counts = Object.values(town.mind.counters.snapshot());
    expect(counts.reduce((n, c) => n + c.repaired, 0)).toBeGreaterThan(0);
    expect(counts.reduce((n, c) => n + c.retried, 0)).toBeGreaterThan(0);
    expect(conversations).toBeGreaterThan(0);
    for (const p of town.personas) expect(town.mind.scratchOf(p.id)!.plan).not.toBeNull();
    expect(town.mind.problems).toEqual([]);
    // The outcomes are in the call log too.
    const outcomes = town.store.db.prepare('SELECT outcome, COUNT(*) AS n FROM llm_calls GROUP BY outcome').all() as { outcome: string; n: number }[];
    expect(outcomes.map((o) => o.outcome)).toEqual(expect.arrayContaining(['ok', 'repaired', 'retried', 'rejected']));
  });

  it('lives on fail-safes when every answer is unusable', async () => {
    const town = await openGenerativeTown({ ...mini, startTime: '2026-02-13T07:30', llm: createTownScriptModel({ malformedRate: 1, malformations: ['empty', 'truncated'] }) });
    for (let i = 0; i < 900; i++) await town.sim.step();
    const counts = Object.values(town.mind.counters.snapshot());
    expect(counts.reduce((n, c) => n + c.failSafe, 0)).toBeGreaterThan(0);
    expect(counts.reduce((n, c) => n + c.ok, 0)).toBe(0);
    expect(town.mind.problems).toEqual([]);
    expect(memoryRows(town.store.db).length).toBeGreaterThan(0);
  });

  it('runs on fail-safes alone when the model is down: the routine, no crash', async () => {
    const town = await openGenerativeTown({ ...mini, llm: new ScriptedModel({ fallback: new Error('connection refused') }) });
    for (let i = 0; i < 800; i++) await town.sim.step();
    expect(town.mind.problems).toEqual([]);
    const ada = town.mind.scratchOf(asAgentId('ada-ash'))!.plan!;
    expect(ada.blocks.map((b) => b.activity.split(' @ ')[0])).toEqual(expect.arrayContaining(['getting ready for the day', 'having coffee', 'taking a walk']));
    expect(town.sim.state.agents.some((a) => a.action.address.includes('Corner Cafe'))).toBe(true);
  });

  it('an embedder that fails loses that step’s memories but never rejects decide()', async () => {
    const town = await openGenerativeTown({ ...mini, startTime: '2026-02-13T08:00' });
    for (let i = 0; i < 50; i++) await town.sim.step();
    const embedder = (town.mind as unknown as { options: { memory: { embedder: { embedKeyed: (t: readonly string[]) => Promise<unknown> } } } }).options.memory.embedder;
    const real = embedder.embedKeyed.bind(embedder);
    embedder.embedKeyed = () => Promise.reject(new Error('embedding server gone'));
    for (let i = 0; i < 100; i++) await town.sim.step();
    embedder.embedKeyed = real;
    for (let i = 0; i < 100; i++) await town.sim.step();
    expect(town.sim.state.step).toBe(250);
    expect(town.mind.problems.length).toBeGreaterThan(0);
    expect(town.mind.problems.every((p) => /embedding server gone/.test(p.message))).toBe(true);
  });

  it('resumes mid-day to the same step log and memories as an uninterrupted run', async () => {
    const straightDb = join(dir, 'straight.db');
    const resumedDb = join(dir, 'resumed.db');
    const straight = await openGenerativeTown({ ...mini, dbPath: straightDb, snapshotEverySteps: 500, seed: 9 });
    for (let i = 0; i < 1700; i++) await straight.sim.step();
    straight.store.close();

    // A run that stops without a final snapshot (a crash at step 1300): the resume restarts from 1000.
    const crashed = await openGenerativeTown({ ...mini, dbPath: resumedDb, snapshotEverySteps: 500, seed: 9 });
    for (let i = 0; i < 1300; i++) await crashed.sim.step();
    crashed.store.close();
    const resumed = await openGenerativeTown({ dbPath: resumedDb, resume: true });
    expect(resumed.startStep).toBe(1000);
    for (let i = 1000; i < 1700; i++) await resumed.sim.step();
    // The re-simulated stretch was answered from the calls recorded the first time.
    const replayed = (resumed.store.db.prepare('SELECT COUNT(*) AS n FROM llm_calls WHERE cached = 1').get() as { n: number }).n;
    expect(replayed).toBeGreaterThan(0);
    expect(resumed.mind.problems).toEqual([]);
    resumed.store.close();

    const a = SimulationStore.open(straightDb, { readonly: true });
    const b = SimulationStore.open(resumedDb, { readonly: true });
    expect(b.stepCount()).toBe(1700);
    expect(b.stepLogHash()).toBe(a.stepLogHash());
    expect(memoryDump(b.db)).toBe(memoryDump(a.db));
    const calls = (s: SimulationStore) => s.db.prepare('SELECT task, agent_id, step, prompt_hash FROM llm_calls ORDER BY step, agent_id, task, prompt_hash').all();
    expect(calls(b)).toEqual(calls(a));
    a.close();
    b.close();
  });
});

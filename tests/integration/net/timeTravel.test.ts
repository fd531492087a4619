/**
 * Time travel: the replay's inspector shows an agent as of the step shown. Against a real stored
 * generative run (scripted model, real SQLite file): at several steps, the view rebuilt from the
 * file equals what the live mind showed at that step — plans exact between hourly snapshots,
 * memories made later left out — and rule-based runs show what the live inspector showed.
 */
import { FORK_UNAVAILABLE } from '../../../server/net/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generativeMindFor } from '../../../server/cli/minds';
import { openPastRun } from '../../../server/cli/pastRun';
import { openTown } from '../../../server/cli/town';
import { GameClock } from '../../../server/engine/clock';
import { GenerativeMind, resolveGenerativeConfig } from '../../../server/mind/generative/index';
import { SimulationStore } from '../../../server/store/simulationStore';
import { HashEmbedder } from '../../support/scriptedModel';
import { pastInterviewsFor } from '../../../server/cli/commands/replay';
import { resolveLlmConfig } from '../../../server/llm/config';
import { createHamletServer } from '../../../server/net/server';
import { startFakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { townScriptWireAnswer } from '../../support/townScript';
import { connectViewer, ManualTimers, request, type Viewer } from './helpers';
import type { AgentInsight } from '../../../server/engine/ports';
import { asAgentId, type AgentId } from '../../../server/engine/ids';
import { ReplaySource } from '../../../server/net/replay';
import { staticAgents } from '../../../server/net/staticSite';
import { staticInsightAsOf } from '../../../server/net/staticInsight';
import type { StaticAgent } from '../../../server/net/staticRun';
import { ScriptedModel } from '../../support/scriptedModel';
import { writeMiniTown } from '../../support/miniTown';
import { townScriptAnswer } from '../../support/townScript';
import { memoryRows, openGenerativeTown } from '../mind/helpers';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-timetravel-'));
const files = writeMiniTown(join(dir, 'town'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The town script, except that memories are rated 9 (idle ones 1): reflections come early. */
function poignantModel(): ScriptedModel {
  return new ScriptedModel({
    name: 'poignant',
    respond: (request) => {
      if (request.tag?.task === 'rateImportance') {
        const items = (request.messages[0].content.match(/^\d+\. .*$/gm) ?? []).map((l) => (/\b(idle|sleeping)\b/.test(l) ? 1 : 9));
        return JSON.stringify({ scores: items });
      }
      return townScriptAnswer(request).text;
    },
  });
}

const STEPS = 420;
// Between snapshots (every 100 steps) on purpose: the plan changes in between.
const CHECK = [1, 37, 100, 163, 189, 190, 250, 333, 419];

describe('time travel (generative run)', () => {
  const db = join(dir, 'gen.db');
  const live = new Map<number, Map<string, AgentInsight | null>>();
  /** The mind's plans (JSON) per step, at the checks and at the snapshots. */
  const plans = new Map<number, Map<string, string>>();
  let ids: AgentId[] = [];

  beforeAll(async () => {
    const town = await openGenerativeTown({ ...files, dbPath: db, llm: poignantModel(), startTime: '2026-02-13T06:30', snapshotEverySteps: 100, config: { importanceBatchMinutes: 5, reflectionThreshold: 30 } });
    ids = town.sim.state.agents.map((a) => a.id);
    plans.set(0, new Map(ids.map((id) => [id, JSON.stringify(town.mind.scratchOf(id)?.plan ?? null)])));
    while (town.sim.state.step < STEPS) {
      await town.sim.step();
      const step = town.sim.state.step;
      if (CHECK.includes(step)) live.set(step, new Map(ids.map((id) => [id, structuredClone(town.sim.mind.inspect(id, town.sim.time))])));
      if (CHECK.includes(step) || step % 100 === 0) plans.set(step, new Map(ids.map((id) => [id, JSON.stringify(town.mind.scratchOf(id)?.plan ?? null)])));
    }
    town.sim.snapshot();
    town.store.close();
  }, 240_000);

  it('shows each agent as the live inspector did at that step: plan, current item, memories, reflections, conversations', () => {
    const replay = ReplaySource.open(db);
    try {
      let planChangesBetweenSnapshots = 0;
      for (const step of CHECK) {
        replay.seek(step);
        for (const id of ids) {
          const shown = replay.mind.inspect(id, replay.time);
          const then = live.get(step)!.get(id)!;
          // Fail-safe importance marks come from the snapshot: compare without them.
          const strip = (i: AgentInsight | null) => i && { ...i, memories: i.memories.map(({ fallback: _f, ...m }) => m) };
          expect(strip(shown), `${id} at step ${step}`).toEqual(strip(then));
          const atSnapshot = plans.get(Math.floor(step / 100) * 100)?.get(id);
          if (atSnapshot !== undefined && atSnapshot !== plans.get(step)!.get(id)) planChangesBetweenSnapshots++;
        }
      }
      // The check means something only if plans did change between snapshots.
      expect(planChangesBetweenSnapshots).toBeGreaterThan(0);
    } finally {
      replay.close();
    }
  });

  it('a static site shows each agent at every step exactly as the replay does (the same pure views, from the site’s files)', () => {
    const replay = ReplaySource.open(db);
    try {
      // Through JSON, as the browser gets the files.
      const files = JSON.parse(JSON.stringify(staticAgents(db, replay))) as StaticAgent[];
      expect(files.map((f) => f.id)).toEqual(ids);
      let plans = 0;
      for (let step = 0; step <= STEPS; step += step < 20 ? 1 : 7) {
        replay.seek(step);
        for (const file of files) {
          const shown = replay.mind.inspect(file.id, replay.time);
          expect(staticInsightAsOf(file, step, replay.time), `${file.id} at step ${step}`).toEqual(shown);
          plans += shown?.plan.length ? 1 : 0;
        }
      }
      expect(plans, 'the views hold plans').toBeGreaterThan(0);
      // Most snapshots' plans are the plan log's: stored once.
      const snapshots = files.flatMap((f) => f.plans!.snapshots);
      expect(snapshots.filter((s) => 'fromLog' in s).length).toBeGreaterThan(snapshots.length / 2);
    } finally {
      replay.close();
    }
  });

  it('leaves out the memories made at or after the step shown, reflections included', () => {
    const store = ReplaySource.open(db);
    try {
      const step = 250;
      store.seek(step);
      let later = 0;
      let reflections = 0;
      for (const id of ids) {
        const rows = memoryRows((store as unknown as { store: { db: never } }).store.db, id);
        const shown = store.mind.inspect(id, store.time)!;
        const stepOf = new Map(rows.map((r) => [r.id, r.step]));
        for (const m of shown.memories) expect(stepOf.get(m.id)!).toBeLessThan(step);
        for (const r of shown.reflections) {
          expect(stepOf.get(r.id)!).toBeLessThan(step);
          expect(r.sources?.length).toBeGreaterThan(0);
        }
        reflections += shown.reflections.length;
        later += rows.filter((r) => r.step >= step).length;
        // Importance is shown as stored.
        for (const m of shown.memories) expect(m.importance).toBe(rows.find((r) => r.id === m.id)!.importance);
      }
      expect(later, 'the run made memories after the step').toBeGreaterThan(0);
      expect(reflections, 'someone had reflected by then').toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });
});

describe('the plan log', () => {
  it('is the same for a run resumed from a snapshot (re-simulating the steps after it) as for an uninterrupted run', async () => {
    const run = async (db: string, stops: number[]) => {
      let resume = false;
      for (const stop of stops) {
        const town = await openGenerativeTown({ ...files, dbPath: db, startTime: '2026-02-13T06:50', snapshotEverySteps: 100, resume });
        while (town.sim.state.step < stop) await town.sim.step();
        town.store.close(); // no final snapshot: the resume starts from the last hourly one and re-simulates
        resume = true;
      }
      const store = SimulationStore.open(db, { readonly: true });
      try {
        return { log: store.stepLogHash(), plans: store.db.prepare('SELECT * FROM plan_log ORDER BY agent_id, step').all() };
      } finally {
        store.close();
      }
    };
    const whole = await run(join(dir, 'whole.db'), [330]);
    const resumed = await run(join(dir, 'resumed.db'), [150, 250, 330]);
    expect(whole.plans.length).toBeGreaterThan(4);
    expect(resumed).toEqual(whole);
  }, 120_000);
});

describe('timeline markers from the mind', () => {
  it('mark each reflection (per agent and step) and each new day plan, from the stored memories and the plan log', () => {
    const db = join(dir, 'gen.db');
    const replay = ReplaySource.open(db);
    try {
      const markers = replay.markers();
      const rows = memoryRows((replay as unknown as { store: { db: never } }).store.db).filter((m) => m.type === 'thought' && m.predicate === 'reflects');
      const reflectionSteps = [...new Set(rows.map((m) => `${m.agent_id}@${m.step}`))];
      const reflections = markers.filter((m) => m.kind === 'reflection');
      expect(reflectionSteps.length).toBeGreaterThan(0);
      expect(reflections).toHaveLength(reflectionSteps.length);
      for (const m of reflections) expect(rows.some((r) => r.step === m.step && m.label.includes(r.description))).toBe(true);
      const plans = markers.filter((m) => m.kind === 'plan');
      // Four people plan the day at step 0 (pieces decomposed later are not changes of plan).
      expect(plans.filter((m) => m.step === 0)).toHaveLength(4);
      expect(plans[0].label).toMatch(/^\w+ \w+ plans the day: \d+ items, from \d\d:\d\d /);
      expect(markers.map((m) => m.step)).toEqual([...markers.map((m) => m.step)].sort((a, b) => a - b));
    } finally {
      replay.close();
    }
  });
});

describe('interviews of the past (openPastRun)', () => {
  it('see only the memories made before the step, with last-access times (recency) as of then; the file is untouched', async () => {
    const db = join(dir, 'gen.db');
    const step = 170;
    const before = fileState(db);
    const time = new GameClock('2026-02-13T06:30').timeAt(step);
    const run = await openPastRun(db, step, (t) => generativeMindFor(t, { llm: poignantModel(), embedder: new HashEmbedder(64), label: 'poignant' }, resolveGenerativeConfig({})));
    try {
      const mind = run.town.sim.mind as GenerativeMind;
      expect(run.town.sim.state.step).toBe(step);
      const stored = before.memories as { id: number; agent_id: string; step: number; last_accessed: number }[];
      let touchedLater = 0;
      for (const id of run.town.sim.state.agents.map((a) => a.id)) {
        const earlier = stored.filter((m) => m.agent_id === id && m.step < step);
        const held = (mind as unknown as { options: { memory: { all(id: string): { id: number; step: number; lastAccessed: number }[] } } }).options.memory.all(id);
        expect(held.map((m) => m.id)).toEqual(earlier.map((m) => m.id));
        for (const m of held) expect(m.lastAccessed).toBeLessThanOrEqual(time);
        touchedLater += earlier.filter((m) => m.last_accessed > time).length;
      }
      // Some memories were retrieved again after the step: their last access is rewound to what it was then.
      expect(touchedLater).toBeGreaterThan(0);
      const answer = await mind.interview(asAgentId('ada-ash'), 'What have you been doing this morning?');
      const earlierIds = new Set(stored.filter((m) => m.step < step).map((m) => m.id));
      expect(answer.memories.length).toBeGreaterThan(0);
      for (const m of answer.memories) {
        expect(earlierIds.has(m.id)).toBe(true);
        expect(m.created).toBeLessThan(time);
      }
    } finally {
      run.close();
    }
    expect(fileState(db)).toEqual(before);
  }, 120_000);
});

describe('interviews of the past in a replay (real sockets)', () => {
  it('the controller interviews the agent as it was at the step shown; read-only; without a model the snapshot says so', async () => {
    const db = join(dir, 'gen.db');
    const fake = await startFakeOpenAiServer({ chatText: townScriptWireAnswer });
    const config = resolveLlmConfig({ env: {}, flags: { 'llm-base-url': fake.url, 'llm-api-key': 'sk-test', 'embed-model': 'fake-embed' } });
    const before = fileState(db);
    const replay = ReplaySource.open(db);
    const past = pastInterviewsFor(db, replay, config, undefined);
    const server = createHamletServer({ replay, token: 'past-token-123', clientDir: null, runner: { timers: new ManualTimers(), paused: true }, pastInterviews: past.options });
    const bare = ReplaySource.open(db);
    const noModel = createHamletServer({ replay: bare, clientDir: null, runner: { timers: new ManualTimers(), paused: true }, pastInterviews: pastInterviewsFor(db, bare, resolveLlmConfig({ env: {}, flags: {} }), undefined).options });
    const sockets: Viewer[] = [];
    try {
      const { url } = await server.listen(0);
      const c = connectViewer(url, 'past-token-123');
      const v = connectViewer(url);
      sockets.push(c, v);
      expect((await c.firstSnapshot).replay).toEqual({ firstStep: 0, lastStep: STEPS, fork: FORK_UNAVAILABLE });
      const stepOf = new Map((before.memories as { id: number; step: number }[]).map((m) => [m.id, m.step]));
      for (const step of [170, 400]) {
        expect(await request(c.socket, 'seek', { step })).toMatchObject({ ok: true });
        const answer = await request(c.socket, 'interview', { agent: 'Ada Ash', question: 'What has your day been like?' });
        expect(answer.ok, JSON.stringify(answer)).toBe(true);
        const memories = (answer as unknown as { interview: { memories: { id: number }[] } }).interview.memories;
        expect(memories.length).toBeGreaterThan(0);
        for (const m of memories) expect(stepOf.get(m.id)!, `memory ${m.id} at step ${step}`).toBeLessThan(step);
      }
      expect(await request(v.socket, 'interview', { agent: 'Ada Ash', question: 'hi?' })).toMatchObject({ ok: false, error: expect.stringMatching(/only a controller can interview/) });
      expect(await request(c.socket, 'interview', { agent: 'Ada Ash', question: 'hi?', remember: true })).toMatchObject({ ok: false, error: expect.stringMatching(/read-only/) });
      expect(await request(c.socket, 'whisper', { agent: 'Ada Ash', text: 'hi' })).toMatchObject({ ok: false });

      const bareAddress = await noModel.listen(0);
      const n = connectViewer(bareAddress.url);
      sockets.push(n);
      expect((await n.firstSnapshot).replay?.interviews).toMatch(/interviews of the past need a language model: start "hamlet replay" with the model flags/);
      expect(await request(n.socket, 'interview', { agent: 'Ada Ash', question: 'hi?' })).toMatchObject({ ok: false, error: expect.stringMatching(/need a language model/) });
    } finally {
      for (const s of sockets) s.socket.close();
      await server.close();
      await noModel.close();
      past.close();
      replay.close();
      bare.close();
      await fake.close();
    }
    expect(fileState(db)).toEqual(before);
  }, 120_000);
});

function fileState(db: string) {
  const store = SimulationStore.open(db, { readonly: true });
  try {
    const q = (sql: string) => store.db.prepare(sql).all();
    return { log: store.stepLogHash(), memories: q('SELECT * FROM memories ORDER BY id'), touches: q('SELECT * FROM memory_touches ORDER BY memory_id, step'), snapshots: q('SELECT step FROM snapshots'), plans: q('SELECT * FROM plan_log') };
  } finally {
    store.close();
  }
}

describe('time travel (rule-based run)', () => {
  it('shows what the live inspector showed at that step (routine, conversations remembered by then)', async () => {
    const db = join(dir, 'rule.db');
    const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: db, seed: 3, snapshotEverySteps: 100 });
    const ids = town.sim.state.agents.map((a) => a.id);
    const checks = [5, 150, 299, 420, 777];
    const live = new Map<number, (AgentInsight | null)[]>();
    while (town.sim.state.step < 800) {
      await town.sim.step();
      if (checks.includes(town.sim.state.step)) live.set(town.sim.state.step, ids.map((id) => structuredClone(town.sim.mind.inspect(id, town.sim.time))));
    }
    town.store.close();
    const replay = ReplaySource.open(db);
    try {
      let conversations = 0;
      for (const step of checks) {
        replay.seek(step);
        const shown = ids.map((id) => replay.mind.inspect(id, replay.time));
        expect(shown, `step ${step}`).toEqual(live.get(step));
        conversations += shown.reduce((n, i) => n + (i?.conversations.length ?? 0), 0);
      }
      expect(conversations).toBeGreaterThan(0);
      // A static site of the run shows the same, at every step.
      const files = JSON.parse(JSON.stringify(staticAgents(db, replay))) as StaticAgent[];
      for (let step = 0; step <= 800; step++) {
        replay.seek(step);
        for (const file of files) expect(staticInsightAsOf(file, step, replay.time), `${file.id} at step ${step}`).toEqual(replay.mind.inspect(file.id, replay.time));
      }
      expect(files.every((f) => f.rule!.plans.length > 1 && f.rule!.conversations.length > 1)).toBe(true);
    } finally {
      replay.close();
    }
  }, 120_000);
});

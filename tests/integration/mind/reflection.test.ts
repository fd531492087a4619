import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { dueAfter } from '../../../server/mind/generative/deferred';
import { ScriptedModel } from '../../support/scriptedModel';
import { writeMiniTown } from '../../support/miniTown';
import { townScriptAnswer } from '../../support/townScript';
import { memoryRows, openGenerativeTown } from './helpers';
import { asAgentId } from '../../../server/engine/ids';

const files = writeMiniTown();
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

/** The town script, except that every memory rated is rated 9 (idle ones 1): reflection comes quickly. */
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

describe('reflection', () => {
  it('triggers when perceived importance reaches 150: three questions, insights citing real memories with depth', async () => {
    const llm = poignantModel();
    const town = await openGenerativeTown({ ...files, llm, config: { importanceBatchMinutes: 5 } });
    let first: { agentId: string; step: number; due: number } | undefined;
    for (let i = 0; i < 2000 && !first; i++) {
      await town.sim.step();
      const q = llm.callsFor('reflectQuestions')[0];
      // Started at the step just run; tagged with the step its answer lands at (a deferred result).
      if (q) first = { agentId: q.tag!.agentId!, step: town.sim.state.step - 1, due: q.tag!.step! };
    }
    expect(first, 'nobody reflected').toBeDefined();
    // Deferred results: the questions land deferReflectionMinutes after the trigger (on a landing
    // step); the insight calls start then and land as long after.
    const { deferReflectionMinutes, deferLandingEveryMinutes } = town.mind.config;
    const { agentId, step } = first!;
    expect(first!.due).toBe(dueAfter(step, deferReflectionMinutes, town.sim.clock.stepMs, deferLandingEveryMinutes));
    const insightStep = dueAfter(first!.due, deferReflectionMinutes, town.sim.clock.stepMs, deferLandingEveryMinutes);
    while (town.sim.state.step <= insightStep) await town.sim.step();
    const rows = memoryRows(town.store.db, agentId);
    const pressure = (upTo: number) => rows.filter((m) => (m.type === 'event' || m.type === 'chat') && m.step <= upTo).reduce((sum, m) => sum + m.importance, 0);
    // The trigger: reached at this step, not before.
    expect(pressure(step)).toBeGreaterThanOrEqual(150);
    expect(pressure(step - 1)).toBeLessThan(150);

    // The questions come from the agent's recent memories; three questions → three insight calls.
    const questionPrompt = ScriptedModel.promptText(llm.callsFor('reflectQuestions')[0]);
    expect(questionPrompt).toContain('Your recent memories:');
    const insightCalls = llm.callsFor('reflectInsights').filter((r) => r.tag?.agentId === agentId && r.tag?.step === insightStep);
    expect(insightCalls).toHaveLength(3);

    const byId = new Map(rows.map((m) => [m.id, m]));
    // (Reflections only: a conversation's closing landing at the same step stores thoughts citing its chat.)
    const thoughts = rows.filter((m) => m.type === 'thought' && m.predicate === 'reflects' && m.step === insightStep && JSON.parse(m.evidence).length > 0);
    expect(thoughts.length).toBeGreaterThan(0);
    const shown = insightCalls.map((r) => ScriptedModel.promptText(r)).join('\n');
    for (const t of thoughts) {
      const evidence = JSON.parse(t.evidence) as number[];
      for (const id of evidence) {
        const source = byId.get(id);
        expect(source, `evidence ${id} is not a memory of ${agentId}`).toBeDefined();
        // Cited memories are ones the model was shown for the question.
        expect(shown).toContain(source!.description.slice(0, 60));
      }
      expect(t.depth).toBe(1 + Math.max(...evidence.map((id) => byId.get(id)!.depth)));
    }
    // The trigger resets.
    expect(town.mind.reflectionPressure(asAgentId(agentId))).toBeLessThan(150);
    // The inspector lists as reflections only thoughts drawn from memories, each with the
    // memories it rests on; the persona's seeded facts show apart, as what they know from the start.
    const insight = town.mind.inspect(asAgentId(agentId), town.sim.time)!;
    expect(insight.reflections.length).toBeGreaterThan(0);
    for (const r of insight.reflections) {
      expect(r.evidence.length, r.description).toBeGreaterThan(0);
      expect(r.sources!.map((s) => s.id)).toEqual(r.evidence.filter((id) => byId.has(id)));
      expect(r.sources!.every((s) => s.description.length > 0)).toBe(true);
    }
    const seeded = rows.filter((m) => m.type === 'thought' && m.predicate === 'knows');
    expect(seeded.length).toBeGreaterThan(0);
    expect(insight.known!.map((k) => k.description).sort()).toEqual(seeded.map((m) => m.description).sort());
    const reflectionIds = new Set(insight.reflections.map((r) => r.id));
    for (const m of seeded) expect(reflectionIds.has(m.id)).toBe(false);
    expect(town.mind.problems).toEqual([]);
  });

  it('a deeper reflection cites an earlier one: depth grows', async () => {
    const llm = poignantModel();
    const town = await openGenerativeTown({ ...files, llm, config: { importanceBatchMinutes: 5, reflectionThreshold: 60 } });
    for (let i = 0; i < 3000; i++) await town.sim.step();
    const depths = memoryRows(town.store.db).filter((m) => m.type === 'thought').map((m) => m.depth);
    expect(Math.max(...depths)).toBeGreaterThanOrEqual(2);
  });

  it('a model that gives no questions does not reflect, and is not asked again at once', async () => {
    const llm = new ScriptedModel({
      respond: (request) => {
        if (request.tag?.task === 'reflectQuestions') return 'I would rather not say.';
        if (request.tag?.task === 'rateImportance') return JSON.stringify({ scores: (request.messages[0].content.match(/^\d+\. /gm) ?? []).map(() => 10) });
        return townScriptAnswer(request).text;
      },
    });
    const town = await openGenerativeTown({ ...files, llm, config: { importanceBatchMinutes: 5 } });
    for (let i = 0; i < 1500; i++) await town.sim.step();
    const runs = new Set(llm.callsFor('reflectQuestions').map((r) => `${r.tag?.agentId}@${r.tag?.step}`));
    expect(runs.size).toBeGreaterThan(0);
    // Never twice in a row for one agent.
    for (const run of runs) {
      const [agent, step] = run.split('@');
      expect(runs.has(`${agent}@${Number(step) + 1}`)).toBe(false);
    }
    expect(llm.callsFor('reflectInsights')).toHaveLength(0);
    expect(town.mind.problems).toEqual([]);
  });
});

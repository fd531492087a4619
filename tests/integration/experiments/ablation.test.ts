/**
 * Ablations switch parts of the architecture off, and an ablated part makes no model call:
 * five generative agents for two game hours under each condition, the calls counted per task.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAP } from '../../../server/cli/town';
import type { ScriptedModel } from '../../support/scriptedModel';
import { memoryRows, openGenerativeTown, steps } from '../mind/helpers';

async function twoHours(ablation?: string) {
  const town = await openGenerativeTown({ mapPath: DEFAULT_MAP, agentLimit: 5, startTime: '2026-02-13T08:00', config: { reflectionThreshold: 20 }, ablation });
  await steps(town, 720);
  const llm = town.llm as ScriptedModel;
  const calls = (task: string) => llm.callsFor(task).length;
  const rows = memoryRows(town.store.db);
  const moved = town.sim.state.agents.filter((a) => a.action.description !== 'waking up').length;
  town.store.close();
  return { town, calls, rows, moved };
}

describe('ablations', () => {
  it('the full architecture plans, observes, talks and reflects', async () => {
    const { town, calls, rows } = await twoHours();
    expect(town.mind.label).toBe('generative (town-script)');
    for (const task of ['planDay', 'decomposeBlock', 'rateImportance', 'react', 'reflectQuestions', 'reflectInsights']) expect(calls(task), task).toBeGreaterThan(0);
    expect(rows.some((m) => m.type === 'event')).toBe(true);
  }, 60_000);

  it('no reflection: no reflection calls, no reflections; planning and observation go on', async () => {
    const { town, calls, rows } = await twoHours('no-reflection');
    expect(town.mind.label).toBe('generative (town-script) · ablation: no reflection');
    expect(town.store.meta.config.ablation).toBe('no-reflection');
    expect(calls('reflectQuestions') + calls('reflectInsights')).toBe(0);
    expect(rows.filter((m) => m.predicate === 'reflects')).toEqual([]);
    expect(calls('planDay')).toBeGreaterThan(0);
    expect(calls('react')).toBeGreaterThan(0);
  }, 60_000);

  it('no reflection and no planning: no plan or decomposition calls, the routine is followed', async () => {
    const { calls, moved } = await twoHours('no-reflection-planning');
    expect(calls('reflectQuestions') + calls('planDay') + calls('decomposeBlock')).toBe(0);
    expect(calls('react')).toBeGreaterThan(0);
    // Everyone is about their routine's business (the plan the persona's routine gives).
    expect(moved).toBe(5);
  }, 60_000);

  it('no observation, reflection or planning: nothing perceived, no reactions, only the persona in memory', async () => {
    const { calls, rows, moved } = await twoHours('no-observation-reflection-planning');
    for (const task of ['reflectQuestions', 'planDay', 'decomposeBlock', 'react', 'speak', 'closeConversation']) expect(calls(task), task).toBe(0);
    expect(rows.filter((m) => m.type === 'event' || m.type === 'chat')).toEqual([]);
    // Memories: the persona's (starting thoughts) and the routine plan of the day.
    expect(new Set(rows.map((m) => m.type))).toEqual(new Set(['thought', 'plan']));
    expect(rows.filter((m) => m.type === 'thought').every((m) => m.predicate === 'knows')).toBe(true);
    expect(moved).toBe(5);
  }, 60_000);
});

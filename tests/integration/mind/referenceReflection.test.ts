/**
 * Reflection as the reference selects its memories (issue 14): with reflectionSelection
 * "reference" the questions come from the events and thoughts (no chats, no idle ones) of as many
 * memories as were perceived since the last reflection, all shown; every retrieved memory is
 * shown to the insight prompt (Hamlet's default shows the 20 most important). Scripted model.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../support/scriptedModel';
import { writeMiniTown } from '../../support/miniTown';
import { createTownScriptModel } from '../../support/townScript';
import { memoryRows, openGenerativeTown } from './helpers';

const files = writeMiniTown();
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

async function reflectingMorning(reflectionSelection: 'hamlet' | 'reference') {
  const llm = createTownScriptModel() as ScriptedModel;
  const town = await openGenerativeTown({ ...files, llm, startTime: '2026-02-13T07:30', config: { reflectionSelection, reflectionThreshold: 60 } });
  for (let i = 0; i < 4 * 360; i++) await town.sim.step();
  const questions = llm.callsFor('reflectQuestions').map((r) => ({ agent: r.tag!.agentId!, step: r.tag!.step!, text: ScriptedModel.promptText(r) }));
  const insights = llm.callsFor('reflectInsights').map((r) => ScriptedModel.promptText(r));
  const rows = Object.fromEntries(town.personas.map((p) => [p.id, memoryRows(town.store.db, p.id)]));
  town.store.close();
  return { questions, insights, rows };
}

/** The "- …" lines under "Your recent memories:". */
const listed = (prompt: string) => {
  const part = prompt.split('Your recent memories:')[1].split('Given only these')[0];
  return part.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2).trim());
};
const numbered = (prompt: string) => prompt.split('\n').filter((l) => /^\[\d+\] /.test(l)).length;

describe('reflection over the memories the reference selects', () => {
  it('asks from events and thoughts since the last reflection and shows every retrieved memory to the insight prompt', async () => {
    const ref = await reflectingMorning('reference');
    expect(ref.questions.length).toBeGreaterThan(0);
    for (const q of ref.questions) {
      const lines = listed(q.text);
      expect(lines.length).toBeGreaterThan(0);
      const mine = ref.rows[q.agent].filter((m) => m.step <= q.step);
      for (const line of lines) {
        const memory = mine.find((m) => m.description.startsWith(line.replace(/…$/, '').slice(0, 50)));
        expect(memory, `"${line}" is not a memory of ${q.agent}`).toBeDefined();
        expect(['event', 'thought']).toContain(memory!.type);
        expect(line).not.toMatch(/\bis (?:idle|sleeping|asleep)\.?$/);
      }
    }
    // The insight prompts show all 30 retrieved memories once agents have that many.
    expect(Math.max(...ref.insights.map(numbered))).toBeGreaterThan(20);

    const hamlet = await reflectingMorning('hamlet');
    expect(hamlet.insights.length).toBeGreaterThan(0);
    expect(Math.max(...hamlet.insights.map(numbered))).toBeLessThanOrEqual(20);
  });
});

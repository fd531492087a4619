/**
 * Choosing where an action happens as it starts, down the place tree (issue 14, the reference's
 * action_sector / action_arena / action_game_object): with placeChoice "tree" each task's place
 * is chosen level by level among the places the person knows, one choosePlace call per level with
 * more than one option; "flat" keeps the decomposition's place and makes no such call.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { matchOption } from '../../../server/mind/tasks/choosePlace';
import { ScriptedModel } from '../../support/scriptedModel';
import { writeMiniTown } from '../../support/miniTown';
import { createTownScriptModel } from '../../support/townScript';
import { openGenerativeTown } from './helpers';

const files = writeMiniTown();
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

async function morning(placeChoice: 'flat' | 'tree') {
  const llm = createTownScriptModel() as ScriptedModel;
  const town = await openGenerativeTown({ ...files, llm, startTime: '2026-02-13T07:50', config: { placeChoice } });
  const chosen: { agent: string; place: string; known: boolean }[] = [];
  for (let i = 0; i < 2 * 360; i++) {
    const delta = await town.sim.step();
    for (const a of delta.agents ?? []) {
      if (!a.action) continue;
      const plan = town.mind.scratchOf(a.id)?.plan;
      const task = plan?.chunks.flatMap((c) => c.tasks ?? []).find((t) => t.placeChosen && a.action!.address.endsWith(t.place));
      if (task) chosen.push({ agent: a.id, place: task.place, known: town.mind.knownPlaces(a.id).includes(task.place) });
    }
  }
  const calls = llm.callsFor('choosePlace').map((r) => ({ agent: r.tag!.agentId!, text: ScriptedModel.promptText(r) }));
  town.store.close();
  return { chosen, calls };
}

describe('choosing where an action happens, down the place tree', () => {
  it('matches answers to the options: exact, by number, by containment', () => {
    const options = ['Corner Cafe', 'Ash House', 'Main Street'];
    expect(matchOption('ash house', options)).toBe('Ash House');
    expect(matchOption('2', options)).toBe('Ash House');
    expect(matchOption('I go to the Corner Cafe.', options)).toBe('Corner Cafe');
    expect(matchOption('the moon', options)).toBeUndefined();
  });

  it('asks sector, then arena, then object as each task starts, among known places; walks there', async () => {
    const tree = await morning('tree');
    expect(tree.calls.length).toBeGreaterThan(0);
    const levels = tree.calls.map((c) => (/Which area/.test(c.text) ? 'sector' : /Which part of/.test(c.text) ? 'arena' : /Which thing in/.test(c.text) ? 'object' : '?'));
    expect(levels).not.toContain('?');
    // Sector and object questions (the mini town's sectors mostly have one room: no arena call there).
    expect(levels).toContain('sector');
    expect(levels).toContain('object');
    // Each arena question names a sector, each object question a sector:arena, that the person knows.
    for (const c of tree.calls) {
      const within = /Which (?:part of|thing in) (.+?) (?:do you)/.exec(c.text)?.[1];
      if (within) expect(within.split(':').length).toBeLessThanOrEqual(2);
    }
    expect(tree.chosen.length).toBeGreaterThan(0);
    for (const c of tree.chosen) expect(c.known, `${c.agent} was sent to ${c.place}, which they do not know`).toBe(true);

    const flat = await morning('flat');
    expect(flat.calls).toHaveLength(0);
    expect(flat.chosen).toHaveLength(0);
  });
});

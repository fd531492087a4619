/**
 * Importance rated for the person (issue 14, from the reference, where every agent rates what it
 * perceives for itself): with importanceCacheScope "personal" a score is shared town-wide only for
 * events that name neither the rater nor anyone they know; "Ben Ash is …" is rated by Ada (his
 * sister) herself, never copied from a stranger's rating. Scripted model.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { AgentId } from '../../../server/engine/types';
import { concernsByName, ImportanceBook } from '../../../server/mind/generative/importance';
import { ScriptedModel } from '../../support/scriptedModel';
import { writeMiniTown } from '../../support/miniTown';
import { createTownScriptModel } from '../../support/townScript';
import { memoryRows, openGenerativeTown } from './helpers';

const files = writeMiniTown();
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

const people = new Map<AgentId, { name: string; relationships: { id: string }[] }>([
  ['ada' as AgentId, { name: 'Ada Ash', relationships: [{ id: 'ben' }] }],
  ['ben' as AgentId, { name: 'Ben Ash', relationships: [] }],
  ['cleo' as AgentId, { name: 'Cleo Birch', relationships: [] }],
]);
const id = (s: string) => s as AgentId;

describe('importance rated for the person', () => {
  it('shares a score town-wide only when the event names neither the rater nor their people', () => {
    const concerns = concernsByName(people);
    expect(concerns(id('ada'), 'Ben Ash is planning a party')).toBe(true);
    expect(concerns(id('ada'), 'ben is asleep')).toBe(true); // first name, any case
    expect(concerns(id('ada'), 'Benjamin Frost is reading')).toBe(false); // whole words only
    expect(concerns(id('cleo'), 'Ben Ash is planning a party')).toBe(false);

    const personal = new ImportanceBook('personal', 1, concerns);
    personal.remember(id('cleo'), 'Ben Ash is planning a party', 3);
    expect(personal.lookup(id('ben'), 'Ben Ash is planning a party')).toBeUndefined(); // his own event: his own rating
    expect(personal.lookup(id('ada'), 'Ben Ash is planning a party')).toBeUndefined(); // his sister rates it herself
    personal.remember(id('cleo'), 'the stove is on', 2);
    expect(personal.lookup(id('ada'), 'the stove is on')).toBe(2); // impersonal: shared
    personal.remember(id('ada'), 'Ben Ash is planning a party', 8);
    expect(personal.lookup(id('ada'), 'Ben Ash is planning a party')).toBe(8);
    expect(personal.lookup(id('cleo'), 'Ben Ash is planning a party')).toBe(3);

    const town = new ImportanceBook('town', 1, concerns);
    town.remember(id('cleo'), 'Ben Ash is planning a party', 3);
    expect(town.lookup(id('ada'), 'Ben Ash is planning a party')).toBe(3); // the old, town-wide behaviour
  });

  async function morning(scope: 'town' | 'personal') {
    const llm = createTownScriptModel() as ScriptedModel;
    const town = await openGenerativeTown({ ...files, llm, startTime: '2026-02-13T07:30', config: { importanceCacheScope: scope } });
    for (let i = 0; i < 3 * 360; i++) await town.sim.step();
    const rated = new Map<string, string[]>();
    for (const r of llm.callsFor('rateImportance')) {
      const list = rated.get(r.tag!.agentId!) ?? [];
      list.push(ScriptedModel.promptText(r));
      rated.set(r.tag!.agentId!, list);
    }
    const concerns = concernsByName(new Map(town.personas.map((p) => [p.id as AgentId, p])));
    const events = town.personas.flatMap((p) =>
      memoryRows(town.store.db, p.id)
        .filter((m) => m.type === 'event' && m.importance > 1 && concerns(p.id as AgentId, m.description))
        .map((m) => ({ agent: p.id, description: m.description, ownRating: (rated.get(p.id) ?? []).some((t) => t.includes(m.description.slice(0, 60))) })),
    );
    const calls = llm.callsFor('rateImportance').length;
    town.store.close();
    return { events, calls };
  }

  it('on the scripted model: every event about someone one knows is rated by oneself; the cost is a few more rating calls', async () => {
    const personal = await morning('personal');
    const shared = await morning('town');
    expect(personal.events.length).toBeGreaterThan(0);
    for (const e of personal.events) expect(e.ownRating, `${e.agent}: "${e.description}" was not rated by ${e.agent}`).toBe(true);
    // Town-wide sharing copies some of those scores from other people's ratings.
    expect(shared.events.some((e) => !e.ownRating)).toBe(true);
    expect(personal.calls).toBeGreaterThanOrEqual(shared.calls);
  });
});

import { describe, expect, it } from 'vitest';
import { asAgentId } from '../../../server/engine/ids';
import { jsonCopy, PlanRecords, sameAsCopy } from '../../../server/mind/generative/planRecords';
import { freshAgentScratch, planRecordJson, type AgentScratch, type DayPlan } from '../../../server/mind/generative/scratch';

function scratchWithPlan(): AgentScratch {
  const scratch = freshAgentScratch('Ada bakes bread', '');
  const plan: DayPlan = {
    day: 0,
    wakeUpMinute: 420,
    goals: ['bake', 'sell'],
    blocks: [
      { start: 0, end: 420, activity: 'sleeping', sleep: true },
      { start: 420, end: 1440, activity: 'baking', place: 'Bakery:kitchen:oven', sleep: false },
    ],
    chunks: [{ start: 420, end: 480, activity: 'baking', place: 'Bakery:kitchen:oven', tasks: null, version: 0, reused: false }],
  };
  scratch.plan = plan;
  return scratch;
}

describe('plan records for the plan log', () => {
  it('reports a record once per change, including changes made in place deep inside the plan', () => {
    const ada = asAgentId('ada');
    const records = new PlanRecords();
    const scratch = scratchWithPlan();
    expect(records.changed(ada, scratch)).toBe(planRecordJson(scratch)); // never logged: a change
    expect(records.changed(ada, scratch)).toBeNull();
    scratch.plan!.chunks[0].tasks = [{ start: 420, minutes: 30, description: 'kneading dough', place: 'Bakery:kitchen:oven', emoji: '🍞', event: ['Ada', 'is', 'kneading'] }];
    expect(records.changed(ada, scratch)).toBe(planRecordJson(scratch));
    expect(records.changed(ada, scratch)).toBeNull();
    scratch.plan!.chunks[0].tasks![0].event[2] = 'shaping loaves';
    expect(records.changed(ada, scratch)).toContain('shaping loaves');
    scratch.currently = 'Ada sells bread';
    expect(records.changed(ada, scratch)).toContain('Ada sells bread');
    scratch.plan = null;
    expect(records.changed(ada, scratch)).toBe('{"currently":"Ada sells bread","plan":null}');
    expect(records.changed(ada, scratch)).toBeNull();
  });

  it('takes noted records as logged, and forgets them on clear', () => {
    const ada = asAgentId('ada');
    const records = new PlanRecords();
    const scratch = scratchWithPlan();
    records.note(ada, scratch);
    expect(records.changed(ada, scratch)).toBeNull();
    records.clear();
    expect(records.changed(ada, scratch)).not.toBeNull();
  });

  it('says "the same" only when the JSON text is the same (key order, undefined fields, NaN)', () => {
    const copy = jsonCopy(JSON.parse('{"a":1,"b":[1,{"c":"x"}],"d":null}'));
    expect(sameAsCopy(copy, { a: 1, b: [1, { c: 'x' }], d: null })).toBe(true);
    expect(sameAsCopy(copy, { a: 1, b: [1, { c: 'x' }] })).toBe(false);
    expect(sameAsCopy(copy, { a: 1, b: [1, { c: 'x' }], d: null, e: 2 })).toBe(false);
    expect(sameAsCopy(copy, { a: '1', b: [1, { c: 'x' }], d: null })).toBe(false);
    expect(sameAsCopy(copy, { a: 1, b: [1, null], d: null })).toBe(false);
    expect(sameAsCopy(copy, { b: [1, { c: 'x' }], a: 1, d: null })).toBe(false); // other key order: other text
    expect(sameAsCopy(copy, { a: 1, b: [1, { c: 'x' }], d: null, e: undefined })).toBe(false); // unsure: compare texts
    expect(sameAsCopy(copy, { a: 1, b: [1, { c: 'y' }], d: null })).toBe(false);
    expect(sameAsCopy(copy, { a: 1, b: [1, { c: 'x' }, 2], d: null })).toBe(false);
    expect(sameAsCopy(copy, { a: 1, b: { 0: 1, 1: { c: 'x' } }, d: null })).toBe(false);
    expect(sameAsCopy(jsonCopy(JSON.parse('{"n":null}')), { n: Number.NaN })).toBe(false);
  });

  it('falls back to comparing texts when the live record holds an undefined field', () => {
    const ada = asAgentId('ada');
    const records = new PlanRecords();
    const scratch = scratchWithPlan();
    records.note(ada, scratch);
    (scratch.plan!.chunks[0] as { place?: string }).place = undefined;
    expect(records.changed(ada, scratch)).toBe(planRecordJson(scratch)); // the place is gone from the text
    (scratch.plan!.blocks[0] as { place?: string }).place = undefined; // not in the text either way
    expect(records.changed(ada, scratch)).toBeNull();
  });
});

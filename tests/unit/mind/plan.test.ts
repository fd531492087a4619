/**
 * The plan as typed data (server/mind/plan.ts): the routine as entries, the one cleaning stage,
 * usual places, and that text exists only at planDay's boundary (prompt and answer parsing).
 */
import { describe, expect, it } from 'vitest';
import { interpretAnswer } from '../../../server/llm/task';
import { dayPlanFrom, MINUTES_PER_DAY } from '../../../server/mind/generative/planning';
import { packScratch, readScratch, type AgentScratch, type MindScratch } from '../../../server/mind/generative/scratch';
import type { Persona } from '../../../server/mind/persona';
import { cleanSchedule, hintedActivity, usualRoutine, usualWakeMinute, WAKE_UP_ACTIVITY, withUsualPlaces } from '../../../server/mind/plan';
import { mindTasks } from '../../../server/mind/tasks';
import { inputs } from '../tasks/fixtures';
import { asAgentId } from '../../../server/engine/ids';

const FRIDAY = Date.UTC(2026, 1, 13, 9);
const SATURDAY = Date.UTC(2026, 1, 14, 9);
const item = (at: string, activity: string, place: string) => ({ at, activity, place, emoji: '🙂' });
const persona = {
  routine: [item('08:00', 'opening the shop', 'Shop:floor:counter'), item('00:00', 'sleeping', 'Home:bedroom:bed'), item('07:00', ' waking up ', 'Home:bathroom')],
  weekendRoutine: [item('09:00', 'sleeping in', 'Home:bedroom:bed'), item('10:00', 'walking', 'Park:lawn')],
} as unknown as Persona;

describe('the usual routine', () => {
  it('is typed entries in time order, activity and place apart (the weekend routine on Saturdays)', () => {
    expect(usualRoutine(persona, FRIDAY)).toEqual([
      { start: 0, activity: 'sleeping', place: 'Home:bedroom:bed' },
      { start: 420, activity: 'waking up', place: 'Home:bathroom' },
      { start: 480, activity: 'opening the shop', place: 'Shop:floor:counter' },
    ]);
    expect(usualRoutine(persona, SATURDAY).map((e) => e.start)).toEqual([540, 600]);
  });

  it('implies the wake-up time: its first waking entry, else the lifestyle', () => {
    expect(usualWakeMinute(usualRoutine(persona, FRIDAY), '')).toBe(420);
    expect(usualWakeMinute([{ start: 0, activity: 'sleeping' }], 'wakes up at 6:30am')).toBe(390);
    expect(usualWakeMinute([], 'keeps odd hours')).toBe(7 * 60);
  });
});

describe('cleanSchedule, the one cleaning stage', () => {
  it('orders entries, keeps the first of two at one minute, rounds minutes into the day and drops empty activities', () => {
    const cleaned = cleanSchedule(
      [
        { start: 600, activity: 'work', place: 'Office:desk' },
        { start: 480.4, activity: ' breakfast ' },
        { start: 600, activity: 'second at ten' },
        { start: 700, activity: '  ' },
        { start: 5000, activity: 'late' },
      ],
      480,
    );
    expect(cleaned).toEqual([
      { start: 480, activity: 'breakfast' },
      { start: 600, activity: 'work', place: 'Office:desk' },
      { start: MINUTES_PER_DAY - 1, activity: 'late' },
    ]);
  });

  it('starts at wake-up: the last waking entry before it moves there (with its place), sleep does not', () => {
    expect(cleanSchedule([{ start: 300, activity: 'reading', place: 'Home:desk' }, { start: 600, activity: 'work' }], 400)).toEqual([
      { start: 400, activity: 'reading', place: 'Home:desk' },
      { start: 600, activity: 'work' },
    ]);
    expect(cleanSchedule([{ start: 300, activity: 'sleeping' }, { start: 600, activity: 'work' }], 400)[0]).toEqual({ start: 400, activity: WAKE_UP_ACTIVITY });
    expect(cleanSchedule([{ start: 300, activity: 'sleeping' }], 400)).toEqual([{ start: 400, activity: WAKE_UP_ACTIVITY }]);
  });

  it('keeps at most 24 entries and refuses a schedule with none', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ start: 400 + i * 30, activity: `task ${i}` }));
    expect(cleanSchedule(many, 400)).toHaveLength(24);
    expect(() => cleanSchedule([{ start: 400, activity: ' ' }], 400)).toThrow(/no entries/);
  });

  it('is idempotent: the answer cleaned by planDay stays as it is', () => {
    const once = cleanSchedule([{ start: 700, activity: 'b' }, { start: 300, activity: 'a' }], 420);
    expect(cleanSchedule(once, 420)).toEqual(once);
  });
});

describe('usual places', () => {
  it('fill in the routine place of the same activity (any case) when the entry has none', () => {
    const routine = [{ start: 480, activity: 'Opening the shop', place: 'Shop:floor:counter' }];
    expect(withUsualPlaces([{ start: 500, activity: 'opening the shop' }, { start: 600, activity: 'walking', place: 'Park' }, { start: 700, activity: 'lunch' }], routine)).toEqual([
      { start: 500, activity: 'opening the shop', place: 'Shop:floor:counter' },
      { start: 600, activity: 'walking', place: 'Park' },
      { start: 700, activity: 'lunch' },
    ]);
    expect(hintedActivity({ activity: 'walking', place: 'Park' })).toBe('walking @ Park');
    expect(hintedActivity({ activity: 'walking' })).toBe('walking');
  });
});

describe('the day plan from planDay', () => {
  const parse = (answer: unknown) => {
    const got = interpretAnswer(mindTasks.planDay, inputs.planDay, { text: JSON.stringify(answer) });
    if (!got.ok) throw new Error(got.problem);
    return got;
  };

  it('splits a " @ place" hint the model wrote off its activity, at answer parsing, without calling it a repair', () => {
    const got = parse({
      wakeUp: '06:00',
      goals: ['open the cafe', 'serve breakfast', 'bake bread', 'see Ben', 'close up'],
      schedule: [
        { time: '06:00', activity: 'waking up' },
        { time: '07:00', activity: 'opening the cafe @ Corner Cafe:cafe floor:counter' },
      ],
      currently: 'Ana is busy.',
    });
    expect(got.value.schedule[1]).toEqual({ startMinute: 420, activity: 'opening the cafe', place: 'Corner Cafe:cafe floor:counter' });
    expect(got.repaired).toBe(false);
  });

  it('leaves no gaps: blocks run from midnight to midnight, each ending where the next starts', () => {
    const got = parse({ wakeUp: '06:40', goals: ['a'], schedule: [{ time: '09:00', activity: 'work' }, { time: '05:00', activity: 'reading' }, { time: '21:00', activity: 'going to bed' }], currently: 'x' });
    const plan = dayPlanFrom(got.value, 0, 60, inputs.planDay.usualRoutine);
    expect(plan.blocks[0]).toMatchObject({ start: 0, end: 400, sleep: true });
    expect(plan.blocks[1]).toMatchObject({ start: 400, end: 540, activity: 'reading' });
    plan.blocks.forEach((b, i) => expect(b.end).toBe(plan.blocks[i + 1]?.start ?? MINUTES_PER_DAY));
    expect(plan.blocks.at(-1)).toMatchObject({ activity: 'going to bed', sleep: true });
  });

  it('the fail-safe routine plan keeps places apart, and an all-sleep routine starts the day at the lifestyle wake-up', () => {
    const plan = dayPlanFrom(mindTasks.planDay.failSafe(inputs.planDay), 0, 60, inputs.planDay.usualRoutine);
    expect(plan.blocks[1]).toMatchObject({ start: 360, activity: 'waking up and showering', place: 'Ash House:bathroom:shower' });
    const asleep = mindTasks.planDay.failSafe({ ...inputs.planDay, usualRoutine: [{ start: 0, activity: 'sleeping' }, { start: 1380, activity: 'sleeping' }] });
    expect(asleep.schedule[0]).toEqual({ startMinute: asleep.wakeUpMinute, activity: WAKE_UP_ACTIVITY });
  });
});

describe('snapshots written before the plan was typed', () => {
  it('are read with the place split off the activity text', () => {
    const agent = {
      plan: {
        day: 0,
        wakeUpMinute: 420,
        goals: [],
        blocks: [{ start: 420, end: 480, activity: 'opening the cafe @ Corner Cafe:cafe floor:counter', sleep: false }],
        chunks: [{ start: 420, end: 480, activity: 'opening the cafe @ Corner Cafe:cafe floor:counter', tasks: null, version: 0, reused: false }],
      },
    } as unknown as AgentScratch;
    const old: MindScratch = { format: 1, nextStep: 5, agents: { [asAgentId('ada')]: agent }, pairCooldownUntil: {}, talks: {} };
    const plan = readScratch(packScratch(old)).agents[asAgentId('ada')].plan!;
    expect(plan.blocks[0]).toMatchObject({ activity: 'opening the cafe', place: 'Corner Cafe:cafe floor:counter' });
    expect(plan.chunks[0]).toMatchObject({ activity: 'opening the cafe', place: 'Corner Cafe:cafe floor:counter' });
  });
});

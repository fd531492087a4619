import { describe, expect, it } from 'vitest';
import { chunksOf, dayPlanFrom, putInPool, remainingPlan, replanRest, reuseKey, taskIndexAt, takeFromPool, tasksFrom, activityAt } from '../../../server/mind/generative/planning';
import type { PlanChunk } from '../../../server/mind/generative/scratch';
import type { SubTask } from '../../../server/mind/tasks/contracts';

const DAY = Date.UTC(2026, 1, 13);
const sub = (minutes: number, description: string, place = 'Cafe:floor:counter'): SubTask => ({ minutes, description, place, emoji: '☕', event: ['Ada', 'is', description] });

describe('day plan', () => {
  const answer = {
    wakeUpMinute: 7 * 60,
    goals: ['open the cafe', 'see Ben'],
    schedule: [
      { startMinute: 7 * 60, activity: 'getting ready' },
      { startMinute: 8 * 60, activity: 'serving coffee' },
      { startMinute: 11 * 60 + 10, activity: 'lunch' },
      { startMinute: 12 * 60, activity: 'walking' },
      { startMinute: 22 * 60, activity: 'going to bed' },
    ],
    currently: 'Ada is busy',
  };

  it('covers the day: sleep until wake-up, one block per entry, sleep activities marked', () => {
    const plan = dayPlanFrom(answer, DAY, 60);
    expect(plan.blocks.map((b) => [b.start, b.end, b.sleep])).toEqual([
      [0, 420, true],
      [420, 480, false],
      [480, 670, false],
      [670, 720, false],
      [720, 1320, false],
      [1320, 1440, true],
    ]);
    expect(plan.day).toBe(DAY);
    expect(plan.goals).toEqual(answer.goals);
  });

  it('cuts awake blocks into pieces of about an hour; a short remainder joins the piece before', () => {
    const plan = dayPlanFrom(answer, DAY, 60);
    const serving = plan.chunks.filter((c) => c.activity === 'serving coffee').map((c) => [c.start, c.end]);
    expect(serving).toEqual([
      [480, 540],
      [540, 600],
      [600, 670], // 10 minutes left over join the last piece
    ]);
    expect(plan.chunks.every((c) => c.tasks === null)).toBe(true);
    expect(plan.chunks.some((c) => c.activity === 'going to bed')).toBe(false);
    expect(chunksOf([{ start: 0, end: 30, activity: 'x', sleep: false }], 60)).toHaveLength(1);
  });

  it('restores the usual place of a routine activity the answer gave without one; blocks and pieces carry it apart from the activity', () => {
    const routine = [
      { start: 7 * 60, activity: 'getting ready', place: 'Home:bathroom' },
      { start: 8 * 60, activity: 'Serving coffee', place: 'Cafe:floor:coffee machine' },
    ];
    const plan = dayPlanFrom({ ...answer, schedule: [...answer.schedule.slice(0, 3), { startMinute: 12 * 60, activity: 'walking', place: 'Park:lawn' }] }, DAY, 60, routine);
    expect(plan.blocks.slice(1).map((b) => [b.activity, b.place])).toEqual([
      ['getting ready', 'Home:bathroom'],
      ['serving coffee', 'Cafe:floor:coffee machine'],
      ['lunch', undefined],
      ['walking', 'Park:lawn'],
    ]);
    expect(plan.chunks.filter((c) => c.activity === 'serving coffee').every((c) => c.place === 'Cafe:floor:coffee machine')).toBe(true);
    // The reuse key reads as it always has (pools are kept in snapshots).
    expect(reuseKey(plan.chunks.find((c) => c.activity === 'serving coffee')!)).toBe('serving coffee @ cafe:floor:coffee machine|60');
    expect(activityAt(plan, 8 * 60 + 5)).toBe('serving coffee');
  });
});

describe('tasks of a piece', () => {
  const chunk = (): PlanChunk => ({ start: 480, end: 540, activity: 'serving coffee', tasks: null, version: 0, reused: false });

  it('lays sub-tasks end to end and stretches or cuts them to fill the piece exactly', () => {
    expect(tasksFrom(480, 540, [sub(20, 'a'), sub(20, 'b')]).map((t) => [t.start, t.minutes])).toEqual([
      [480, 20],
      [500, 40],
    ]);
    expect(tasksFrom(480, 540, [sub(50, 'a'), sub(50, 'b'), sub(5, 'c')]).map((t) => [t.start, t.minutes])).toEqual([
      [480, 50],
      [530, 10],
    ]);
  });

  it('finds the task under way', () => {
    const c = chunk();
    c.tasks = tasksFrom(480, 540, [sub(15, 'a'), sub(15, 'b'), sub(30, 'c')]);
    expect(taskIndexAt(c, 480)).toBe(0);
    expect(taskIndexAt(c, 494)).toBe(0);
    expect(taskIndexAt(c, 495)).toBe(1);
    expect(taskIndexAt(c, 539)).toBe(2);
    expect(activityAt({ day: DAY, wakeUpMinute: 0, goals: [], blocks: [{ start: 0, end: 1440, activity: 'serving coffee', sleep: false }], chunks: [c] }, 500)).toBe('b');
  });

  it('re-plans the rest of a piece from a minute on, keeping what was done', () => {
    const c = chunk();
    c.tasks = tasksFrom(480, 540, [sub(30, 'a'), sub(30, 'b')]);
    replanRest(c, 500, [sub(10, 'talking it over'), sub(30, 'back to work')]);
    expect(c.tasks!.map((t) => [t.start, t.minutes, t.description])).toEqual([
      [480, 20, 'a'],
      [500, 10, 'talking it over'],
      [510, 30, 'back to work'],
    ]);
    expect(c.version).toBe(1);
    expect(remainingPlan(c, 505)).toEqual([
      { start: 505, description: 'talking it over', place: 'Cafe:floor:counter' },
      { start: 510, description: 'back to work', place: 'Cafe:floor:counter' },
    ]);
  });

  it('keeps decompositions for reuse by activity and length, least recently used dropped', () => {
    const pool: Parameters<typeof putInPool>[0] = [];
    const a = chunk();
    a.tasks = tasksFrom(480, 540, [sub(60, 'a')]);
    putInPool(pool, a, 2);
    const later = { ...chunk(), start: 600, end: 660 };
    expect(reuseKey(later)).toBe(reuseKey(a));
    expect(takeFromPool(pool, later)!.map((t) => [t.start, t.minutes])).toEqual([[600, 60]]);
    expect(takeFromPool(pool, { ...chunk(), end: 550 })).toBeUndefined(); // another length
    for (const name of ['x', 'y']) putInPool(pool, { ...chunk(), activity: name, tasks: [{ ...a.tasks![0] }] }, 2);
    expect(pool.map((d) => d.key.split('|')[0])).toEqual(['x', 'y']);
  });
});

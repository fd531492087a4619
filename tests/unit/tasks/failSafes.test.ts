/**
 * What each task gives when no model answer can be used: values that keep the town sensible and
 * never pretend to be the model's.
 */
import { describe, expect, it } from 'vitest';
import { mindTasks } from '../../../server/mind/tasks';
import { NO_ANSWER } from '../../../server/mind/tasks/answerInterview';
import { inputs, KNOWN_PLACES } from './fixtures';

describe('fail-safes', () => {
  it('planDay: the usual routine from wake-up, places kept, goals from its activities', () => {
    const v = mindTasks.planDay.failSafe(inputs.planDay);
    expect(v.wakeUpMinute).toBe(360);
    expect(v.schedule[0]).toEqual({ startMinute: 360, activity: 'waking up and showering', place: 'Ash House:bathroom:shower' });
    expect(v.schedule.at(-1)).toEqual({ startMinute: 1350, activity: 'sleeping', place: 'Ash House:bedroom:bed' });
    expect(v.schedule.map((s) => s.startMinute)).toEqual([...v.schedule.map((s) => s.startMinute)].sort((a, b) => a - b));
    expect(v.goals).toHaveLength(8);
    expect(v.goals).not.toContain('sleeping');
    expect(v.currently).toBe(inputs.planDay.persona.currently);
  });

  it('planDay: without a routine, the wake-up time from the lifestyle', () => {
    const v = mindTasks.planDay.failSafe({ ...inputs.planDay, usualRoutine: [] });
    expect(v).toMatchObject({ wakeUpMinute: 360, schedule: [{ startMinute: 360, activity: 'going about the day' }], goals: ['follow the usual routine'] });
  });

  it('decomposeBlock: one task for the whole block at the best matching known place', () => {
    expect(mindTasks.decomposeBlock.failSafe(inputs.decomposeBlock)).toEqual({
      tasks: [{ minutes: 60, description: 'opening the cafe', place: 'Corner Cafe:cafe floor:counter', emoji: '🛎️', event: ['Ana Lopez', 'is', 'opening the cafe'] }],
    });
    const sleep = mindTasks.decomposeBlock.failSafe({ ...inputs.decomposeBlock, block: { startMinute: 1350, endMinute: 360, activity: 'sleeping' } });
    expect(sleep.tasks).toEqual([{ minutes: 450, description: 'sleeping', place: 'Ash House:bedroom:bed', emoji: '😴', event: ['Ana Lopez', 'is', 'sleeping'] }]);
    const vague = mindTasks.decomposeBlock.failSafe({ ...inputs.decomposeBlock, block: { startMinute: 600, endMinute: 660, activity: 'pondering' } });
    expect(vague.tasks[0].place).toBe(inputs.decomposeBlock.currentPlace);
    expect(KNOWN_PLACES).toContain(vague.tasks[0].place);
  });

  it('rateImportance: 4 for each memory', () => {
    expect(mindTasks.rateImportance.failSafe(inputs.rateImportance)).toEqual({ scores: [4, 4, 4, 4] });
  });

  it('react: carry on', () => {
    expect(mindTasks.react.failSafe(inputs.react).decision).toBe('continue');
  });

  it('speak: a polite closing line that ends the talk', () => {
    expect(mindTasks.speak.failSafe(inputs.speak)).toEqual({ line: 'Sorry, I have to get going. See you later, Klaus!', end: true });
  });

  it('closeConversation: a summary from the transcript, no re-plan', () => {
    const v = mindTasks.closeConversation.failSafe(inputs.closeConversation);
    expect(v).toEqual({
      summary: 'Ana Lopez talked with Klaus Mueller at 07:50; Ana Lopez began: "Morning, Klaus! The usual?"',
      planningThought: 'Ana Lopez will carry on with the plan after talking with Klaus Mueller.',
      memo: 'Klaus Mueller said: "I will be there, and I will bring Maria."',
    });
    expect(mindTasks.closeConversation.failSafe({ ...inputs.closeConversation, transcript: [] }).summary).toMatch(/said nothing/);
  });

  it('reflection: no questions, no insights', () => {
    expect(mindTasks.reflectQuestions.failSafe(inputs.reflectQuestions)).toEqual({ questions: [] });
    expect(mindTasks.reflectInsights.failSafe(inputs.reflectInsights)).toEqual({ insights: [] });
  });

  it('answerInterview: says plainly that there is no answer', () => {
    expect(mindTasks.answerInterview.failSafe(inputs.answerInterview)).toEqual({ answer: NO_ANSWER });
    expect(NO_ANSWER).toMatch(/^\(no answer: .*\)$/);
  });

  it('innerVoice: the whisper itself, importance 5', () => {
    expect(mindTasks.innerVoice.failSafe(inputs.innerVoice)).toEqual({ thought: 'You want to invite Sam Moore to the party.', importance: 5 });
  });
});

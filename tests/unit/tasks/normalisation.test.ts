/**
 * Domain repairs per task: what small models get wrong in content, not in JSON syntax.
 */
import { describe, expect, it } from 'vitest';
import { interpretAnswer, type Task } from '../../../server/llm/task';
import { mindTasks, type MindTaskName } from '../../../server/mind/tasks';
import type { DecomposeBlockInput, SubTask } from '../../../server/mind/tasks/contracts';
import { inputs, KNOWN_PLACES } from './fixtures';

function parse<N extends MindTaskName>(name: N, answer: unknown, input: unknown = inputs[name]): any {
  const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
  const r = interpretAnswer(mindTasks[name] as unknown as Task<unknown, unknown>, input, { text });
  if (!r.ok) throw new Error(`rejected: ${r.problem}`);
  return r.value;
}

function rejects(name: MindTaskName, answer: unknown, input: unknown = inputs[name]): string {
  const r = interpretAnswer(mindTasks[name] as unknown as Task<unknown, unknown>, input, { text: JSON.stringify(answer) });
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.problem;
}

const total = (tasks: SubTask[]) => tasks.reduce((s, t) => s + t.minutes, 0);

describe('planDay', () => {
  it('reads times in any common form and sorts the schedule', () => {
    const v = parse('planDay', {
      wake_up: '6:15 am',
      goals: ['open the cafe', 'bake', 'invite people', 'decorate', 'rest'],
      schedule: [
        { time: '1:00 pm', activity: 'walking in the park' },
        { time: '07:00', activity: 'opening the cafe' },
        { start: 6.25, activity: 'waking up' },
        { time: '19.30', activity: 'cooking dinner' },
        { time: 'later', activity: 'no time given' },
      ],
      status: 'Ana is getting ready for the party.',
    });
    expect(v.wakeUpMinute).toBe(375);
    expect(v.schedule).toEqual([
      { startMinute: 375, activity: 'waking up' },
      { startMinute: 420, activity: 'opening the cafe' },
      { startMinute: 780, activity: 'walking in the park' },
      { startMinute: 1170, activity: 'cooking dinner' },
    ]);
    expect(v.currently).toBe('Ana is getting ready for the party.');
  });

  it('takes schedules written as a map or as lines', () => {
    expect(parse('planDay', { wakeUp: '06:00', goals: ['a', 'b', 'c', 'd', 'e'], schedule: { '06:00': 'waking up', '08:00': 'working' }, currently: 'x' }).schedule).toEqual([
      { startMinute: 360, activity: 'waking up' },
      { startMinute: 480, activity: 'working' },
    ]);
    expect(parse('planDay', { wakeUp: '06:00', goals: ['a'], schedule: ['06:00 - waking up', '7am: opening the cafe', '08:00-09:00 serving'], currently: 'x' }).schedule).toEqual([
      { startMinute: 360, activity: 'waking up' },
      { startMinute: 420, activity: 'opening the cafe' },
      { startMinute: 480, activity: 'serving' },
    ]);
  });

  it('starts the day at wake-up: earlier entries dropped, sleep not moved', () => {
    const v = parse('planDay', { wakeUp: '06:30', goals: ['a'], schedule: [{ time: '00:00', activity: 'sleeping' }, { time: '08:00', activity: 'working' }], currently: 'x' });
    expect(v.schedule).toEqual([
      { startMinute: 390, activity: 'waking up and getting ready' },
      { startMinute: 480, activity: 'working' },
    ]);
    const moved = parse('planDay', { wakeUp: '06:30', goals: ['a'], schedule: [{ time: '06:00', activity: 'showering' }, { time: '08:00', activity: 'working' }], currently: 'x' });
    expect(moved.schedule[0]).toEqual({ startMinute: 390, activity: 'showering' });
  });

  it('ignores a wake-up time after most of the day (a bedtime by mistake)', () => {
    const v = parse('planDay', { wakeUp: '22:00', goals: ['a'], schedule: [{ time: '06:00', activity: 'waking up' }, { time: '09:00', activity: 'working' }, { time: '22:00', activity: 'sleeping' }], currently: 'x' });
    expect(v.wakeUpMinute).toBe(360);
    expect(v.schedule).toHaveLength(3);
  });

  it('derives a missing wake-up time from the schedule', () => {
    expect(parse('planDay', { goals: ['a'], schedule: [{ time: '05:45', activity: 'waking up' }], currently: 'x' }).wakeUpMinute).toBe(345);
  });

  it('trims goals to 8 and pads them to 5 from the schedule, without duplicates', () => {
    const many = parse('planDay', { wakeUp: '06:00', goals: Array.from({ length: 12 }, (_, i) => `goal ${i}`), schedule: [{ time: '06:00', activity: 'x' }], currently: 'x' });
    expect(many.goals).toHaveLength(8);
    const few = parse('planDay', {
      wakeUp: '06:00',
      goals: ['Open the cafe', 'open the cafe'],
      schedule: [
        { time: '06:00', activity: 'waking up' },
        { time: '07:00', activity: 'opening the cafe' },
        { time: '11:00', activity: 'baking' },
        { time: '22:00', activity: 'sleeping' },
      ],
      currently: 'x',
    });
    expect(few.goals).toHaveLength(5);
    expect(few.goals.slice(0, 4)).toEqual(['Open the cafe', 'waking up', 'opening the cafe', 'baking']);
    expect(new Set(few.goals.map((g: string) => g.toLowerCase())).size).toBe(5);
    expect(few.goals).not.toContain('sleeping');
  });

  it('keeps the persona\'s "currently" when the answer has none, and rejects a plan without a schedule', () => {
    expect(parse('planDay', { wakeUp: '06:00', goals: ['a'], schedule: [{ time: '06:00', activity: 'x' }] }).currently).toBe(inputs.planDay.persona.currently);
    expect(rejects('planDay', { wakeUp: '06:00', goals: ['a', 'b'] })).toMatch(/schedule/);
  });
});

describe('decomposeBlock', () => {
  const step = (minutes: unknown, description: string, extra: Record<string, unknown> = {}) => ({ minutes, description, place: 'Corner Cafe:cafe floor:counter', emoji: '☕', ...extra });

  it('scales durations to the block exactly, in 5-minute steps', () => {
    const v = parse('decomposeBlock', { tasks: [step(10, 'a'), step(10, 'b'), step(10, 'c'), step(15, 'd')] });
    expect(total(v.tasks)).toBe(60);
    expect(v.tasks.map((t: SubTask) => t.minutes).every((m: number) => m % 5 === 0)).toBe(true);
  });

  it('covers blocks of any length (47 minutes, 3 hours, across midnight)', () => {
    const block = (startMinute: number, endMinute: number): DecomposeBlockInput => ({ ...inputs.decomposeBlock, block: { startMinute, endMinute, activity: 'reading' } });
    expect(total(parse('decomposeBlock', { tasks: [step(20, 'a'), step(20, 'b')] }, block(600, 647)).tasks)).toBe(47);
    expect(total(parse('decomposeBlock', { tasks: [step(60, 'a'), step(60, 'b')] }, block(600, 780)).tasks)).toBe(180);
    expect(total(parse('decomposeBlock', { tasks: [step(15, 'a')] }, block(1410, 30)).tasks)).toBe(60);
  });

  it('reads durations from words, strings and clock times', () => {
    const v = parse('decomposeBlock', {
      tasks: [
        { start: '07:20', description: 'making coffee', place: 'coffee machine' },
        { start: '7:00 am', end: '7:20', description: 'unlocking the door', place: 'counter' },
        { start: '07:45', description: 'wiping tables', place: 'table' },
      ],
    });
    expect(v.tasks.map((t: SubTask) => [t.description, t.minutes])).toEqual([
      ['unlocking the door', 20],
      ['making coffee', 25],
      ['wiping tables', 15],
    ]);
    const words = parse('decomposeBlock', { tasks: [step('ten minutes', 'a'), step('50 min', 'b')] });
    expect(words.tasks.map((t: SubTask) => t.minutes)).toEqual([10, 50]);
  });

  it('maps places to known ones: exact, fuzzy, partial, unknown', () => {
    const v = parse('decomposeBlock', {
      tasks: [
        step(15, 'a', { place: 'Corner Cafe:cafe floor:coffee machine' }),
        step(15, 'b', { place: 'corner cafe kitchen ovn' }),
        step(15, 'c', { place: 'sink' }),
        step(15, 'd', { place: 'Mars' }),
      ],
    });
    expect(v.tasks.map((t: SubTask) => t.place)).toEqual([
      'Corner Cafe:cafe floor:coffee machine',
      'Corner Cafe:kitchen:oven',
      'Corner Cafe:kitchen:sink',
      'Corner Cafe:cafe floor:counter', // the block's usual place
    ]);
  });

  it('without a usual place, unknown places fall back to a suited place nearby, then the current place', () => {
    const input = { ...inputs.decomposeBlock, block: { startMinute: 420, endMinute: 480, activity: 'pottering around' }, currentPlace: 'Ash House:kitchen:table' };
    const v = parse('decomposeBlock', { tasks: [step(30, 'cooking eggs', { place: 'Mars' }), step(30, 'humming', { place: 'Mars' })] }, input);
    expect(v.tasks.map((t: SubTask) => t.place)).toEqual(['Ash House:kitchen:stove', 'Ash House:kitchen:table']);
  });

  it('fills emoji, event triple and object state; drops empty steps', () => {
    const v = parse('decomposeBlock', {
      tasks: [
        { minutes: 30, description: 'brewing coffee', place: 'coffee machine', emoji: 'coffee cup', event: 'Ana, brews, coffee', objectState: 'none' },
        { minutes: 20, description: 'reading the paper', place: 'table', event: { subject: 'She', predicate: 'reads', object: 'the paper' }, state: 'in use' },
        { minutes: 10, description: '', place: 'table' },
        { minutes: 10, description: 'greeting customers', place: 'counter', emoji: '👋 hello', event: ['Ana'] },
      ],
    });
    expect(v.tasks).toHaveLength(3);
    expect(v.tasks[0]).toEqual({ minutes: 30, description: 'brewing coffee', place: 'Corner Cafe:cafe floor:coffee machine', emoji: '☕', event: ['Ana Lopez', 'brews', 'coffee'] });
    expect(v.tasks[1]).toMatchObject({ emoji: '📖', event: ['Ana Lopez', 'reads', 'the paper'], objectState: 'in use' });
    expect(v.tasks[2]).toMatchObject({ emoji: '👋', event: ['Ana Lopez', 'is', 'greeting customers'] });
    expect(total(v.tasks)).toBe(60);
  });

  it('accepts a bare list, a single task, or string steps', () => {
    expect(parse('decomposeBlock', [step(30, 'a'), step(30, 'b')]).tasks).toHaveLength(2);
    expect(parse('decomposeBlock', { tasks: step(10, 'only one') }).tasks[0].minutes).toBe(60);
    const strings = parse('decomposeBlock', { steps: ['unlocking the door (10 min)', '20 min: making coffee @ coffee machine', 'serving'] });
    expect(strings.tasks.map((t: SubTask) => [t.description, t.minutes, t.place])).toEqual([
      // 10 + 20 + (missing: the average, 15) = 45, scaled to 60 in 5-minute steps
      ['unlocking the door', 15, 'Corner Cafe:cafe floor:counter'],
      ['making coffee', 25, 'Corner Cafe:cafe floor:coffee machine'],
      ['serving', 20, 'Corner Cafe:cafe floor:counter'],
    ]);
  });

  it('rejects an answer with no described step (retry)', () => {
    expect(rejects('decomposeBlock', { tasks: [{ minutes: 10 }, { description: '  ' }] })).toMatch(/description/);
    expect(rejects('decomposeBlock', { answer: 'ok' })).toMatch(/list of tasks/);
  });
});

describe('rateImportance', () => {
  it('one integer 1-10 per memory, whatever the form', () => {
    expect(parse('rateImportance', { scores: ['7/10', 'two', 3.4, '9 (very)'] }).scores).toEqual([7, 2, 3, 9]);
    expect(parse('rateImportance', { ratings: { '1': 3, '2': 8, '3': 1, '4': 5 } }).scores).toEqual([3, 8, 1, 5]);
    expect(parse('rateImportance', [{ memory: 2, score: 9 }, { memory: 1, score: 2 }]).scores).toEqual([2, 9, 4, 4]);
    expect(parse('rateImportance', { scores: { 'Klaus is drinking coffee': 2, 'Sam runs for mayor': 7 } }).scores).toEqual([2, 7, 4, 4]);
  });

  it('pads short lists with 4 and cuts long ones', () => {
    expect(parse('rateImportance', { scores: [5] }).scores).toEqual([5, 4, 4, 4]);
    expect(parse('rateImportance', { scores: [1, 2, 3, 4, 5, 6] }).scores).toEqual([1, 2, 3, 4]);
  });

  it('rejects answers with no readable score', () => {
    rejects('rateImportance', { scores: ['high', 'low'] });
  });
});

describe('react', () => {
  it.each([
    ['talk', 'talk'],
    ['Talk', 'talk'],
    ['yes', 'talk'],
    ['talk to them', 'talk'],
    ['Say hi', 'talk'],
    ['wait', 'wait'],
    ['wait until they are free', 'wait'],
    ['later', 'wait'],
    ['continue', 'continue'],
    ['ignore', 'continue'],
    ['no', 'continue'],
    ["don't talk, keep working", 'continue'],
    ['carry on', 'continue'],
  ])('reads %j as %s', (said, decision) => {
    expect(parse('react', { decision: said, reason: 'r' }).decision).toBe(decision);
  });

  it('reads other keys and booleans', () => {
    expect(parse('react', { action: 'talk', why: 'old friend' })).toEqual({ decision: 'talk', reason: 'old friend' });
    expect(parse('react', { should_talk: false }).decision).toBe('continue');
  });

  it('keeps the opening line and relationship only when talking, cleaned', () => {
    expect(parse('react', { decision: 'talk', reason: 'x', firstLine: 'Ana Lopez: "Hi Klaus!"', relationship: 'A regular.' })).toEqual({
      decision: 'talk',
      reason: 'x',
      firstLine: 'Hi Klaus!',
      relationship: 'A regular.',
    });
    expect(parse('react', { decision: 'continue', reason: 'busy', firstLine: 'Hi' })).toEqual({ decision: 'continue', reason: 'busy' });
    expect(parse('react', { decision: 'talk', reason: 'x', firstLine: '' })).toEqual({ decision: 'talk', reason: 'x' });
  });
});

describe('speak', () => {
  it('strips the speaker\'s name, quotes, and the partner\'s invented reply', () => {
    expect(parse('speak', { line: 'Ana: "See you Saturday!"', end: false }).line).toBe('See you Saturday!');
    expect(parse('speak', { line: '**Ana Lopez:** Sure thing.', end: false }).line).toBe('Sure thing.');
    expect(parse('speak', { line: 'Sounds good!\nKlaus Mueller: Great, bye!\nAna Lopez: Bye!', end: false }).line).toBe('Sounds good!');
  });

  it('reads "end" in words and forces it at the last turn', () => {
    expect(parse('speak', { text: 'Bye now!', end_conversation: 'yes' }).end).toBe(true);
    expect(parse('speak', { line: 'Tell me more.', end: false }, { ...inputs.speak, turn: 16 }).end).toBe(true);
  });

  it('keeps a relationship only when the input had none', () => {
    expect(parse('speak', { line: 'Hi.', end: false, relationship: 'x' })).toEqual({ line: 'Hi.', end: false });
    expect(parse('speak', { line: 'Hi.', end: false, relationship: 'Klaus is kind.' }, { ...inputs.speak, relationship: '' })).toEqual({ line: 'Hi.', end: false, relationship: 'Klaus is kind.' });
  });

  it('keeps the whole sentences of a cut-off line and rejects empty lines', () => {
    expect(parse('speak', '{"line": "Of course. I will bring the chairs and the')).toEqual({ line: 'Of course.', end: false });
    rejects('speak', { line: 'I will bring the chairs and the' });
    rejects('speak', { line: '  ', end: true });
    rejects('speak', { end: true });
  });
});

describe('speakLines', () => {
  const A = 'Ana Lopez';
  const K = 'Klaus Mueller';
  const lines = (v: { lines: { speaker: number; text: string }[] }) => v.lines.map((l) => `${l.speaker}:${l.text}`);

  it('reads a realistic answer: turns from the speaker on, the missing relationship by name', () => {
    const v = parse('speakLines', { lines: [{ speaker: A, text: 'See you Saturday!' }, { speaker: K, text: 'I will be there.' }], end: false, relationships: { [K]: 'Ana is a warm host.' } });
    expect(v).toEqual({ lines: [{ speaker: 0, text: 'See you Saturday!' }, { speaker: 1, text: 'I will be there.' }], end: false, relationships: ['', 'Ana is a warm host.'] });
  });

  it('reads lines as "Name: text" strings or one multi-line string, first names and markdown included', () => {
    expect(lines(parse('speakLines', { lines: ['Ana: Hi again!', '**Klaus Mueller:** Hello, Ana.'], end: false }))).toEqual(['0:Hi again!', '1:Hello, Ana.']);
    expect(lines(parse('speakLines', { dialogue: 'Ana Lopez: More coffee?\nKlaus: Yes, please.\nAna: Coming up!', end: 'no' }))).toEqual(['0:More coffee?', '1:Yes, please.', '0:Coming up!']);
  });

  it('a missing speaker takes the turn; a second line by the same speaker is joined to their first', () => {
    expect(lines(parse('speakLines', { lines: [{ text: 'Morning!' }, { text: 'Morning, Ana.' }], end: false }))).toEqual(['0:Morning!', '1:Morning, Ana.']);
    expect(lines(parse('speakLines', { lines: [{ speaker: A, text: 'Hi!' }, { speaker: A, text: 'Lovely day.' }, { speaker: K, text: 'It is.' }], end: false }))).toEqual(['0:Hi! Lovely day.', '1:It is.']);
  });

  it('drops a first line by the wrong person, people not in the talk, stage directions and extra prose', () => {
    const v = parse(
      'speakLines',
      `Here is the dialogue:\n{"lines": [{"speaker": "${K}", "text": "Thanks!"}, {"speaker": "Narrator", "text": "The cafe is busy."}, {"speaker": "${A}", "text": "(smiles)"}, {"speaker": "${A}", "text": "You are welcome."}, {"speaker": "${K}", "text": "Bye."}], "end": true}\nHope this helps!`,
    );
    expect(v).toEqual({ lines: [{ speaker: 0, text: 'You are welcome.' }, { speaker: 1, text: 'Bye.' }], end: true });
  });

  it('cuts lines past the asked number (the end no longer applies) and forces the end at the last turn', () => {
    const many = { lines: ['Ana: 1.', 'Klaus: 2.', 'Ana: 3.', 'Klaus: 4.', 'Ana: 5.', 'Klaus: 6.'], end: true };
    expect(parse('speakLines', many)).toEqual({ lines: ['1.', '2.', '3.', '4.'].map((text, i) => ({ speaker: i % 2, text })), end: false });
    const late = parse('speakLines', many, { ...inputs.speakLines, turn: 15 });
    expect(late).toEqual({ lines: [{ speaker: 0, text: '1.' }, { speaker: 1, text: '2.' }], end: true });
  });

  it('a cut-off answer keeps its whole lines; nothing usable is rejected', () => {
    expect(parse('speakLines', `{"lines": [{"speaker": "${A}", "text": "See you then."}, {"speaker": "${K}", "text": "I will bring the chairs and the`)).toEqual({ lines: [{ speaker: 0, text: 'See you then.' }], end: false });
    rejects('speakLines', { lines: [], end: true });
    rejects('speakLines', { lines: [{ speaker: K, text: 'Only Klaus talks.' }], end: false });
    rejects('speakLines', { end: true });
  });

  it('the fail-safe is one polite closing line by the speaker that ends the talk', () => {
    expect(mindTasks.speakLines.failSafe(inputs.speakLines)).toEqual({ lines: [{ speaker: 0, text: 'Sorry, I have to get going. See you later, Klaus!' }], end: true });
  });
});

describe('closeConversation', () => {
  const base = { summary: 'Ana reminded Klaus about the party.', planningThought: 'Ana will set two more chairs.', memo: 'Klaus comes with Maria.' };

  it('keeps the plan unless a re-plan is given; "none" and [] mean no re-plan', () => {
    expect(parse('closeConversation', base)).toEqual(base);
    expect(parse('closeConversation', { ...base, replan: 'none' })).toEqual(base);
    expect(parse('closeConversation', { ...base, replan: [] })).toEqual(base);
    expect(parse('closeConversation', { ...base, replan: null })).toEqual(base);
    expect(parse('closeConversation', { ...base, replan: ['No change.'] })).toEqual(base);
    expect(parse('closeConversation', { ...base, replan: 'keep the plan' })).toEqual(base);
  });

  it('fits a re-plan to the minutes left in the block', () => {
    const v = parse('closeConversation', { ...base, replan: [{ minutes: 15, description: 'fetching chairs', place: 'storage shelf' }, { minutes: 15, description: 'setting chairs', place: 'table 2' }] }, { ...inputs.closeConversation, blockMinutesLeft: 40 });
    expect(v.replan.map((t: SubTask) => [t.minutes, t.place])).toEqual([
      [20, 'Corner Cafe:storage:shelf'],
      [20, 'Corner Cafe:cafe floor:table 2'],
    ]);
    expect(parse('closeConversation', { ...base, replan: [{ minutes: 5, description: 'x', place: 'table' }] }, { ...inputs.closeConversation, blockMinutesLeft: 0 }).replan).toBeUndefined();
  });

  it('fills a missing planning thought or memo from the transcript, never leaving them empty', () => {
    const v = parse('closeConversation', { summary: 'They talked.' });
    expect(v.planningThought).toBe('Ana Lopez will carry on with the plan after talking with Klaus Mueller.');
    expect(v.memo).toBe('Klaus Mueller said: "I will be there, and I will bring Maria."');
  });

  it('rejects an empty or cut-off summary', () => {
    rejects('closeConversation', { summary: '', memo: 'x' });
    rejects('closeConversation', { summary: 'Ana and Klaus talked about the' });
  });
});

describe('reflection', () => {
  it('questions: numbering and duplicates removed, trimmed to 3, padded to 3', () => {
    expect(parse('reflectQuestions', { questions: ['1. What does Ana want?', '2. What does Ana want?', 'Who comes to the party?', 'Why?', 'How?'] }).questions).toEqual([
      'What does Ana want?',
      'Who comes to the party?',
      'Why?',
    ]);
    expect(parse('reflectQuestions', ['What does Ana want?']).questions).toEqual([
      'What does Ana want?',
      'What matters most to Ana Lopez right now?',
      'How does Ana feel about the people Ana met recently?',
    ]);
    rejects('reflectQuestions', { questions: [] });
  });

  it('insights: evidence from any form, only shown indices, at most 5', () => {
    const v = parse('reflectInsights', {
      insights: [
        'Ana works hard for the party (because of 2, 5, 11)',
        { thought: 'Klaus is a loyal friend', because: '1 and 8', score: '6/10' },
        { insight: 'Ana is tired', evidence: ['memory 9', 40] },
        { insight: 'a', evidence: [1] },
        { insight: 'b', evidence: [1] },
        { insight: 'c', evidence: [1] },
      ],
    });
    expect(v.insights).toHaveLength(5);
    expect(v.insights.slice(0, 3)).toEqual([
      { insight: 'Ana works hard for the party', evidence: [2, 5, 11], importance: 4 },
      { insight: 'Klaus is a loyal friend', evidence: [1, 8], importance: 6 },
      { insight: 'Ana is tired', evidence: [9], importance: 4 },
    ]);
  });

  it('insights: only memories the prompt showed count as evidence', () => {
    const memories = Array.from({ length: 30 }, (_, i) => ({ index: i + 1, description: `memory ${i + 1}`, importance: i < 10 ? 1 : 8 }));
    const v = parse('reflectInsights', { insights: [{ insight: 'x', evidence: [1, 15, 30], importance: 5 }] }, { ...inputs.reflectInsights, memories });
    expect(v.insights[0].evidence).toEqual([15, 30]);
  });

  it('insights: an empty list is a valid "nothing to add"', () => {
    expect(parse('reflectInsights', { insights: [] })).toEqual({ insights: [] });
  });
});

describe('answerInterview and innerVoice', () => {
  it('answer: speaker prefix and quotes stripped, a lone text field taken, empty rejected', () => {
    expect(parse('answerInterview', { answer: 'Ana: "Klaus and Maria are coming."' }).answer).toBe('Klaus and Maria are coming.');
    expect(parse('answerInterview', { my_reply: 'Klaus is coming.' }).answer).toBe('Klaus is coming.');
    expect(parse('answerInterview', { answer: 'Klaus is coming. Maria might bring her gui' }).answer).toBe('Klaus is coming.');
    rejects('answerInterview', { answer: '' });
  });

  it('inner voice: thought cleaned, importance read or 5', () => {
    expect(parse('innerVoice', { thought: '"Ana wants to invite Sam."', importance: 'seven' })).toEqual({ thought: 'Ana wants to invite Sam.', importance: 7 });
    expect(parse('innerVoice', { thought: 'Ana wants to invite Sam.' }).importance).toBe(5);
    rejects('innerVoice', { importance: 5 });
  });
});

it('known places stay known: every decomposition place is in the list or the current place', () => {
  const v = parse('decomposeBlock', { tasks: [{ minutes: 30, description: 'x', place: 'Zanzibar' }, { minutes: 30, description: 'y', place: 'moon:crater:rock' }] });
  for (const t of v.tasks) expect([...KNOWN_PLACES, inputs.decomposeBlock.currentPlace]).toContain(t.place);
});

it('decomposeBlock: "time" is a duration when it says so, a start when it is a clock time', () => {
  const minutes = parse('decomposeBlock', { tasks: [{ time: 10, description: 'a' }, { time: '50 min', description: 'b' }] });
  expect(minutes.tasks.map((t: SubTask) => t.minutes)).toEqual([10, 50]);
  const clock = parse('decomposeBlock', { tasks: [{ time: '07:40', description: 'b' }, { time: '07:00', description: 'a' }] });
  expect(clock.tasks.map((t: SubTask) => [t.description, t.minutes])).toEqual([
    ['a', 40],
    ['b', 20],
  ]);
});

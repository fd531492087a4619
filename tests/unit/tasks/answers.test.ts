/**
 * Every task against realistic answers and against each typical breakage: prose around JSON,
 * code fences, trailing commas, single quotes, numbers as words, out-of-range values, unknown
 * places or names, truncation, empty answers. Each ends repaired, retried or in the fail-safe —
 * never in a throw — and the value always satisfies the task's schema.
 */
import { describe, expect, it } from 'vitest';
import { interpretAnswer, runTask, TaskCounters, type Task } from '../../../server/llm/task';
import { mindTasks, type MindTaskName } from '../../../server/mind/tasks';
import { ScriptedModel } from '../../support/scriptedModel';
import { inputs, KNOWN_PLACES } from './fixtures';

const task = (name: MindTaskName) => mindTasks[name] as unknown as Task<unknown, unknown>;

/** What small instruct models really answer for the fixture inputs (valid JSON, house style). */
const realistic: Record<MindTaskName, string> = {
  planDay: `{"wakeUp": "06:00", "goals": ["open the cafe on time", "bake pastries", "invite neighbours to the party", "buy decorations", "walk in the park", "close the cafe"], "schedule": [{"time": "06:00", "activity": "waking up and showering"}, {"time": "06:30", "activity": "eating breakfast"}, {"time": "07:00", "activity": "opening the cafe"}, {"time": "08:00", "activity": "serving customers"}, {"time": "11:00", "activity": "baking pastries"}, {"time": "12:30", "activity": "eating lunch"}, {"time": "13:00", "activity": "walking in the park"}, {"time": "14:00", "activity": "serving customers and inviting them to the party"}, {"time": "18:00", "activity": "closing the cafe"}, {"time": "19:00", "activity": "buying decorations"}, {"time": "20:00", "activity": "reading"}, {"time": "22:30", "activity": "sleeping"}], "currently": "Ana is preparing the Valentine's Day party at Corner Cafe and inviting her regulars."}`,
  decomposeBlock: `{"tasks": [{"minutes": 10, "description": "walking to the cafe", "place": "Main Street:pavement:bench", "emoji": "🚶", "event": ["Ana Lopez", "walks", "to the cafe"], "objectState": ""}, {"minutes": 10, "description": "unlocking the door and turning on the lights", "place": "Corner Cafe:cafe floor:counter", "emoji": "🔑", "event": ["Ana Lopez", "unlocks", "the cafe"], "objectState": "being opened"}, {"minutes": 15, "description": "starting the coffee machine", "place": "Corner Cafe:cafe floor:coffee machine", "emoji": "☕", "event": ["Ana Lopez", "starts", "the coffee machine"], "objectState": "warming up"}, {"minutes": 15, "description": "setting out pastries", "place": "Corner Cafe:cafe floor:counter", "emoji": "🥐", "event": ["Ana Lopez", "sets out", "pastries"], "objectState": "full of pastries"}, {"minutes": 10, "description": "wiping the tables", "place": "Corner Cafe:cafe floor:table", "emoji": "🧽", "event": ["Ana Lopez", "wipes", "the tables"], "objectState": "clean"}]}`,
  rateImportance: `{"scores": [2, 6, 1, 4]}`,
  react: `{"decision": "talk", "reason": "Klaus is waiting and I want to remind him about the party", "firstLine": "Morning, Klaus! The usual black coffee?", "relationship": "Klaus is a friendly regular; Ana enjoys his company."}`,
  speak: `{"line": "Don't work too hard! And don't forget the party on Saturday at five.", "end": false}`,
  speakLines: `{"lines": [{"speaker": "Ana Lopez", "text": "Don't work too hard! And don't forget the party on Saturday at five."}, {"speaker": "Klaus Mueller", "text": "I wouldn't miss it. Can I bring Maria?"}, {"speaker": "Ana Lopez", "text": "Of course, the more the merrier!"}], "end": false, "relationships": {"Klaus Mueller": "Ana is a warm host who knows everyone in the neighbourhood."}}`,
  closeConversation: `{"summary": "Ana reminded Klaus about the Valentine's Day party and he promised to come with Maria.", "planningThought": "Ana should prepare enough seats for Klaus and Maria.", "memo": "Klaus will come to the party on Saturday with Maria."}`,
  reflectQuestions: `{"questions": ["How is Ana preparing for the Valentine's Day party?", "Who among the neighbours will attend the party?", "How does Ana feel about running the cafe?"]}`,
  reflectInsights: `{"insights": [{"insight": "Ana is putting a lot of effort into the Valentine's Day party", "evidence": [2, 5, 11], "importance": 7}, {"insight": "Klaus and Maria are likely to attend the party", "evidence": [1, 3], "importance": 5}]}`,
  answerInterview: `{"answer": "Klaus said he'd come, and Maria might bring her guitar. I'm hoping lots of neighbours show up!"}`,
  innerVoice: `{"thought": "Ana wants to invite Sam Moore to the party", "importance": 6}`,
};

const NUMBER_WORDS: Record<string, string> = { '1': 'one', '2': 'two', '3': 'three', '4': 'four', '5': 'five', '6': 'six', '7': 'seven', '10': 'ten', '11': 'eleven', '15': 'fifteen' };

/** The breakages that are repaired without a retry, made from a realistic answer. */
const repairable: Record<string, (text: string) => string> = {
  'prose around JSON': (t) => `Sure! Here is my answer:\n${t}\nLet me know if you need anything else.`,
  'code fences': (t) => `\`\`\`json\n${JSON.stringify(JSON.parse(t), null, 2)}\n\`\`\``,
  'trailing commas': (t) => JSON.stringify(JSON.parse(t), null, 1).replace(/([^\s[{,])(\s*[}\]])/g, '$1,$2'),
  'single quotes': (t) => t.replace(/'/g, '’').replace(/"/g, "'"),
  'numbers as words': (t) => t.replace(/(?<=[:[,]\s?)(\d+)(?=[,\]}])/g, (n) => NUMBER_WORDS[n] ?? n),
};

function sameShapeValid(name: MindTaskName, value: unknown) {
  expect(task(name).schema.safeParse(value).success, `${name}: ${JSON.stringify(value)}`).toBe(true);
}

async function run(name: MindTaskName, ...answers: string[]) {
  const model = new ScriptedModel({ queues: { [name]: answers }, fallback: '' });
  const result = await runTask(model, task(name), inputs[name], {}, { counters: new TaskCounters() });
  if (result.outcome === 'fail-safe') expect(result.value).toEqual(task(name).failSafe(inputs[name]));
  else sameShapeValid(name, result.value);
  return result;
}

describe.each(Object.keys(realistic) as MindTaskName[])('%s answers', (name) => {
  it('accepts a realistic answer', async () => {
    const r = await run(name, realistic[name]);
    expect(['ok', 'repaired']).toContain(r.outcome);
    expect(r.attempts).toBe(1);
  });

  it.each(Object.keys(repairable))('repairs %s without a retry', async (kind) => {
    const broken = repairable[kind](realistic[name]);
    const r = await run(name, broken);
    expect(['ok', 'repaired'], r.problems.join('; ')).toContain(r.outcome);
    expect(r.attempts).toBe(1);
    // Same value as the clean answer (single quotes: apostrophes were made typographic first).
    const reference = kind === 'single quotes' ? realistic[name].replace(/'/g, '’') : realistic[name];
    const clean = interpretAnswer(task(name), inputs[name], { text: reference });
    expect(clean.ok && r.value).toEqual(clean.ok && clean.value);
  });

  it('survives a truncated answer (repaired, or retried into the fail-safe)', async () => {
    for (const cut of [0.3, 0.6, 0.9]) {
      const text = realistic[name];
      const r = await run(name, text.slice(0, Math.floor(text.length * cut)));
      expect(['repaired', 'fail-safe']).toContain(r.outcome);
    }
  });

  it('ends in the fail-safe after empty answers, with bounded retries', async () => {
    const r = await run(name, '', '', '');
    expect(r.outcome).toBe('fail-safe');
    expect(r.attempts).toBe(3);
    expect(r.value).toEqual(task(name).failSafe(inputs[name]));
  });

  it('retries prose without JSON and takes the next good answer', async () => {
    const r = await run(name, 'I think that sounds lovely, thank you for asking!', realistic[name]);
    expect(r.outcome).toBe('retried');
    expect(r.attempts).toBe(2);
  });
});

describe('out-of-range values and unknown names', () => {
  const parse = (name: MindTaskName, text: string, input: unknown = inputs[name]) => {
    const r = interpretAnswer(task(name), input, { text });
    if (!r.ok) throw new Error(r.problem);
    sameShapeValid(name, r.value);
    return r.value as Record<string, any>;
  };

  it('planDay: impossible times dropped, hours as numbers read', () => {
    const v = parse('planDay', `{"wakeUp": 6.5, "goals": ["a","b","c","d","e"], "schedule": [{"time": "25:00", "activity": "x"}, {"time": 6.5, "activity": "waking up"}, {"time": "9 am", "activity": "work"}], "currently": "busy"}`);
    expect(v.wakeUpMinute).toBe(390);
    expect(v.schedule).toEqual([
      { startMinute: 390, activity: 'waking up' },
      { startMinute: 540, activity: 'work' },
    ]);
  });

  it('decomposeBlock: unknown places become known ones, durations fit', () => {
    const v = parse(
      'decomposeBlock',
      `{"tasks": [{"minutes": 90, "description": "opening up", "place": "the old lighthouse", "emoji": "🔑"}, {"minutes": -5, "description": "making coffee", "place": "Corner Caffe:floor:cofee machine", "emoji": "☕"}]}`,
    );
    expect(v.tasks.map((t: { place: string }) => t.place)).toEqual(['Corner Cafe:cafe floor:counter', 'Corner Cafe:cafe floor:coffee machine']);
    expect(v.tasks.reduce((s: number, t: { minutes: number }) => s + t.minutes, 0)).toBe(60);
    for (const t of v.tasks) expect(KNOWN_PLACES).toContain(t.place);
  });

  it('rateImportance: clamped to 1-10', () => {
    expect(parse('rateImportance', `{"scores": [15, -3, 0, 7.6]}`).scores).toEqual([10, 1, 1, 8]);
  });

  it('react: an unknown decision is retried, synonyms are read', () => {
    expect(interpretAnswer(task('react'), inputs.react, { text: `{"decision": "dance", "reason": "?"}` }).ok).toBe(false);
    expect(parse('react', `{"decision": "Yes, talk to them", "reason": "friend", "firstLine": "Ana Lopez: Hi Klaus!"}`)).toMatchObject({ decision: 'talk', firstLine: 'Hi Klaus!' });
  });

  it('speak: a line addressed to an unknown person is still a line; names prefixed are stripped', () => {
    expect(parse('speak', `{"line": "Ana: \\"Say hi to Zebulon for me!\\"", "end": "no"}`)).toEqual({ line: 'Say hi to Zebulon for me!', end: false });
  });

  it('closeConversation: re-plan at unknown places maps to known places', () => {
    const v = parse('closeConversation', `{"summary": "They talked.", "planningThought": "Ana will set two more chairs.", "memo": "Klaus comes with Maria.", "replan": [{"minutes": 30, "description": "carrying chairs", "place": "Narnia"}]}`);
    expect(v.replan).toHaveLength(1);
    expect(v.replan[0]).toMatchObject({ minutes: 10, place: 'Corner Cafe:cafe floor:counter', event: ['Ana Lopez', 'is', 'carrying chairs'] });
  });

  it('reflectInsights: evidence out of range dropped, importance clamped', () => {
    const v = parse('reflectInsights', `{"insights": [{"insight": "Ana loves parties", "evidence": [0, 2, 99, "5", -1], "importance": 42}]}`);
    expect(v.insights).toEqual([{ insight: 'Ana loves parties', evidence: [2, 5], importance: 10 }]);
  });

  it('innerVoice: importance out of range clamped, in words read', () => {
    expect(parse('innerVoice', `{"thought": "Ana wants to run", "importance": 11}`).importance).toBe(10);
    expect(parse('innerVoice', `{"thought": "Ana wants to run", "importance": "eight out of ten"}`).importance).toBe(8);
  });
});

describe('model errors', () => {
  it.each(Object.keys(realistic) as MindTaskName[])('%s: a throwing model ends in the fail-safe', async (name) => {
    const model = new ScriptedModel({ fallback: new Error('503 Service Unavailable') });
    const r = await runTask(model, task(name), inputs[name], {}, { counters: new TaskCounters() });
    expect(r).toMatchObject({ outcome: 'fail-safe', attempts: 3 });
    expect(r.value).toEqual(task(name).failSafe(inputs[name]));
  });
});

describe('the asked format is not a repair', () => {
  it('planDay: a well-formed answer (clock times, read as minutes) counts as ok', () => {
    expect(interpretAnswer(task('planDay'), inputs.planDay, { text: realistic.planDay })).toMatchObject({ ok: true, repaired: false });
  });

  it('planDay: an answer the repairs change still counts as repaired', () => {
    const outOfOrder = realistic.planDay.replace('"time": "06:30"', '"time": "07:30"');
    expect(interpretAnswer(task('planDay'), inputs.planDay, { text: outOfOrder })).toMatchObject({ ok: true, repaired: true });
    const hoursAsNumbers = realistic.planDay.replace('"wakeUp": "06:00"', '"wakeUp": 6');
    expect(interpretAnswer(task('planDay'), inputs.planDay, { text: hoursAsNumbers })).toMatchObject({ ok: true, repaired: true });
  });

  it('a task without a declared format counts any change of normalize as a repair', () => {
    expect(interpretAnswer(task('rateImportance'), inputs.rateImportance, { text: `{"scores": [2, 6, 1, 4]}` })).toMatchObject({ ok: true, repaired: false });
    expect(interpretAnswer(task('rateImportance'), inputs.rateImportance, { text: `{"ratings": [2, 6, 1, 4]}` })).toMatchObject({ ok: true, repaired: true });
  });
});

describe('the order of keys is not a repair', () => {
  it('react: keys written in another order than the answer shape count as ok', () => {
    const reordered = `{"relationship": "Klaus is a friendly regular.", "firstLine": "Morning, Klaus!", "reason": "a regular", "decision": "talk"}`;
    expect(interpretAnswer(task('react'), inputs.react, { text: reordered })).toMatchObject({ ok: true, repaired: false });
  });
});

describe('decomposeBlock: the asked format', () => {
  it('an empty objectState ("" if none, as the prompt asks) is no repair', () => {
    expect(interpretAnswer(task('decomposeBlock'), inputs.decomposeBlock, { text: realistic.decomposeBlock })).toMatchObject({ ok: true, repaired: false });
  });

  it('a place that is not known still is', () => {
    const unknownPlace = realistic.decomposeBlock.replace('"Corner Cafe:cafe floor:table"', '"the tables"');
    expect(interpretAnswer(task('decomposeBlock'), inputs.decomposeBlock, { text: unknownPlace })).toMatchObject({ ok: true, repaired: true });
  });
});

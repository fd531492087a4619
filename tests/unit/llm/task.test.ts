import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { coerceToSchema, defineTask, runTask, TaskCounters } from '../../../server/llm/task';
import { answerJson, ScriptedModel } from '../../support/scriptedModel';

// Two example tasks in the shape the minds use.
const rateImportance = defineTask({
  name: 'rateImportance',
  build: (input: { memories: string[] }) => ({
    system: 'You rate how important memories are to a person, from 1 (mundane) to 10 (life-changing).',
    messages: [
      {
        role: 'user' as const,
        content: `Rate each memory.\n${input.memories.map((m, i) => `${i + 1}. ${m}`).join('\n')}\nAnswer as JSON: {"scores": [n, ...]}`,
      },
    ],
  }),
  schema: z.object({ scores: z.array(z.number().int().min(1).max(10)) }),
  maxTokens: 60,
  temperature: 0,
  normalize: (value, input) => {
    const v = value as { scores?: unknown[] };
    // Domain repair: pad or cut to one score per memory.
    if (v && Array.isArray(v.scores)) {
      const scores = v.scores.slice(0, input.memories.length);
      while (scores.length < input.memories.length) scores.push(4);
      return { ...v, scores };
    }
    return value;
  },
  failSafe: (input) => ({ scores: input.memories.map(() => 4) }),
});

const PLACES = ['Hobbs Cafe', 'Oak Hill College', 'Johnson Park'];
const react = defineTask({
  name: 'react',
  build: (input: { me: string; other: string }) => ({
    system: `You are ${input.me}.`,
    messages: [{ role: 'user' as const, content: `You see ${input.other}. Talk, wait or continue? JSON: {"choice": ..., "place": ..., "reason": ...}` }],
  }),
  schema: z.object({ choice: z.enum(['talk', 'wait', 'continue']), place: z.enum(PLACES as [string, ...string[]]), reason: z.string() }),
  maxTokens: 80,
  normalize: (value) => {
    const v = value as { place?: unknown };
    if (v && typeof v.place === 'string' && !PLACES.includes(v.place)) {
      const near = PLACES.find((p) => p.toLowerCase().includes(String(v.place).toLowerCase().split(' ')[0]));
      return { ...v, place: near ?? PLACES[0] };
    }
    return value;
  },
  failSafe: () => ({ choice: 'continue' as const, place: PLACES[0], reason: 'fail-safe' }),
});

describe('defineTask', () => {
  it('derives a JSON schema from zod', () => {
    expect(rateImportance.jsonSchema).toMatchObject({
      type: 'object',
      properties: { scores: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 10 } } },
      required: ['scores'],
    });
    expect(rateImportance.jsonSchema).not.toHaveProperty('$schema');
    expect(rateImportance.maxRetries).toBe(2);
  });

  it('has pure prompt builders', () => {
    const input = { memories: ['ate breakfast', 'got engaged'] };
    expect(rateImportance.build(input)).toEqual(rateImportance.build(input));
    expect(rateImportance.build(input)).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "Rate each memory.
      1. ate breakfast
      2. got engaged
      Answer as JSON: {"scores": [n, ...]}",
            "role": "user",
          },
        ],
        "system": "You rate how important memories are to a person, from 1 (mundane) to 10 (life-changing).",
      }
    `);
  });

  it('rejects names that structured output cannot carry', () => {
    expect(() => defineTask({ ...rateImportance, name: 'rate importance!' })).toThrow(/Task name/);
  });
});

describe('runTask', () => {
  const input = { memories: ['brushed teeth', 'was accepted to college'] };

  it('returns a clean answer as ok, with usage and the schema sent', async () => {
    const model = new ScriptedModel().enqueue('rateImportance', answerJson({ scores: [1, 9] }));
    const counters = new TaskCounters();
    const r = await runTask(model, rateImportance, input, { agentId: 'a1', step: 5 }, { counters });
    expect(r).toMatchObject({ value: { scores: [1, 9] }, outcome: 'ok', attempts: 1, problems: [] });
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    expect(model.requests[0]).toMatchObject({
      maxTokens: 60,
      temperature: 0,
      schema: { name: 'rateImportance' },
      tag: { task: 'rateImportance', agentId: 'a1', step: 5, attempt: 1 },
    });
    expect(model.outcomes.map((o) => o.outcome)).toEqual(['ok']);
    expect(counters.get('rateImportance')).toEqual({ ok: 1, repaired: 0, retried: 0, failSafe: 0, calls: 1 });
  });

  it('repairs prose, words and out-of-range values without a retry', async () => {
    const model = new ScriptedModel().enqueue('rateImportance', "Sure! Here you go:\n```json\n{scores: ['one', twelve,],}\n```");
    const counters = new TaskCounters();
    const r = await runTask(model, rateImportance, input, {}, { counters });
    expect(r).toMatchObject({ value: { scores: [1, 10] }, outcome: 'repaired', attempts: 1 });
    expect(counters.get('rateImportance').repaired).toBe(1);
  });

  it('counts a fenced but otherwise valid answer as ok', async () => {
    const model = new ScriptedModel().enqueue('rateImportance', 'Here:\n```json\n{"scores": [2, 8]}\n```');
    const r = await runTask(model, rateImportance, input, {}, { counters: new TaskCounters() });
    expect(r.outcome).toBe('ok');
  });

  it('applies domain normalisation (unknown place → nearest known)', async () => {
    const model = new ScriptedModel().enqueue('react', answerJson({ choice: 'Talk', place: 'johnson meadow', reason: 'old friend' }));
    const r = await runTask(model, react, { me: 'Isabella', other: 'Klaus' }, {}, { counters: new TaskCounters() });
    expect(r).toMatchObject({ value: { choice: 'talk', place: 'Johnson Park' }, outcome: 'repaired' });
  });

  it('retries with a message that says what was wrong', async () => {
    const model = new ScriptedModel().enqueue('react', 'I think I will go and say hi!', answerJson({ choice: 'talk', place: 'Hobbs Cafe', reason: 'hi' }));
    const counters = new TaskCounters();
    const r = await runTask(model, react, { me: 'Isabella', other: 'Klaus' }, {}, { counters });
    expect(r).toMatchObject({ outcome: 'retried', attempts: 2, value: { choice: 'talk' } });
    const retry = model.requests[1];
    expect(retry.tag).toMatchObject({ attempt: 2, runId: model.requests[0].tag?.runId });
    expect(retry.messages.at(-2)).toEqual({ role: 'assistant', content: 'I think I will go and say hi!' });
    expect(retry.messages.at(-1)?.content).toMatch(/could not be used: no JSON object found/);
    expect(model.outcomes.map((o) => o.outcome)).toEqual(['rejected', 'retried']);
    expect(counters.get('react')).toMatchObject({ retried: 1, calls: 2 });
  });

  it('names schema problems in the retry message', async () => {
    const model = new ScriptedModel().enqueue('react', answerJson({ choice: 'dance', place: 'Hobbs Cafe' }), answerJson({ choice: 'wait', place: 'Hobbs Cafe', reason: 'busy' }));
    await runTask(model, react, { me: 'A', other: 'B' }, {}, { counters: new TaskCounters() });
    const feedback = model.requests[1].messages.at(-1)?.content ?? '';
    expect(feedback).toMatch(/choice: /);
    expect(feedback).toMatch(/reason: /);
  });

  it('falls back to the fail-safe after bounded retries of garbage', async () => {
    const model = new ScriptedModel({ fallback: 'banana' });
    const counters = new TaskCounters();
    const r = await runTask(model, react, { me: 'A', other: 'B' }, {}, { counters });
    expect(r).toMatchObject({ outcome: 'fail-safe', attempts: 3, value: { choice: 'continue', reason: 'fail-safe' } });
    expect(r.problems).toHaveLength(3);
    expect(model.requests).toHaveLength(3);
    expect(model.outcomes.map((o) => o.outcome)).toEqual(['rejected', 'rejected', 'fail-safe']);
    expect(counters.get('react')).toEqual({ ok: 0, repaired: 0, retried: 0, failSafe: 1, calls: 3 });
  });

  it('never throws when the model throws, and retries errors within the same bound', async () => {
    const model = new ScriptedModel({ fallback: new Error('HTTP 500') });
    const r = await runTask(model, rateImportance, input, {}, { counters: new TaskCounters() });
    expect(r).toMatchObject({ outcome: 'fail-safe', attempts: 3, value: { scores: [4, 4] } });
    expect(r.problems[0]).toMatch(/model error: HTTP 500/);
    expect(model.outcomes.map((o) => o.outcome)).toEqual(['error', 'error', 'fail-safe']);
  });

  it('recovers from an error on a later attempt', async () => {
    const model = new ScriptedModel().enqueue('rateImportance', new Error('timeout'), answerJson({ scores: [3, 7] }));
    const r = await runTask(model, rateImportance, input, {}, { counters: new TaskCounters() });
    expect(r).toMatchObject({ outcome: 'retried', attempts: 2, value: { scores: [3, 7] } });
  });

  it('handles empty and truncated answers', async () => {
    const model = new ScriptedModel().enqueue('rateImportance', '', '{"scores": [2, 9');
    const r = await runTask(model, rateImportance, input, {}, { counters: new TaskCounters() });
    expect(r).toMatchObject({ outcome: 'retried', value: { scores: [2, 9] } });
    expect(r.problems).toEqual(['the answer was empty']);
  });

  it('respects maxRetries: 0', async () => {
    const once = defineTask({ ...rateImportance, maxRetries: 0 });
    const model = new ScriptedModel({ fallback: 'nope' });
    const r = await runTask(model, once, input, {}, { counters: new TaskCounters() });
    expect(r).toMatchObject({ outcome: 'fail-safe', attempts: 1 });
  });

  it('uses the fail-safe when aborted (a hanging model)', async () => {
    const model = new ScriptedModel({ fallback: { hang: true } });
    const controller = new AbortController();
    const pending = runTask(model, rateImportance, input, {}, { signal: controller.signal, counters: new TaskCounters() });
    await Promise.resolve();
    controller.abort();
    const r = await pending;
    expect(r).toMatchObject({ outcome: 'fail-safe', attempts: 1 });
  });

  it('uses backend-parsed JSON when present', async () => {
    const model = new ScriptedModel().enqueue('rateImportance', { text: 'ignored', json: { scores: [5, 6] } });
    const r = await runTask(model, rateImportance, input, {}, { counters: new TaskCounters() });
    expect(r).toMatchObject({ outcome: 'ok', value: { scores: [5, 6] } });
  });

  it('updates the shared counters by default', async () => {
    const { taskCounters } = await import('../../../server/llm/task');
    const before = taskCounters.get('rateImportance').ok;
    await runTask(new ScriptedModel({ fallback: answerJson({ scores: [1, 1] }) }), rateImportance, input);
    expect(taskCounters.get('rateImportance').ok).toBe(before + 1);
    expect(Object.keys(taskCounters.snapshot())).toContain('rateImportance');
  });
});

describe('coerceToSchema', () => {
  const schema = z.object({
    n: z.number(),
    i: z.number().int().min(0).max(5),
    s: z.string(),
    b: z.boolean(),
    list: z.array(z.string()).max(2),
    mode: z.enum(['go_home', 'stay']),
  });

  it('fixes types, ranges, case and wrapping', () => {
    const fixed = coerceToSchema(schema, { n: '3.5', i: 7.6, s: 42, b: 'yes', list: 'one', mode: 'Go Home' });
    expect(fixed).toEqual({ n: 3.5, i: 5, s: '42', b: true, list: ['one'], mode: 'go_home' });
    expect(schema.safeParse(fixed).success).toBe(true);
  });

  it('cuts long arrays and leaves what it cannot fix', () => {
    expect(coerceToSchema(schema, { n: 'lots', i: 1, s: 'x', b: false, list: ['a', 'b', 'c'], mode: 'stay' })).toEqual({
      n: 'lots',
      i: 1,
      s: 'x',
      b: false,
      list: ['a', 'b'],
      mode: 'stay',
    });
  });

  it('does not modify its input', () => {
    const original = { n: '1', i: 1, s: 's', b: true, list: [], mode: 'stay' };
    coerceToSchema(schema, original);
    expect(original.n).toBe('1');
  });
});

describe('runTask, exactly', () => {
  const input = { memories: ['brushed teeth', 'was accepted to college'] };
  const counters = () => new TaskCounters();

  it('tells the model exactly what was wrong, and clips a long wrong answer', async () => {
    const long = 'x'.repeat(2000);
    const model = new ScriptedModel().enqueue('rateImportance', long, answerJson({ scores: [1, 2] }));
    await runTask(model, rateImportance, input, {}, { counters: counters() });
    const retry = model.requests[1].messages;
    expect(retry.at(-2)).toEqual({ role: 'assistant', content: `${'x'.repeat(1500)}…` });
    expect(retry.at(-1)).toEqual({ role: 'user', content: 'That answer could not be used: no JSON object found in the answer. Reply again with only the JSON object.' });
    expect(retry.slice(0, -2)).toEqual(model.requests[0].messages);
  });

  it('keeps an answer of exactly 1500 characters whole', async () => {
    const text = `{"scores": "${'y'.repeat(1486)}"}`;
    expect(text).toHaveLength(1500);
    const model = new ScriptedModel().enqueue('rateImportance', text, answerJson({ scores: [1, 2] }));
    await runTask(model, rateImportance, input, {}, { counters: counters() });
    expect(model.requests[1].messages.at(-2)?.content).toBe(text);
  });

  it('names the answer itself, and at most five problems', async () => {
    const wide = defineTask({
      name: 'wide',
      build: () => ({ messages: [{ role: 'user' as const, content: 'go' }] }),
      schema: z.object({ a: z.string(), b: z.string(), c: z.string(), d: z.string(), e: z.string(), f: z.string() }),
      maxTokens: 10,
      maxRetries: 0,
      failSafe: () => ({ a: '', b: '', c: '', d: '', e: '', f: '' }),
    });
    const r = await runTask(new ScriptedModel({ fallback: '{}' }), wide, {}, {}, { counters: counters() });
    expect(r.problems[0].split('; ').map((p) => p.split(':')[0])).toEqual(['a', 'b', 'c', 'd', 'e']);
    const whole = await runTask(new ScriptedModel({ fallback: '[1]' }), wide, {}, {}, { counters: counters() });
    expect(whole.problems[0]).toMatch(/^the answer: /);
  });

  it('reports a normalisation that throws as the problem', async () => {
    const picky = defineTask({ ...rateImportance, name: 'picky', maxRetries: 0, normalize: () => { throw new Error('no such memory'); } });
    const r = await runTask(new ScriptedModel({ fallback: answerJson({ scores: [1, 2] }) }), picky, input, {}, { counters: counters() });
    expect(r).toMatchObject({ outcome: 'fail-safe', problems: ['the answer could not be normalised (no such memory)'] });
  });

  it('counts keys in another order as ok, and an answer in the asked wire format as ok', async () => {
    const pair = defineTask({
      name: 'pair',
      build: () => ({ messages: [{ role: 'user' as const, content: 'go' }] }),
      schema: z.object({ a: z.number(), b: z.number() }),
      maxTokens: 10,
      failSafe: () => ({ a: 0, b: 0 }),
    });
    expect((await runTask(new ScriptedModel({ fallback: '{"b": 2, "a": 1}' }), pair, {}, {}, { counters: counters() })).outcome).toBe('ok');
    const clock = defineTask({
      name: 'clock',
      build: () => ({ messages: [{ role: 'user' as const, content: 'go' }] }),
      schema: z.object({ minutes: z.number() }),
      maxTokens: 10,
      fromWire: (raw) => {
        const m = /^(\d\d):(\d\d)$/.exec(String((raw as { at?: unknown }).at));
        if (!m) throw new Error('not a time');
        return { minutes: Number(m[1]) * 60 + Number(m[2]) };
      },
      normalize: (value) => {
        const v = value as { at?: unknown; minutes?: unknown };
        if (typeof v.minutes === 'number') return v;
        const m = /^(\d+):(\d\d)$/.exec(String(v.at));
        return m ? { minutes: Number(m[1]) * 60 + Number(m[2]) } : v;
      },
      failSafe: () => ({ minutes: 0 }),
    });
    const wire = await runTask(new ScriptedModel({ fallback: '{"at": "07:30"}' }), clock, {}, {}, { counters: counters() });
    expect(wire).toMatchObject({ outcome: 'ok', value: { minutes: 450 } });
    const loose = await runTask(new ScriptedModel({ fallback: '{"at": "7:30"}' }), clock, {}, {}, { counters: counters() });
    expect(loose).toMatchObject({ outcome: 'repaired', value: { minutes: 450 } });
  });

  it('adds up usage over attempts and keeps the estimate flag', async () => {
    const model = new ScriptedModel().enqueue(
      'rateImportance',
      { text: 'nope', usage: { inputTokens: 10, outputTokens: 3, estimated: true } },
      { text: answerJson({ scores: [1, 2] }), usage: { inputTokens: 20, outputTokens: 5 } },
    );
    const r = await runTask(model, rateImportance, input, {}, { counters: counters() });
    expect(r.usage).toEqual({ inputTokens: 30, outputTokens: 8, estimated: true });
  });

  it('makes no call once aborted, and an error while aborting ends in the fail-safe', async () => {
    const controller = new AbortController();
    controller.abort();
    const model = new ScriptedModel({ fallback: answerJson({ scores: [1, 2] }) });
    const r = await runTask(model, rateImportance, input, {}, { signal: controller.signal, counters: counters() });
    expect(r).toMatchObject({ outcome: 'fail-safe', attempts: 0, problems: ['aborted'], value: { scores: [4, 4] } });
    expect(model.requests).toHaveLength(0);

    const later = new AbortController();
    const failing = new ScriptedModel({ fallback: new Error('cancelled') });
    const original = failing.generate.bind(failing);
    failing.generate = async (req) => {
      later.abort();
      return original(req);
    };
    const aborted = await runTask(failing, rateImportance, input, {}, { signal: later.signal, counters: counters() });
    expect(aborted).toMatchObject({ outcome: 'fail-safe', attempts: 1, problems: ['model error: cancelled', 'aborted'] });
    expect(failing.outcomes.map((o) => o.outcome)).toEqual(['fail-safe']);
  });

  it('sends no schema for a task that has none, and a fresh run id per run', async () => {
    const free = { ...defineTask({ ...rateImportance, name: 'free' }), jsonSchema: undefined };
    const model = new ScriptedModel({ fallback: answerJson({ scores: [1, 2] }) });
    await runTask(model, free, input, {}, { counters: counters() });
    await runTask(model, free, input, {}, { counters: counters() });
    expect(model.requests[0].schema).toBeUndefined();
    expect(model.requests[0].tag?.runId).toMatch(/^free#\d+$/);
    expect(model.requests[1].tag?.runId).not.toBe(model.requests[0].tag?.runId);
  });
});

describe('defineTask and TaskCounters, exactly', () => {
  it('takes names of 1 to 64 letters, digits, _ or -, and defaults to two retries', () => {
    expect(defineTask({ ...rateImportance, name: 'a'.repeat(64) }).maxRetries).toBe(2);
    expect(defineTask({ ...rateImportance, maxRetries: 5 }).maxRetries).toBe(5);
    expect(() => defineTask({ ...rateImportance, name: 'a'.repeat(65) })).toThrow(`Task name "${'a'.repeat(65)}" must be 1-64 letters, digits, _ or -`);
    expect(() => defineTask({ ...rateImportance, name: '' })).toThrow(/Task name/);
    expect(() => defineTask({ ...rateImportance, name: 'x y' })).toThrow(/Task name/);
    expect(defineTask({ ...rateImportance, name: 'A_b-9' }).name).toBe('A_b-9');
  });

  it('derives a schema without $schema, and keeps a given one', () => {
    const derived = defineTask({ ...rateImportance, name: 'derived' }).jsonSchema!;
    expect(derived.$schema).toBeUndefined();
    expect(derived.type).toBe('object');
    const given = { type: 'object', properties: {} };
    expect(defineTask({ ...rateImportance, name: 'given', jsonSchema: given }).jsonSchema).toBe(given);
  });

  it('counts each outcome and call, sorted by name, as copies, and resets', () => {
    const c = new TaskCounters();
    c.record('b', 'ok', 1);
    c.record('b', 'repaired', 1);
    c.record('b', 'retried', 3);
    c.record('b', 'fail-safe', 3);
    c.record('a', 'ok', 1);
    expect(c.get('b')).toEqual({ ok: 1, repaired: 1, retried: 1, failSafe: 1, calls: 8 });
    expect(Object.keys(c.snapshot())).toEqual(['a', 'b']);
    c.get('b').ok = 99;
    c.snapshot().b.ok = 99;
    expect(c.get('b').ok).toBe(1);
    expect(c.get('none')).toEqual({ ok: 0, repaired: 0, retried: 0, failSafe: 0, calls: 0 });
    c.reset();
    expect(c.snapshot()).toEqual({});
  });
});

describe('coerceToSchema, exactly', () => {
  it('reads yes/no words, rounds integers, clamps at both ends and fixes nested fields', () => {
    const schema = z.object({ b: z.array(z.boolean()), i: z.number().int().min(1), n: z.number().max(3), inner: z.object({ k: z.number().int() }) });
    expect(coerceToSchema(schema, { b: ['no', 'N', 'false', 'Y', ' TRUE '], i: 'seven point', n: 9, inner: { k: 'two' } })).toEqual({
      b: [false, false, false, true, true],
      i: 'seven point',
      n: 3,
      inner: { k: 2 },
    });
    expect(coerceToSchema(schema, { b: ['maybe'], i: '7.6', n: 1, inner: { k: 2.4 } })).toEqual({ b: ['maybe'], i: 8, n: 1, inner: { k: 2 } });
    expect(coerceToSchema(schema, { b: [], i: -4, n: 1, inner: { k: 1 } })).toMatchObject({ i: 1 });
    expect(coerceToSchema(schema, { b: [], i: 2, n: 1, inner: null })).toEqual({ b: [], i: 2, n: 1, inner: null });
  });

  it('wraps a single value but not nothing, turns booleans into strings, and leaves non-string enum values', () => {
    const schema = z.object({ list: z.array(z.string()), s: z.string(), mode: z.enum(['a_b', 'c']) });
    expect(coerceToSchema(schema, { list: null, s: true, mode: 3 })).toEqual({ list: null, s: 'true', mode: 3 });
    expect(coerceToSchema(schema, { list: 'x', s: 's', mode: 'A-B' })).toEqual({ list: ['x'], s: 's', mode: 'a_b' });
    expect(coerceToSchema(schema, { list: [], s: 's', mode: 'd' })).toEqual({ list: [], s: 's', mode: 'd' });
  });

  it('fixes what one fix reveals, over several passes', () => {
    const schema = z.object({ list: z.array(z.number().int()) });
    expect(coerceToSchema(schema, { list: 'three' })).toEqual({ list: [3] });
    expect(coerceToSchema(z.number(), 'four')).toBe(4);
    expect(coerceToSchema(z.number(), undefined)).toBeUndefined();
  });
});

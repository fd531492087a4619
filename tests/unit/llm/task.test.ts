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

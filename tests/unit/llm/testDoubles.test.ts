import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../../server/llm/semaphore';
import { answerJson, cosine, HashEmbedder, ScriptedModel } from '../../support/scriptedModel';

describe('HashEmbedder', () => {
  const e = new HashEmbedder(64);

  it('gives unit vectors of the configured width, the same for the same text', async () => {
    const [a, b] = await e.embed(['Isabella plans a party at Hobbs Cafe', 'Isabella plans a party at Hobbs Cafe']);
    expect(a.length).toBe(64);
    expect(Math.hypot(...a)).toBeCloseTo(1, 6);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Math.hypot(...e.vector(''))).toBeCloseTo(1, 6);
    expect(e.calls).toBe(1);
    expect(e.texts).toBe(2);
  });

  it('makes related texts closer than unrelated ones', () => {
    const party = e.vector('Isabella is planning a Valentine party at Hobbs Cafe');
    const related = e.vector('a Valentine party at the cafe');
    const unrelated = e.vector('Klaus is writing his research paper on gentrification');
    expect(cosine(party, related)).toBeGreaterThan(cosine(party, unrelated) + 0.2);
  });
});

describe('ScriptedModel', () => {
  it('answers from per-task queues first, then the responder, then the fallback', async () => {
    const m = new ScriptedModel({ respond: (req) => (req.messages[0].content === 'dynamic' ? 'from responder' : undefined), fallback: 'fallback' });
    m.enqueue('plan', answerJson({ a: 1 }));
    const ask = (task: string, content: string) => m.generate({ messages: [{ role: 'user', content }], maxTokens: 5, tag: { task } });
    expect((await ask('plan', 'x')).text).toBe('{"a":1}');
    expect((await ask('plan', 'dynamic')).text).toBe('from responder');
    expect((await ask('plan', 'x')).text).toBe('fallback');
    expect(m.callsFor('plan')).toHaveLength(3);
  });

  it('throws scripted errors and when nothing is scripted', async () => {
    const m = new ScriptedModel().enqueue('t', new Error('HTTP 500'));
    const req = { messages: [{ role: 'user' as const, content: 'x' }], maxTokens: 5, tag: { task: 't' } };
    await expect(m.generate(req)).rejects.toThrow('HTTP 500');
    await expect(m.generate(req)).rejects.toThrow(/no answer scripted for task "t"/);
  });

  it('reports approximate usage (chars / 4) unless told otherwise', async () => {
    const m = new ScriptedModel().enqueue('t', 'abcdefgh', { text: 'x', usage: { inputTokens: 100 } });
    const req = { system: 'sys', messages: [{ role: 'user' as const, content: 'hello' }], maxTokens: 5, tag: { task: 't' } };
    expect((await m.generate(req)).usage).toEqual({ inputTokens: Math.ceil('sys\nuser: hello'.length / 4), outputTokens: 2 });
    expect((await m.generate(req)).usage).toEqual({ inputTokens: 100, outputTokens: 1 });
  });
});

describe('Semaphore', () => {
  it('limits concurrency and serves waiters in order', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    let running = 0;
    let peak = 0;
    const job = (n: number) =>
      s.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        order.push(n);
        running--;
      });
    await Promise.all([1, 2, 3, 4, 5].map(job));
    expect(peak).toBe(2);
    expect(order.slice(2)).toEqual([3, 4, 5]);
    expect(s.active).toBe(0);
  });

  it('drops an aborted waiter from the queue', async () => {
    const s = new Semaphore(1);
    const release = await s.acquire();
    const controller = new AbortController();
    const waiting = s.acquire(controller.signal);
    expect(s.waiting).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toThrow();
    expect(s.waiting).toBe(0);
    release();
    release(); // a second release is ignored
    expect(s.active).toBe(0);
  });
});

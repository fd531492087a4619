import { describe, expect, it } from 'vitest';
import { CachedEmbedder } from '../../../server/mind/memory/cachedEmbedder';
import { MemoryStream, THIRTY_GAME_DAYS_MS, type MemoryStreamOptions } from '../../../server/mind/memory/memoryStream';
import { WEIGHT_PRESETS } from '../../../server/mind/memory/scoring';
import type { GameMoment, NewMemory } from '../../../server/mind/memory/types';
import { HashEmbedder } from '../../support/scriptedModel';
import { asAgentId } from '../../../server/engine/ids';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 1, 13, 6);
const at = (hours: number): GameMoment => ({ step: hours * 360, time: T0 + hours * HOUR });

function event(description: string, importance = 3): NewMemory {
  return { type: 'event', description, triple: ['Ada', 'is', description], importance };
}

async function streamOf(dims: number, agents: string[], options: Partial<MemoryStreamOptions> = {}) {
  const stream = new MemoryStream({ embedder: new CachedEmbedder(new HashEmbedder(dims)), ...options });
  await stream.load(agents.map(asAgentId));
  return stream;
}

/** Inserts a memory with a given vector (hand-computed cases). */
function put(stream: MemoryStream, memory: NewMemory, vector: number[], moment: GameMoment, agent = 'ada') {
  return stream.insert(asAgentId(agent), memory, { key: `v:${vector.join(',')}`, vector: Float32Array.from(vector) }, moment);
}

describe('MemoryStream retrieval', () => {
  async function threeMemories() {
    const stream = await streamOf(3, ['ada']);
    const m1 = put(stream, event('first', 2), [1, 0, 0], at(0));
    const m2 = put(stream, event('second', 8), [0, 1, 0], at(1));
    const m3 = put(stream, { ...event('third', 5), type: 'thought' }, [0.6, 0.8, 0], at(2));
    return { stream, m1, m2, m3 };
  }
  // At hour 3, focal [1,0,0]: recency .995^3 / .995^2 / .995^1, similarity 1 / 0 / 0.6, importance 2 / 8 / 5.
  const rec2 = (0.995 ** 2 - 0.995 ** 3) / (0.995 - 0.995 ** 3);
  const focal = Float32Array.from([1, 0, 0]);

  it('scores hand-computed cases with the paper weights', async () => {
    const { stream, m1, m2, m3 } = await threeMemories();
    const got = stream.retrieveVector(asAgentId('ada'), focal, { at: at(3), n: 3, weights: WEIGHT_PRESETS.paper, touch: false });
    expect(got.map((r) => r.memory.id)).toEqual([m3.id, m2.id, m1.id]);
    // Vectors are float32, so 0.6 is exact to ~7 digits.
    expect(got[0]).toMatchObject({ recency: 1, relevance: expect.closeTo(0.6, 6), importance: 0.5 });
    expect(got[0].score).toBeCloseTo(2.1, 6);
    expect(got[1].recency).toBeCloseTo(rec2, 12);
    expect(got[1].score).toBeCloseTo(rec2 + 1, 12);
    expect(got[2]).toMatchObject({ recency: 0, relevance: 1, importance: 0, score: 1, similarity: 1 });
    expect(got[0].similarity).toBeCloseTo(0.6, 6);
  });

  it('scores hand-computed cases with the reference weights (its default)', async () => {
    const { stream, m1, m2, m3 } = await threeMemories();
    expect(stream.weights).toEqual(WEIGHT_PRESETS.reference);
    const got = stream.retrieveVector(asAgentId('ada'), focal, { at: at(3), n: 3, touch: false });
    expect(got.map((r) => r.memory.id)).toEqual([m3.id, m1.id, m2.id]);
    expect(got.map((r) => r.score)).toEqual([
      expect.closeTo(0.5 + 3 * 0.6 + 2 * 0.5, 6),
      expect.closeTo(3, 12),
      expect.closeTo(0.5 * rec2 + 2, 12),
    ]);
  });

  it('gives 0.5 to a component that is equal for every candidate', async () => {
    const stream = await streamOf(3, ['ada']);
    put(stream, event('a', 4), [1, 0, 0], at(0));
    put(stream, event('b', 4), [0, 1, 0], at(0));
    const got = stream.retrieveVector(asAgentId('ada'), focal, { at: at(1), n: 2, weights: WEIGHT_PRESETS.paper, touch: false });
    expect(got.map((r) => [r.recency, r.importance, r.relevance])).toEqual([
      [0.5, 0.5, 1],
      [0.5, 0.5, 0],
    ]);
  });

  it('touches returned memories unless the retrieval is read-only', async () => {
    const { stream, m1, m2, m3 } = await threeMemories();
    stream.retrieveVector(asAgentId('ada'), focal, { at: at(3), n: 2, weights: WEIGHT_PRESETS.paper, touch: false });
    expect([m1, m2, m3].map((m) => stream.get(m.id)!.lastAccessed)).toEqual([at(0).time, at(1).time, at(2).time]);
    stream.retrieveVector(asAgentId('ada'), focal, { at: at(3), n: 2, weights: WEIGHT_PRESETS.paper });
    expect([m1, m2, m3].map((m) => stream.get(m.id)!.lastAccessed)).toEqual([at(0).time, at(3).time, at(3).time]);
    // Touched memories now count as recent.
    const again = stream.retrieveVector(asAgentId('ada'), focal, { at: at(3), n: 3, weights: WEIGHT_PRESETS.paper, touch: false });
    expect(again.find((r) => r.memory.id === m2.id)!.recency).toBe(1);
  });

  it('filters by type and embeds a text focal point through the cache', async () => {
    const stream = await streamOf(32, ['ada']);
    await stream.add(asAgentId('ada'), event('baking bread in the kitchen'), at(0));
    await stream.add(asAgentId('ada'), { ...event('bread is a joy to bake'), type: 'thought' }, at(0));
    const thoughts = await stream.retrieve(asAgentId('ada'), 'bread', { at: at(1), n: 5, types: ['thought'] });
    expect(thoughts.map((r) => r.memory.type)).toEqual(['thought']);
    await stream.retrieve(asAgentId('ada'), 'bread', { at: at(1), n: 5 });
    expect(stream.embedder.stats).toMatchObject({ embedded: 3, hits: 1 });
  });

  it('returns the full scan\'s results from the candidate path, whatever k', async () => {
    const stream = await streamOf(32, ['ada'], { exactScanBelow: 0, k: 50 });
    const texts = Array.from({ length: 40 }, (_, i) => `memory ${i} about topic ${i % 7} and place ${i % 5}`);
    for (const [i, text] of texts.entries()) await stream.add(asAgentId('ada'), event(text, 1 + (i % 10)), at(i / 4));
    const query = (await stream.embed(['topic 3 place 2']))[0].vector;
    const approx = stream.retrieveVector(asAgentId('ada'), query, { at: at(12), n: 15, touch: false });
    const exact = stream.retrieveVector(asAgentId('ada'), query, { at: at(12), n: 15, touch: false, exhaustive: true });
    expect(approx).toEqual(exact);
    // With a small k the candidates are pruned, then widened by every memory that could still win.
    for (const weights of [WEIGHT_PRESETS.paper, WEIGHT_PRESETS.reference]) {
      const pruned = stream.retrieveVector(asAgentId('ada'), query, { at: at(12), n: 15, touch: false, k: 3, weights });
      expect(pruned).toEqual(stream.retrieveVector(asAgentId('ada'), query, { at: at(12), n: 15, touch: false, exhaustive: true, weights }));
    }
  });

  it('matches the full scan on a larger stream, with type filters and expired thoughts', async () => {
    const stream = await streamOf(32, ['ada'], { exactScanBelow: 0, k: 20 });
    const items = Array.from({ length: 800 }, (_, i) => ({
      agentId: asAgentId('ada'),
      memory: { ...event(`entry ${i} about theme ${i % 17} in room ${i % 11}`, 1 + ((i * 13) % 10)), type: (['event', 'event', 'thought', 'chat'] as const)[i % 4] },
    }));
    for (let day = 0; day < 40; day++) await stream.addMany(items.slice(day * 20, day * 20 + 20), at(day * 24));
    let same = 0;
    let total = 0;
    for (const q of ['theme 3 room 5', 'entry 42', 'room 9', 'theme 16']) {
      const vector = (await stream.embed([q]))[0].vector;
      for (const weights of [WEIGHT_PRESETS.paper, WEIGHT_PRESETS.reference]) {
        for (const types of [undefined, ['thought' as const], ['event' as const, 'chat' as const]]) {
          const options = { at: at(40 * 24), n: 15, touch: false, weights, types };
          const got = stream.retrieveVector(asAgentId('ada'), vector, options);
          const exact = stream.retrieveVector(asAgentId('ada'), vector, { ...options, exhaustive: true });
          expect(got.every((r) => r.memory.expiresAt === null || r.memory.expiresAt > at(40 * 24).time)).toBe(true);
          expect(got.every((r) => !types || types.includes(r.memory.type as never))).toBe(true);
          total++;
          if (JSON.stringify(got.map((r) => r.memory.id)) === JSON.stringify(exact.map((r) => r.memory.id))) same++;
        }
      }
    }
    expect(same).toBe(total); // on 800 memories the ANN is exact, so the candidate path is the full scan
  });

  it('matches the full scan after touches, and when memories arrive out of time order', async () => {
    // The candidate path reads recent memories from a tail of the columns plus the touched ones;
    // old memories touched lately must still count, and a stream whose creation times do not
    // rise with the id must be scanned whole.
    for (const outOfOrder of [false, true]) {
      const stream = await streamOf(32, ['ada'], { exactScanBelow: 0, k: 4 });
      for (let i = 0; i < 400; i++) {
        const hours = outOfOrder && i % 7 === 3 ? i / 8 - 20 : i / 8;
        await stream.add(asAgentId('ada'), event(`item ${i} on subject ${i % 19} near spot ${i % 6}`, 1 + ((i * 7) % 10)), at(hours));
      }
      // Old memories retrieved (so touched) late in the day.
      for (const [h, q] of ['subject 2', 'spot 4', 'item 5 subject 5'].entries()) await stream.retrieve(asAgentId('ada'), q, { at: at(50 + h), n: 10, types: ['event'] });
      for (const q of ['subject 2 spot 1', 'item 33', 'spot 4']) {
        const vector = (await stream.embed([q]))[0].vector;
        for (const weights of [WEIGHT_PRESETS.paper, WEIGHT_PRESETS.reference, { recency: 3, relevance: 0.2, importance: 0.2 }]) {
          const options = { at: at(60), n: 12, touch: false, weights };
          expect(stream.retrieveVector(asAgentId('ada'), vector, options)).toEqual(stream.retrieveVector(asAgentId('ada'), vector, { ...options, exhaustive: true }));
        }
      }
    }
  });

  it('is deterministic: the same inserts give the same ANN retrievals', async () => {
    const build = async () => {
      const stream = await streamOf(32, ['ada'], { exactScanBelow: 0, k: 10 });
      for (let i = 0; i < 300; i++) await stream.add(asAgentId('ada'), event(`note ${i} on subject ${i % 13} with mood ${i % 4}`, 1 + (i % 9)), at(i / 10));
      return stream;
    };
    const [a, b] = [await build(), await build()];
    for (const q of ['subject 4 mood 1', 'note 17', 'mood 3']) {
      const opts = { at: at(40), n: 10 };
      expect((await a.retrieve(asAgentId('ada'), q, opts)).map((r) => [r.memory.id, r.score])).toEqual((await b.retrieve(asAgentId('ada'), q, opts)).map((r) => [r.memory.id, r.score]));
    }
  });

  it('grows the index past its initial capacity', async () => {
    const stream = await streamOf(32, ['ada'], { exactScanBelow: 0, k: 5, index: { initialCapacity: 4 } });
    const nodes = [];
    for (let i = 0; i < 50; i++) nodes.push(await stream.add(asAgentId('ada'), event(`distinct memory number ${i} ${'x'.repeat(i % 6)}`), at(0)));
    expect(stream.count(asAgentId('ada'))).toBe(50);
    const target = nodes[37];
    const got = await stream.retrieve(asAgentId('ada'), target.description, { at: at(0), n: 1, weights: { recency: 0, importance: 0, relevance: 1 }, touch: false });
    expect(got[0].memory.id).toBe(target.id);
  });
});

describe('MemoryStream nodes', () => {
  it('assigns sequential ids across agents and rejects unknown agents', async () => {
    const stream = await streamOf(16, ['ada', 'bob']);
    const ids = [(await stream.add(asAgentId('ada'), event('a'), at(0))).id, (await stream.add(asAgentId('bob'), event('b'), at(0))).id, (await stream.add(asAgentId('ada'), event('c'), at(0))).id];
    expect(ids).toEqual([1, 2, 3]);
    expect(stream.get(2)!.agentId).toBe('bob');
    await expect(stream.add(asAgentId('cy'), event('d'), at(0))).rejects.toThrow(/not loaded/);
  });

  it('fills defaults: keywords, importance clamped, last accessed = created', async () => {
    const stream = await streamOf(16, ['ada']);
    const m = await stream.add(asAgentId('ada'), { type: 'event', description: 'Bob is painting', triple: [' Bob ', 'is', 'Painting'], importance: 12.4 }, at(2));
    expect(m).toMatchObject({ keywords: ['bob', 'painting'], importance: 10, created: at(2).time, lastAccessed: at(2).time, step: 720, depth: 0, expiresAt: null, evidence: [], transcript: null });
    expect((await stream.add(asAgentId('ada'), { ...event('x'), importance: 0 }, at(2))).importance).toBe(1);
    await expect(stream.add(asAgentId('ada'), { ...event('y'), importance: Number.NaN }, at(2))).rejects.toThrow(/importance/);
  });

  it('links thought evidence and computes depth', async () => {
    const stream = await streamOf(16, ['ada', 'bob']);
    const e1 = await stream.add(asAgentId('ada'), event('saw Bob at the cafe'), at(0));
    const e2 = await stream.add(asAgentId('ada'), event('Bob ordered tea'), at(0));
    const chat = await stream.add(asAgentId('ada'), { type: 'chat', description: 'talked with Bob about tea', triple: ['Ada', 'chat with', 'Bob'], importance: 4, transcript: [{ speaker: asAgentId('ada'), text: 'Tea?', step: 3 }] }, at(0));
    const t1 = await stream.add(asAgentId('ada'), { type: 'thought', description: 'Bob likes tea', triple: ['Bob', 'likes', 'tea'], importance: 5, evidence: [e1.id, e2.id] }, at(1));
    const t2 = await stream.add(asAgentId('ada'), { type: 'thought', description: 'I could bring Bob tea', triple: ['Ada', 'could bring', 'tea'], importance: 6, evidence: [t1.id, chat.id] }, at(1));
    const whisper = await stream.add(asAgentId('ada'), { type: 'thought', description: 'I should call mum', triple: ['Ada', 'should call', 'mum'], importance: 5 }, at(1));
    expect([e1.depth, chat.depth, t1.depth, t2.depth, whisper.depth]).toEqual([0, 0, 1, 2, 1]);
    expect(chat.transcript).toEqual([{ speaker: 'ada', text: 'Tea?', step: 3 }]);
    expect(stream.evidenceOf(t2).map((m) => m.id)).toEqual([t1.id, chat.id]);
    const bobs = await stream.add(asAgentId('bob'), event('reading'), at(0));
    await expect(stream.add(asAgentId('ada'), { type: 'thought', description: 'z', triple: ['a', 'b', 'c'], importance: 3, evidence: [bobs.id] }, at(1))).rejects.toThrow(/not a memory of ada/);
  });

  it('expires thoughts after 30 game days and leaves them out of retrieval', async () => {
    const stream = await streamOf(16, ['ada']);
    const thought = await stream.add(asAgentId('ada'), { type: 'thought', description: 'the cafe feels like home', triple: ['cafe', 'feels like', 'home'], importance: 5 }, at(0));
    const lasting = await stream.add(asAgentId('ada'), { type: 'thought', description: 'cafe forever', triple: ['cafe', 'is', 'forever'], importance: 5, expiresAt: null }, at(0));
    const ev = await stream.add(asAgentId('ada'), event('cafe opened'), at(0));
    expect(thought.expiresAt).toBe(at(0).time + THIRTY_GAME_DAYS_MS);
    const ids = async (hours: number) => (await stream.retrieve(asAgentId('ada'), 'cafe', { at: at(hours), n: 10, touch: false })).map((r) => r.memory.id).sort();
    expect(await ids(29 * 24)).toEqual([thought.id, lasting.id, ev.id]);
    expect(await ids(30 * 24)).toEqual([lasting.id, ev.id]);
    // The ANN path filters them too.
    const ann = new MemoryStream({ embedder: stream.embedder, exactScanBelow: 0, k: 5 });
    await ann.load([asAgentId('ada')]);
    await ann.add(asAgentId('ada'), { type: 'thought', description: 'cafe thought', triple: ['a', 'b', 'c'], importance: 9 }, at(0));
    await ann.add(asAgentId('ada'), event('cafe event'), at(0));
    expect((await ann.retrieve(asAgentId('ada'), 'cafe', { at: at(31 * 24), n: 5 })).map((r) => r.memory.type)).toEqual(['event']);
  });

  it('lists recent memories, by type and keyword, and sums importance since a step', async () => {
    const stream = await streamOf(16, ['ada']);
    await stream.add(asAgentId('ada'), { ...event('one', 2), triple: ['Ada', 'sees', 'Bob'] }, at(0));
    await stream.add(asAgentId('ada'), { ...event('two', 5), type: 'plan' }, at(1));
    await stream.add(asAgentId('ada'), { ...event('three', 7), type: 'chat' }, at(2));
    await stream.add(asAgentId('ada'), { ...event('four', 9), type: 'thought' }, at(3));
    expect(stream.recent(asAgentId('ada'), 2).map((m) => m.description)).toEqual(['three', 'four']);
    expect(stream.recent(asAgentId('ada'), 5, ['event', 'chat']).map((m) => m.description)).toEqual(['one', 'three']);
    expect(stream.byType(asAgentId('ada'), 'plan').map((m) => m.description)).toEqual(['two']);
    expect(stream.byKeyword(asAgentId('ada'), 'BOB').map((m) => m.description)).toEqual(['one']);
    expect(stream.importanceSince(asAgentId('ada'), -1)).toBe(2 + 7);
    expect(stream.importanceSince(asAgentId('ada'), at(1).step)).toBe(7);
    expect(stream.importanceSince(asAgentId('ada'), -1, ['event', 'chat', 'thought', 'plan'])).toBe(23);
  });
});

describe('MemoryStream edges', () => {
  it('refuses to load over pending writes, and knows which agents it holds', async () => {
    const stream = await streamOf(4, ['ada']);
    expect([stream.has(asAgentId('ada')), stream.has(asAgentId('bob'))]).toEqual([true, false]);
    await stream.add(asAgentId('ada'), event('x'), at(0));
    await expect(stream.load([asAgentId('bob')])).rejects.toThrow('MemoryStream.load: flush() pending writes first');
  });

  it('names a vector of the wrong size', async () => {
    const stream = await streamOf(3, ['ada']);
    expect(() => put(stream, event('x'), [1, 0], at(0))).toThrow('Embedding has 2 dimensions, expected 3');
    expect(() => stream.retrieveVector(asAgentId('ada'), Float32Array.from([1, 0, 0, 0]), { at: at(0), n: 1 })).toThrow('Focal vector has 4 dimensions, expected 3');
    const bobs = await streamOf(3, ['ada', 'bob']);
    const other = put(bobs, event('b'), [1, 0, 0], at(0), 'bob');
    expect(() => put(bobs, { ...event('t'), type: 'thought', evidence: [other.id] }, [0, 1, 0], at(0))).toThrow(`Evidence ${other.id} is not a memory of ada`);
  });

  it('takes custom weights, a vector focal point, and keeps the triple', async () => {
    const stream = await streamOf(3, ['ada'], { weights: { recency: 0, relevance: 1, importance: 0 } });
    expect(stream.weights).toEqual({ recency: 0, relevance: 1, importance: 0 });
    const a = put(stream, event('a', 9), [0, 1, 0], at(0));
    const b = put(stream, event('b', 1), [1, 0, 0], at(1));
    expect(a.triple).toEqual(['Ada', 'is', 'a']);
    const got = await stream.retrieve(asAgentId('ada'), Float32Array.from([1, 0, 0]), { at: at(2), n: 2, touch: false });
    expect(got.map((r) => [r.memory.id, r.score])).toEqual([[b.id, 1], [a.id, 0]]);
  });

  it('adds many in one batch, in order; plans rest on their evidence like thoughts', async () => {
    const stream = await streamOf(8, ['ada', 'bob']);
    const nodes = await stream.addMany([{ agentId: asAgentId('ada'), memory: event('one') }, { agentId: asAgentId('bob'), memory: event('two') }, { agentId: asAgentId('ada'), memory: event('three') }], at(0));
    expect(nodes.map((n) => [n.id, n.agentId, n.description])).toEqual([[1, 'ada', 'one'], [2, 'bob', 'two'], [3, 'ada', 'three']]);
    const plan = await stream.add(asAgentId('ada'), { ...event('plan'), type: 'plan', evidence: [1] }, at(0));
    expect(plan.depth).toBe(1);
    expect(stream.get(999)).toBeUndefined();
  });

  it('keeps keywords trimmed, lower-case, once each, and none empty', async () => {
    const stream = await streamOf(8, ['ada']);
    expect((await stream.add(asAgentId('ada'), { ...event('k'), keywords: ['  ', 'Cafe ', 'cafe', ''] }, at(0))).keywords).toEqual(['cafe']);
    expect((await stream.add(asAgentId('ada'), { ...event('t'), triple: [' ', 'is', 'Tea'] }, at(0))).keywords).toEqual(['tea']);
  });

  it('sums importance strictly after the step', async () => {
    const stream = await streamOf(8, ['ada']);
    await stream.add(asAgentId('ada'), event('one', 2), at(0));
    await stream.add(asAgentId('ada'), event('two', 5), at(1));
    expect(stream.importanceSince(asAgentId('ada'), at(1).step)).toBe(0);
    expect(stream.importanceSince(asAgentId('ada'), at(0).step)).toBe(5);
  });
});

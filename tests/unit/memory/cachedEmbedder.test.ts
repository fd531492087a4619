import { describe, expect, it } from 'vitest';
import { CachedEmbedder, normaliseText } from '../../../server/mind/memory/cachedEmbedder';
import type { EmbeddingStore, StoredEmbedding } from '../../../server/mind/memory/repository';
import { HashEmbedder } from '../../support/scriptedModel';

class MapStore implements EmbeddingStore {
  readonly rows = new Map<string, StoredEmbedding>();
  get(keys: readonly string[]) {
    const out = new Map<string, StoredEmbedding>();
    for (const k of keys) if (this.rows.has(k)) out.set(k, this.rows.get(k)!);
    return out;
  }
  put(entries: readonly StoredEmbedding[]) {
    for (const e of entries) this.rows.set(e.key, e);
  }
}

describe('CachedEmbedder', () => {
  it('normalises whitespace so spacing variants share one embedding', () => {
    expect(normaliseText('  Isabella \n is   brewing coffee ')).toBe('Isabella is brewing coffee');
  });

  it('embeds each distinct text once, batching misses into one call', async () => {
    const inner = new HashEmbedder(16);
    const cache = new CachedEmbedder(inner);
    const first = await cache.embed(['coffee at the cafe', 'a party', 'coffee  at the cafe ', 'a party']);
    expect(inner.calls).toBe(1);
    expect(inner.texts).toBe(2);
    expect(first[0]).toBe(first[2]);
    await cache.embed(['a party', 'coffee at the cafe', 'new text']);
    expect(inner.calls).toBe(2);
    expect(inner.texts).toBe(3);
    expect(cache.stats).toEqual({ texts: 7, hits: 4, embedded: 3, calls: 2 });
  });

  it('shares in-flight work between concurrent calls', async () => {
    const inner = new HashEmbedder(16);
    const cache = new CachedEmbedder(inner);
    const [a, b] = await Promise.all([cache.embed(['same text']), cache.embed(['same text'])]);
    expect(inner.texts).toBe(1);
    expect(a[0]).toBe(b[0]);
  });

  it('reads the store before embedding and writes new vectors only on flush', async () => {
    const store = new MapStore();
    const first = new CachedEmbedder(new HashEmbedder(16), store);
    const [{ key }] = await first.embedKeyed(['the town square']);
    expect(store.rows.size).toBe(0);
    expect(first.flush()).toBe(1);
    expect(store.rows.get(key)).toMatchObject({ model: 'hash-embedder-16', text: 'the town square' });
    expect(first.flush()).toBe(0);

    const inner = new HashEmbedder(16);
    const second = new CachedEmbedder(inner, store);
    await second.embed(['the town square']);
    expect(inner.calls).toBe(0);
    expect(second.lookup([key]).get(key)).toEqual(store.rows.get(key)!.vector);
  });

  it('keys by model: another embedder never reuses a stored vector', async () => {
    const store = new MapStore();
    const a = new CachedEmbedder(new HashEmbedder(16), store);
    await a.embed(['hello']);
    a.flush();
    const innerB = new HashEmbedder(32);
    const b = new CachedEmbedder(innerB, store);
    expect(b.keyOf('hello')).not.toBe(a.keyOf('hello'));
    expect(b.lookup([a.keyOf('hello')]).size).toBe(0);
    expect(b.storedTexts([a.keyOf('hello')]).get(a.keyOf('hello'))).toBe('hello');
  });

  it('rejects vectors of the wrong size and does not cache a failure', async () => {
    const bad = { name: 'bad', dimensions: 8, embed: async (t: string[]) => t.map(() => new Float32Array(4)) };
    const cache = new CachedEmbedder(bad);
    await expect(cache.embed(['x'])).rejects.toThrow(/4-d vector/);
    await expect(cache.embed(['x'])).rejects.toThrow(/4-d vector/);
    expect(cache.stats.calls).toBe(2);
  });
});

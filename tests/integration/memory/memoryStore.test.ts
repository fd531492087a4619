/**
 * The memory stream on a real SQLite file: round trip, embedding cache across reopen, index
 * files (reload vs rebuild), rewinding to a step, and resume giving the same retrievals.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CachedEmbedder } from '../../../server/mind/memory/cachedEmbedder';
import { MemoryStream, type MemoryStreamOptions } from '../../../server/mind/memory/memoryStream';
import type { GameMoment, NewMemory, ScoredMemory } from '../../../server/mind/memory/types';
import { openDatabase, type Db } from '../../../server/store/database';
import { SqliteEmbeddingStore } from '../../../server/store/embeddings';
import { SqliteMemoryRepository } from '../../../server/store/memories';
import { SimulationStore, STORE_FORMAT_VERSION } from '../../../server/store/simulationStore';
import { HashEmbedder } from '../../support/scriptedModel';
import { asAgentId } from '../../../server/engine/ids';

const T0 = Date.UTC(2026, 1, 13, 6);
const at = (step: number): GameMoment => ({ step, time: T0 + step * 10_000 });
const dir = mkdtempSync(join(tmpdir(), 'hamlet-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

const TOPICS = ['coffee', 'party', 'election', 'painting', 'garden', 'library', 'music', 'bakery'];
const PLACES = ['cafe', 'park', 'college', 'bar', 'market'];
function memoryAt(i: number): NewMemory {
  return {
    type: i % 7 === 6 ? 'thought' : 'event',
    description: `note ${i}: talk of ${TOPICS[i % TOPICS.length]} at the ${PLACES[i % PLACES.length]}`,
    triple: ['Ada', 'hears about', TOPICS[i % TOPICS.length]],
    importance: 1 + ((i * 7) % 10),
  };
}

class Opened {
  readonly db: Db;
  readonly inner: HashEmbedder;
  readonly repository: SqliteMemoryRepository;
  readonly stream: MemoryStream;
  constructor(
    readonly path: string,
    options: Partial<MemoryStreamOptions> & { dims?: number } = {},
  ) {
    this.db = openDatabase(path);
    this.inner = new HashEmbedder(options.dims ?? 32);
    this.repository = new SqliteMemoryRepository(this.db);
    this.stream = new MemoryStream({ embedder: new CachedEmbedder(this.inner, new SqliteEmbeddingStore(this.db)), repository: this.repository, exactScanBelow: 0, k: 12, ...options });
  }
  /** What the engine does at the end of a step. */
  commit(): void {
    this.db.transaction(() => this.stream.flush())();
  }
  close(): void {
    this.db.close();
  }
}

const SIMULATION_META = {
  formatVersion: STORE_FORMAT_VERSION,
  codeVersion: 'test',
  seed: 1,
  startTime: '2026-02-13T06:00',
  secondsPerStep: 10,
  mapPath: 'none',
  map: null,
  personasPath: 'none',
  personas: [],
  mind: 'test',
  config: {},
};
const newPath = () => join(dir, `sim-${++fileNo}.db`);
const ids = (rs: ScoredMemory[]) => rs.map((r) => [r.memory.id, r.score]);

/** Steps [from, to): each adds two memories per agent (ada first) and ada retrieves (touching). */
async function runSteps(o: Opened, from: number, to: number): Promise<unknown[]> {
  const seen: unknown[] = [];
  for (let step = from; step < to; step++) {
    await o.stream.addMany(
      [0, 1].flatMap((j) => ['ada', 'bob'].map((agentId) => ({ agentId: asAgentId(agentId), memory: memoryAt(step * 2 + j) }))),
      at(step),
    );
    seen.push(ids(await o.stream.retrieve(asAgentId('ada'), TOPICS[step % TOPICS.length], { at: at(step), n: 5 })));
    o.commit();
  }
  return seen;
}

describe('memory stream on SQLite', () => {
  it('round-trips memories and gives the same retrievals after reopening', async () => {
    const path = newPath();
    const a = new Opened(path);
    await a.stream.load([asAgentId('ada'), asAgentId('bob')]);
    await runSteps(a, 0, 20);
    const chat = await a.stream.add(asAgentId('ada'), { type: 'chat', description: 'chatted with Bob about the party', triple: ['Ada', 'chat with', 'Bob'], importance: 6, transcript: [{ speaker: asAgentId('bob'), text: 'Coming Saturday?', step: 20 }], embeddingText: 'party on Saturday' }, at(20));
    await a.stream.add(asAgentId('ada'), { type: 'thought', description: 'Bob wants me at the party', triple: ['Bob', 'wants', 'Ada at the party'], importance: 7, evidence: [chat.id, 1] }, at(20));
    a.commit();
    const before = a.stream.all(asAgentId('ada')).map((m) => ({ ...m }));
    const query = { at: at(30), n: 10, touch: false } as const;
    const expected = ids(await a.stream.retrieve(asAgentId('ada'), 'party', query));
    a.close();

    const b = new Opened(path);
    const report = await b.stream.load([asAgentId('ada'), asAgentId('bob')]);
    expect(report.map((r) => [r.agentId, r.memories, r.index, r.reembedded])).toEqual([
      ['ada', 42, 'rebuilt', 0],
      ['bob', 40, 'rebuilt', 0],
    ]);
    expect(b.stream.all(asAgentId('ada'))).toEqual(before);
    expect(ids(await b.stream.retrieve(asAgentId('ada'), 'party', query))).toEqual(expected);
    expect(b.inner.calls).toBe(0); // every text, the query included, came from the embeddings table
    expect((await b.stream.add(asAgentId('bob'), memoryAt(999), at(31))).id).toBe(83);
    b.close();
  });

  it('embeds no text twice, across reopening too', async () => {
    const path = newPath();
    const a = new Opened(path);
    await a.stream.load([asAgentId('ada'), asAgentId('bob')]);
    await a.stream.addMany([{ agentId: asAgentId('ada'), memory: memoryAt(1) }, { agentId: asAgentId('bob'), memory: memoryAt(1) }], at(0));
    await a.stream.add(asAgentId('ada'), memoryAt(1), at(1));
    expect(a.inner.texts).toBe(1);
    a.commit();
    a.close();
    const b = new Opened(path);
    await b.stream.load([asAgentId('ada'), asAgentId('bob')]);
    await b.stream.add(asAgentId('bob'), memoryAt(1), at(2));
    expect(b.inner.texts).toBe(0);
    expect(new SqliteEmbeddingStore(b.db).count()).toBe(1);
    b.close();
  });

  it('reloads a matching index file and rebuilds a stale or broken one', async () => {
    const path = newPath();
    const a = new Opened(path);
    await a.stream.load([asAgentId('ada'), asAgentId('bob')]);
    await runSteps(a, 0, 40);
    expect(a.stream.saveIndexes()).toBe(2);
    expect(a.stream.saveIndexes()).toBe(0); // unchanged: not written again
    expect(existsSync(`${path}.hnsw/ada.bin`)).toBe(true);
    const query = { at: at(50), n: 8, touch: false } as const;
    const expected = ids(await a.stream.retrieve(asAgentId('ada'), 'garden', query));
    a.close();

    const reloaded = new Opened(path);
    expect((await reloaded.stream.load([asAgentId('ada'), asAgentId('bob')])).map((r) => r.index)).toEqual(['reloaded', 'reloaded']);
    expect(ids(await reloaded.stream.retrieve(asAgentId('ada'), 'garden', query))).toEqual(expected);
    // A memory added after the file was written makes it stale.
    await reloaded.stream.add(asAgentId('ada'), memoryAt(500), at(41));
    reloaded.commit();
    reloaded.close();

    const rebuilt = new Opened(path);
    expect((await rebuilt.stream.load([asAgentId('ada'), asAgentId('bob')])).map((r) => r.index)).toEqual(['rebuilt', 'reloaded']);
    rebuilt.stream.saveIndexes();
    rebuilt.close();
    writeFileSync(`${path}.hnsw/ada.bin`, 'not an index');
    const broken = new Opened(path);
    expect((await broken.stream.load([asAgentId('ada')])).map((r) => r.index)).toEqual(['rebuilt']);
    expect((await broken.stream.load([asAgentId('ada')], { reuseIndexFiles: false })).map((r) => r.index)).toEqual(['rebuilt']);
    broken.close();
  });

  it('re-embeds stored memories when the simulation resumes with another embedder', async () => {
    const path = newPath();
    const a = new Opened(path);
    await a.stream.load([asAgentId('ada')]);
    for (let i = 0; i < 5; i++) await a.stream.add(asAgentId('ada'), memoryAt(i), at(i));
    a.commit();
    a.stream.saveIndexes();
    a.close();
    const b = new Opened(path, { dims: 48 });
    expect(await b.stream.load([asAgentId('ada')])).toEqual([{ agentId: 'ada', memories: 5, index: 'rebuilt', reembedded: 5 }]);
    expect((await b.stream.retrieve(asAgentId('ada'), 'coffee', { at: at(9), n: 1 }))[0].memory.description).toContain('coffee');
    b.close();
  });

  it('rewinds to a step: later memories go, later touches are undone, ids are reused', async () => {
    const path = newPath();
    const a = new Opened(path);
    await a.stream.load([asAgentId('ada'), asAgentId('bob')]);
    await runSteps(a, 0, 6);
    const snapshot = a.stream.all(asAgentId('ada')).map((m) => ({ ...m }));
    const maxIdBefore = Math.max(...snapshot.map((m) => m.id), ...a.stream.all(asAgentId('bob')).map((m) => m.id));
    await runSteps(a, 6, 10);
    // Touch old memories at later steps.
    for (const step of [10, 11]) {
      await a.stream.retrieve(asAgentId('ada'), 'note 1', { at: at(step), n: 10 });
      a.commit();
    }
    expect(a.repository.touchLogSize()).toBeGreaterThan(0);
    await a.stream.truncateFrom(6);
    expect(a.stream.all(asAgentId('ada'))).toEqual(snapshot);
    expect((await a.stream.add(asAgentId('ada'), memoryAt(0), at(6))).id).toBe(maxIdBefore + 1);
    a.close();
  });

  it('resumes exactly: a run interrupted, reopened and rewound retrieves what an uninterrupted run does', async () => {
    const straight = new Opened(newPath());
    await straight.stream.load([asAgentId('ada'), asAgentId('bob')]);
    const expected = await runSteps(straight, 0, 60);

    const path = newPath();
    SimulationStore.create(path, SIMULATION_META).close();
    const first = new Opened(path);
    await first.stream.load([asAgentId('ada'), asAgentId('bob')]);
    const head = await runSteps(first, 0, 30);
    first.stream.saveIndexes();
    await runSteps(first, 30, 36); // work past the snapshot that the resume will discard
    first.close();

    // Resume at step 30 through the simulation file's own truncation (memories hook in).
    const store = SimulationStore.open(path);
    store.truncateFrom(30);
    store.close();
    const resumed = new Opened(path);
    expect((await resumed.stream.load([asAgentId('ada'), asAgentId('bob')])).map((r) => r.index)).toEqual(['reloaded', 'reloaded']);
    const tail = await runSteps(resumed, 30, 60);
    expect([...head, ...tail]).toEqual(expected);
    expect(resumed.stream.all(asAgentId('ada'))).toEqual(straight.stream.all(asAgentId('ada')));
    resumed.close();
    straight.close();
  });
});

/**
 * SimulationStore on real SQLite files, without a town: what create refuses, what open refuses,
 * and the resume path (the latest snapshot at or before a step, the steps after it dropped, the
 * step log hash). Fast enough to run under mutation testing (`npm run mutate -- store`).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { SimState, StepDelta } from '../../../server/engine/types';
import { DamagedFileError } from '../../../server/store/damage';
import { removeSimulationFiles, SimulationStore, STORE_FORMAT_VERSION, UnfinishedSimulationError, type SimulationMeta } from '../../../server/store/simulationStore';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `sim${n++}.db`);

const meta: SimulationMeta = {
  formatVersion: STORE_FORMAT_VERSION,
  codeVersion: 'test',
  seed: 7,
  startTime: '2026-02-13T06:00',
  secondsPerStep: 10,
  mapPath: 'maps/mini.json',
  map: { width: 3 },
  personasPath: 'personas.json',
  personas: [{ id: 'ada' }],
  mind: 'rule-based (no language model)',
  config: { a: 1 },
};

const delta = (step: number, extra: Partial<StepDelta> = {}): StepDelta => ({ step, time: 1000 * step, ...extra }) as StepDelta;
const simState = (step: number): SimState => ({ step, agents: [], objects: {}, conversations: [], events: [] });

/** A file with steps 0..count-1, snapshots at the given steps, and an input at step 2. */
function filled(path: string, count: number, snapshots: number[]): SimulationStore {
  const store = SimulationStore.create(path, meta);
  for (let s = 0; s < count; s++) {
    store.commitStep(delta(s, s === 2 ? { inputs: [{ kind: 'event', address: 'a', description: 'rain', durationSteps: 3 }] } as Partial<StepDelta> : {}));
    if (snapshots.includes(s)) store.writeSnapshot(s, simState(s), { mindAt: s });
  }
  return store;
}

describe('SimulationStore.create', () => {
  it('writes the meta, and a reopened file reads it back', () => {
    const path = fresh();
    SimulationStore.create(path, meta).close();
    const store = SimulationStore.open(path, { readonly: true });
    expect(store.meta).toEqual(meta);
    expect(store.stepCount()).toBe(0);
    expect(store.snapshotAtOrBefore()).toBeNull();
    store.close();
  });

  it('refuses to replace a simulation or a non-SQLite file unless asked, and replaces an empty leftover', () => {
    const path = fresh();
    filled(path, 1, []).close();
    expect(() => SimulationStore.create(path, meta)).toThrow(`${path} already holds a simulation. Use --resume to continue it, --overwrite to replace it, or choose another --db.`);
    const replaced = SimulationStore.create(path, { ...meta, seed: 9 }, { overwrite: true });
    expect(replaced.stepCount()).toBe(0);
    expect(replaced.meta.seed).toBe(9);
    replaced.close();

    const text = fresh();
    writeFileSync(text, 'hello, not a database at all');
    expect(() => SimulationStore.create(text, meta)).toThrow(/is not a SQLite database.*Choose another --db, or --overwrite to replace it\./);
    expect(() => SimulationStore.checkCreatable(text, { overwrite: true })).not.toThrow();

    const empty = fresh();
    new Database(empty).exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const store = SimulationStore.create(empty, meta);
    expect(store.meta.seed).toBe(7);
    store.close();
    expect(() => SimulationStore.checkCreatable(fresh())).not.toThrow();
  });

  it('fails whole when the meta cannot be written, naming the cause', () => {
    const path = fresh();
    expect(() => SimulationStore.create(path, { ...meta, config: { big: 1n } })).toThrow(/BigInt/);
    // Nothing was committed: the leftover is empty and may be replaced.
    expect(() => SimulationStore.checkCreatable(path)).not.toThrow();
  });

  it('removes a file with its WAL files and memory index folder', () => {
    const path = fresh();
    SimulationStore.create(path, meta).close();
    for (const suffix of ['-wal', '-shm']) writeFileSync(path + suffix, '');
    mkdirSync(`${path}.hnsw`);
    writeFileSync(join(`${path}.hnsw`, 'index.bin'), 'x');
    removeSimulationFiles(path);
    for (const suffix of ['', '-wal', '-shm', '.hnsw']) expect(existsSync(path + suffix), suffix).toBe(false);
    expect(() => removeSimulationFiles(':memory:')).not.toThrow();
  });
});

describe('SimulationStore.open', () => {
  it('names what is wrong with a file that cannot be opened', () => {
    const missing = join(dir, 'missing.db');
    expect(() => SimulationStore.open(missing)).toThrow(`No simulation file at ${missing}`);
    const text = fresh();
    writeFileSync(text, 'not sqlite, just text here');
    expect(() => SimulationStore.open(text)).toThrow(`${text} is not a SQLite database, so not a Hamlet simulation file (is it the right path?)`);
    const other = fresh();
    const db = new Database(other);
    db.exec("CREATE TABLE things (x); INSERT INTO things VALUES (1)");
    db.close();
    expect(() => SimulationStore.open(other)).toThrow(`${other} is not a Hamlet simulation file (no meta table)`);
    const emptyMeta = fresh();
    const db2 = new Database(emptyMeta);
    db2.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    db2.close();
    expect(() => SimulationStore.open(emptyMeta)).toThrow(/no meta table/);
  });

  it('says an empty, unfinished file has nothing to resume', () => {
    const path = fresh();
    new Database(path).exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); CREATE TABLE steps (step INTEGER)');
    expect(() => SimulationStore.open(path)).toThrow(UnfinishedSimulationError);
    expect(() => SimulationStore.open(path)).toThrow(
      `${path} is an empty, unfinished simulation file: its run was stopped before its first commit, so there is nothing to resume. ` +
        'Run without --resume to start it afresh (the empty file is replaced).',
    );
    expect(new UnfinishedSimulationError(path).name).toBe('UnfinishedSimulationError');
    expect(() => SimulationStore.checkCreatable(path)).not.toThrow();
  });

  it('looks into tables whatever their name when telling an empty file from another one', () => {
    const path = fresh();
    const db = new Database(path);
    db.exec('CREATE TABLE "odd""name" (x); INSERT INTO "odd""name" VALUES (1)');
    db.close();
    expect(() => SimulationStore.open(path)).toThrow(`${path} is not a Hamlet simulation file (no meta table)`);
  });

  it('checking whether a file may be replaced never writes to it, and an unreadable one is never replaced', () => {
    const path = fresh();
    const db = new Database(path);
    db.exec('CREATE TABLE things (x); INSERT INTO things VALUES (1)');
    db.close();
    const bytes = readFileSync(path);
    expect(() => SimulationStore.create(path, meta)).toThrow(/already holds a simulation/);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);

    const garbage = fresh();
    writeFileSync(garbage, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4000, 0xab)]));
    expect(() => SimulationStore.create(garbage, meta)).toThrow(`${garbage} already holds a simulation`);
  });

  it('completes the tables of a file opened for writing', () => {
    const path = fresh();
    const db = new Database(path);
    db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    for (const [key, value] of Object.entries(meta)) insert.run(key, JSON.stringify(value));
    db.close();
    const writer = SimulationStore.open(path);
    writer.commitStep(delta(0));
    writer.writeSnapshot(0, simState(0), null);
    expect(writer.stepCount()).toBe(1);
    writer.close();
    expect(writer.db.open).toBe(false);
  });

  it('refuses another store format', () => {
    const path = fresh();
    SimulationStore.create(path, { ...meta, formatVersion: STORE_FORMAT_VERSION + 1 }).close();
    expect(() => SimulationStore.open(path)).toThrow(
      `${path}: its "meta" part is in format version ${STORE_FORMAT_VERSION + 1}, but this Hamlet reads version ${STORE_FORMAT_VERSION} of it: the file was made by a newer Hamlet`,
    );
  });

  it('with check, refuses a damaged file unless resuming from a snapshot before the damage', () => {
    const path = fresh();
    const store = filled(path, 30, [0, 10, 20]);
    store.db.prepare("UPDATE steps SET delta = '{broken' WHERE step = 15").run();
    store.close();
    expect(() => SimulationStore.open(path, { check: true })).toThrow(DamagedFileError);
    expect(() => SimulationStore.open(path, { check: true })).toThrow(/step 15 of the step log is not valid JSON any more.*--from-snapshot 10/);
    expect(() => SimulationStore.open(path, { check: true, fromSnapshot: 20 })).toThrow(DamagedFileError);
    const resumed = SimulationStore.open(path, { check: true, fromSnapshot: 10 });
    resumed.truncateFrom(10);
    expect(resumed.stepCount()).toBe(10);
    resumed.close();
    expect(() => SimulationStore.open(path, { check: true }).close()).not.toThrow();
    // Without check, a damaged file opens; the damage shows when the record is read, naming it.
    const uncheckedPath = fresh();
    const damaged = filled(uncheckedPath, 3, [0]);
    damaged.db.prepare("UPDATE steps SET delta = 'x' WHERE step = 1").run();
    damaged.db.prepare("UPDATE snapshots SET state = 'x' WHERE step = 0").run();
    damaged.db.prepare("UPDATE inputs SET payload = 'x' WHERE step = 2").run();
    damaged.close();
    const unchecked = SimulationStore.open(uncheckedPath);
    expect(() => [...unchecked.readSteps()]).toThrow(/step 1 of the step log is not valid JSON any more/);
    expect(() => unchecked.snapshotAtOrBefore()).toThrow(/the snapshot at step 0 is not valid JSON any more/);
    expect(() => unchecked.inputs()).toThrow(/the input of step 2 is not valid JSON any more/);
    unchecked.close();
  });

  it('with check, names a damaged snapshot or setting', () => {
    const path = fresh();
    const store = filled(path, 5, [0, 3]);
    store.db.prepare("UPDATE snapshots SET mind = '{' WHERE step = 3").run();
    store.close();
    expect(() => SimulationStore.open(path, { check: true })).toThrow(/the snapshot at step 3 is not valid JSON any more.*--from-snapshot 0/);
    const settings = fresh();
    const broken = filled(settings, 2, [0]);
    broken.db.prepare("UPDATE meta SET value = '{' WHERE key = 'seed'").run();
    broken.close();
    expect(() => SimulationStore.open(settings, { check: true })).toThrow(/its settings \(meta "seed"\) are not valid JSON any more/);
  });

  it('a damaged file with no good snapshot is refused even with --from-snapshot', () => {
    const path = fresh();
    const store = filled(path, 5, [3]);
    store.db.prepare("UPDATE steps SET delta = '{' WHERE step = 0").run();
    store.close();
    expect(() => SimulationStore.open(path, { check: true, fromSnapshot: 0 })).toThrow(DamagedFileError);
  });

  it('opens read-only without touching the file', () => {
    const path = fresh();
    filled(path, 3, [1]).close();
    const store = SimulationStore.open(path, { readonly: true });
    expect(store.db.readonly).toBe(true);
    expect(() => store.commitStep(delta(3))).toThrow(new RegExp(path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    store.close();
  });
});

describe('the resume path', () => {
  it('counts steps, finds the snapshot at or before a step, and reads steps in a range in order', () => {
    const store = filled(fresh(), 25, [0, 10, 20]);
    expect(store.stepCount()).toBe(25);
    expect(store.snapshotAtOrBefore()?.step).toBe(20);
    expect(store.snapshotAtOrBefore(19)).toEqual({ step: 10, state: simState(10), mind: { mindAt: 10 } });
    expect(store.snapshotAtOrBefore(10)?.step).toBe(10);
    expect(store.snapshotAtOrBefore(-1)).toBeNull();
    expect([...store.readSteps(5, 8)].map((d) => d.step)).toEqual([5, 6, 7]);
    expect([...store.readSteps(23)].map((d) => d.step)).toEqual([23, 24]);
    expect([...store.readSteps()]).toHaveLength(25);
    expect(store.inputs()).toEqual([{ step: 2, input: { kind: 'event', address: 'a', description: 'rain', durationSteps: 3 } }]);
    store.close();
  });

  it('stores a snapshot without a mind as null, and a later one at the same step replaces it', () => {
    const store = SimulationStore.create(fresh(), meta);
    store.writeSnapshot(4, simState(4), undefined);
    expect(store.snapshotAtOrBefore()?.mind).toBeNull();
    store.writeSnapshot(4, simState(5), { again: true });
    expect(store.snapshotAtOrBefore()).toEqual({ step: 4, state: simState(5), mind: { again: true } });
    store.close();
  });

  it('truncating rewinds every stored part: steps, inputs, memories and model calls from a step on, snapshots after it', () => {
    const store = filled(fresh(), 25, [0, 2, 10, 20]);
    const memory = (id: number, step: number) =>
      store.db
        .prepare(
          `INSERT INTO memories (id, agent_id, type, step, created, last_accessed, subject, predicate, object, description, importance, keywords, embedding_key, evidence, depth)
           VALUES (?, 'ada', 'event', ?, 0, 0, 'a', 'b', 'c', 'd', 1, '[]', 'k', '[]', 0)`,
        )
        .run(id, step);
    memory(1, 1);
    memory(2, 2);
    const call = (step: number) =>
      store.db.prepare("INSERT INTO llm_calls (task, step, prompt_hash, prompt, model, tokens_in, tokens_out, ms) VALUES ('t', ?, 'h', 'p', 'm', 1, 1, 1)").run(step);
    call(1);
    call(3);
    store.db.prepare("INSERT INTO embeddings (key, model, dims, text, vector) VALUES ('k', 'm', 1, 'x', x'00000000')").run();
    store.truncateFrom(2);
    expect(store.stepCount()).toBe(2);
    expect(store.inputs()).toEqual([]);
    expect(store.snapshotAtOrBefore()?.step).toBe(2);
    expect(store.db.prepare('SELECT id FROM memories').all()).toEqual([{ id: 1 }]);
    expect(store.db.prepare('SELECT step FROM llm_calls').all()).toEqual([{ step: 1 }]);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM embeddings').get()).toEqual({ n: 1 }); // a cache: kept
    store.close();
  });

  it('a resumed log that re-runs the same steps hashes the same as before', () => {
    const path = fresh();
    const store = filled(path, 12, [0, 6]);
    const before = store.stepLogHash();
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    store.truncateFrom(6);
    expect(store.stepLogHash()).not.toBe(before);
    for (let s = 6; s < 12; s++) store.commitStep(delta(s));
    expect(store.stepLogHash()).toBe(before);
    store.close();
    const other = filled(fresh(), 12, [0, 6]);
    other.db.prepare("UPDATE steps SET delta = ? WHERE step = 11").run(JSON.stringify(delta(11, { time: 1 } as Partial<StepDelta>)));
    expect(other.stepLogHash()).not.toBe(before);
    other.close();
  });

  it('commits a step together with what the caller writes, or neither', () => {
    const store = SimulationStore.create(fresh(), meta);
    store.db.exec('CREATE TABLE extra (x)');
    expect(() =>
      store.commitStep(delta(0), () => {
        store.db.prepare('INSERT INTO extra VALUES (1)').run();
        throw new Error('mind failed');
      }),
    ).toThrow('mind failed');
    expect(store.stepCount()).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM extra').get()).toEqual({ n: 0 });
    store.commitStep(delta(0), () => store.db.prepare('INSERT INTO extra VALUES (1)').run());
    expect(store.stepCount()).toBe(1);
    store.close();
  });

  it('updates one meta field and keeps it across reopening; reports the file size', () => {
    const path = fresh();
    const store = SimulationStore.create(path, meta);
    store.setMeta('mind', 'openai gpt');
    expect(store.meta).toEqual({ ...meta, mind: 'openai gpt' });
    expect(store.fileBytes()).toBeGreaterThan(4096);
    store.close();
    store.close(); // twice is harmless
    const again = SimulationStore.open(path);
    expect(again.meta.mind).toBe('openai gpt');
    again.close();
  });
});

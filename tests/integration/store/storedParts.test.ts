/**
 * The stored parts: every table of a simulation file belongs to one declared part, with its
 * format version recorded in the file; files of store format 1 (made before the parts were
 * declared: tests/fixtures/format1-*.db, made by the code of commit db41913) open and resume to
 * the very step logs that code produced; a file with a part in an unknown version is refused,
 * naming the file, the part and the version, and is left as it was.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openTown } from '../../../server/cli/town';
import { checkSimulationFile, STORE_PARTS, StoreFormatError } from '../../../server/store/parts';
import { SimulationStore } from '../../../server/store/simulationStore';
import { openGenerativeTown, steps } from '../mind/helpers';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIXTURES = join(__dirname, '..', '..', 'fixtures');

function copyOf(name: string): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  copyFileSync(join(FIXTURES, name), path);
  return path;
}

function tables(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

/** Step-log hashes of the fixtures, and after resuming them for 60 steps, measured with the code that made them. */
const FORMAT1 = {
  rule: { before: '5862492404b5eae77d0027f6e8f71b101f1f3a33825a7e05b9af2b98dc184bdc', after60: '272c6137b138d795421c84958333969065ade1d9dfb0652ea5fd5873a711d774' },
  generative: { before: '440075e443560fc46b82721ea71b9bde316da63ce3178e7894b91abf11ffa8b4', after60: '327cedbb4434add2fef3d69260129a89cf042e226961fd93bf24b34807567754' },
};

describe('stored parts', () => {
  it('a new file holds exactly the declared parts\' tables, each part\'s version recorded', async () => {
    const path = join(dir, 'new.db');
    const town = await openTown({ dbPath: path, agentLimit: 2, mapPath: 'maps/village.tmj' });
    town.store.close();
    const declared = STORE_PARTS.flatMap((p) => p.tables);
    expect(tables(path)).toEqual([...declared, 'store_parts'].sort());
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT part, version FROM store_parts ORDER BY part').all()).toEqual(
      STORE_PARTS.map((p) => ({ part: p.name, version: p.version })).sort((a, b) => (a.part < b.part ? -1 : 1)),
    );
    db.close();
    expect(checkSimulationFile(path).parts).toEqual(Object.fromEntries(STORE_PARTS.map((p) => [p.name, p.version])));
  });

  it('a rule-based file of store format 1 opens read-only unchanged, then resumes to the same log as the old code (its waiting input applied)', async () => {
    const path = copyOf('format1-rule.db');
    const bytes = readFileSync(path);
    expect(checkSimulationFile(path).formatVersion).toBe(1);
    const reader = SimulationStore.open(path, { readonly: true });
    expect(reader.stepLogHash()).toBe(FORMAT1.rule.before);
    reader.close();
    expect(readFileSync(path).equals(bytes)).toBe(true);

    const town = await openTown({ dbPath: path, resume: true });
    expect(town.startStep).toBe(150);
    const first = await town.sim.step();
    expect(first.inputs?.map((i) => i.kind)).toEqual(['announcement']);
    await steps(town, 59);
    expect(town.store.stepLogHash()).toBe(FORMAT1.rule.after60);
    town.store.close();
    // Opening it for writing added the parts it lacked (lineage, model calls) and recorded versions.
    expect(tables(path)).toEqual(expect.arrayContaining(['lineage', 'llm_calls', 'store_parts']));
  });

  it('a generative file of store format 1 (memories, embeddings, model calls) resumes to the same log as the old code', async () => {
    const path = copyOf('format1-generative.db');
    const town = await openGenerativeTown({ dbPath: path, resume: true });
    expect(town.store.stepLogHash()).toBe(FORMAT1.generative.before);
    await steps(town, 60);
    expect(town.store.stepLogHash()).toBe(FORMAT1.generative.after60);
    town.store.close();
  });

  it('refuses a file with a part in an unknown format version, or an unknown part, naming the file, the part and the version, and changes nothing', async () => {
    const path = join(dir, 'future.db');
    (await openTown({ dbPath: path, agentLimit: 2, mapPath: 'maps/village.tmj' })).store.close();
    const raw = new Database(path);
    raw.prepare("UPDATE store_parts SET version = 9 WHERE part = 'memories'").run();
    raw.close();
    const bytes = readFileSync(path);
    const message = `${path}: its "memories" part is in format version 9, but this Hamlet reads version 1 of it: the file was made by a newer Hamlet`;
    expect(() => SimulationStore.open(path)).toThrow(message);
    expect(() => SimulationStore.open(path, { readonly: true })).toThrow(message);
    expect(() => checkSimulationFile(path)).toThrow(StoreFormatError);
    await expect(openTown({ dbPath: path, resume: true })).rejects.toThrow(message);
    expect(readFileSync(path).equals(bytes)).toBe(true);

    const other = join(dir, 'unknown-part.db');
    (await openTown({ dbPath: other, agentLimit: 2, mapPath: 'maps/village.tmj' })).store.close();
    const raw2 = new Database(other);
    raw2.prepare("INSERT INTO store_parts (part, version) VALUES ('holograms', 2)").run();
    raw2.close();
    expect(() => SimulationStore.open(other)).toThrow(`${other} holds a part "holograms" (format version 2) that this Hamlet does not know`);
    expect(() => checkSimulationFile(other)).toThrow(/holograms/);
  });

  it('checkSimulationFile names what is wrong with a file that is no simulation', () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello');
    expect(() => checkSimulationFile(text)).toThrow(`${text} is not a SQLite database`);
    const bare = join(dir, 'bare.db');
    new Database(bare).exec('CREATE TABLE t (x)');
    expect(() => checkSimulationFile(bare)).toThrow(`${bare} is not a Hamlet simulation file (no meta)`);
    expect(() => checkSimulationFile(join(dir, 'absent.db'))).toThrow('No simulation file at');
  });
});

/**
 * Export and import carry every stored part: a generative run exported and imported replays the
 * same steps and shows the same time-travel inspector (plan log, memories, snapshots), and a
 * fork's export keeps its lineage. Import checks the run inside with checkSimulationFile: a file
 * whose part is in a format version this Hamlet does not read is refused naming the file, the
 * part and the version, and nothing is written.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkRun } from '../../../server/cli/fork';
import { ReplaySource } from '../../../server/net/replay';
import { exportRun, importRun, packExportFile } from '../../../server/store/exportFile';
import { readLineage } from '../../../server/store/lineage';
import { SimulationStore } from '../../../server/store/simulationStore';
import { writeMiniTown } from '../../support/miniTown';
import { openGenerativeTown } from '../mind/helpers';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-export-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tables(db: string): Record<string, number> {
  const d = new Database(db, { readonly: true });
  try {
    const names = (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    return Object.fromEntries(names.map((n) => [n, (d.prepare(`SELECT COUNT(*) AS n FROM "${n}"`).get() as { n: number }).n]));
  } finally {
    d.close();
  }
}

describe('export → import of a generative run and of a fork', () => {
  const db = join(dir, 'gen.db');
  const STEPS = 260;

  beforeAll(async () => {
    const files = writeMiniTown(join(dir, 'town'));
    const town = await openGenerativeTown({ ...files, dbPath: db, startTime: '2026-02-13T06:30', snapshotEverySteps: 100 });
    while (town.sim.state.step < STEPS) await town.sim.step();
    town.sim.snapshot();
    town.store.close();
  }, 240_000);

  it('carries every stored part: the same steps and the same inspector as of any step', async () => {
    const file = join(dir, 'gen.hamlet');
    await exportRun(db, file);
    const restored = join(dir, 'imported', 'gen.db');
    await importRun(file, restored);
    const before = tables(db);
    expect(before.plan_log).toBeGreaterThan(0);
    expect(before.memories).toBeGreaterThan(0);
    expect(tables(restored)).toEqual(before);

    const a = ReplaySource.open(db);
    const b = ReplaySource.open(restored);
    try {
      expect([b.firstStep, b.lastStep]).toEqual([a.firstStep, a.lastStep]);
      expect(b.markers()).toEqual(a.markers());
      const ids = a.state.agents.map((x) => x.id);
      for (const step of [0, 1, 99, 137, 200, 233, STEPS]) {
        a.seek(step);
        b.seek(step);
        expect(b.state).toEqual(a.state);
        for (const id of ids) expect(b.mind.inspect(id, b.time), `${id} at ${step}`).toEqual(a.mind.inspect(id, a.time));
      }
    } finally {
      a.close();
      b.close();
    }
  });

  it('keeps a fork’s lineage', async () => {
    const fork = join(dir, 'fork.db');
    await forkRun({ parentPath: db, at: 200, dbPath: fork });
    const file = join(dir, 'fork.hamlet');
    await exportRun(fork, file);
    const restored = join(dir, 'imported', 'fork.db');
    await importRun(file, restored);
    const read = (path: string) => {
      const s = SimulationStore.open(path, { readonly: true });
      try {
        return readLineage(s.db);
      } finally {
        s.close();
      }
    };
    expect(read(fork)).toEqual([expect.objectContaining({ step: 200 })]);
    expect(read(restored)).toEqual(read(fork));
  });

  it('refuses a run whose part is in an unknown format version, naming file, part and version, writing nothing', async () => {
    const target = join(dir, 'refused', 'run.db');
    for (const [change, message] of [
      ["UPDATE store_parts SET version = 9 WHERE part = 'planLog'", /holds a run in a format this Hamlet does not read: its "planLog" part is in format version 9 \(this Hamlet reads version 1 of it\); a newer Hamlet made it/],
      ["INSERT INTO store_parts (part, version) VALUES ('dreams', 1)", /its "dreams" part is in format version 1 \(a part this Hamlet does not know\)/],
    ] as const) {
      const raw = join(dir, 'raw.db');
      copyFileSync(db, raw);
      const d = new Database(raw);
      d.exec(change);
      d.close();
      const file = join(dir, 'newer.hamlet');
      rmSync(file, { force: true });
      await packExportFile(raw, file);
      const refused = importRun(file, target);
      await expect(refused).rejects.toThrow(message);
      await expect(importRun(file, target)).rejects.toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} holds a run`));
      expect(existsSync(target)).toBe(false);
      expect(existsSync(join(dir, 'refused')) ? readdirSync(join(dir, 'refused')) : []).toEqual([]);
    }
  });
});

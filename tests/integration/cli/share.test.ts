/**
 * `hamlet export` / `hamlet import` as a user runs them: export → import → replay gives the same
 * steps (same step-log hash, same rebuilt states); unknown, truncated and damaged exports are
 * refused with one line naming the file, and leave the data folder exactly as it was.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTown } from '../../../server/cli/town';
import { ReplaySource } from '../../../server/net/replay';
import { writeStaticSite } from '../../../server/net/staticSite';
import type { StaticChunk } from '../../../server/net/staticRun';
import { navigatorForMapJson } from '../../../server/net/walkMap';
import { WalkWorld } from '../../../server/net/walks';
import { EXPORT_MAGIC, exportRun, importRun } from '../../../server/store/exportFile';
import { SimulationStore } from '../../../server/store/simulationStore';
import { hamletAsync } from '../../support/hamletCli';
import { writeMiniTown } from '../../support/miniTown';

function hashOf(db: string): string {
  const s = SimulationStore.open(db, { readonly: true });
  try {
    return s.stepLogHash();
  } finally {
    s.close();
  }
}

describe('hamlet export / import', () => {
  // The "other machine": its own working directory, so its data folder is a fresh one.
  const dir = mkdtempSync(join(tmpdir(), 'hamlet-share-'));
  const other = join(dir, 'other');
  const db = join(dir, 'run.db');
  const file = join(dir, 'run.hamlet');
  const cli = (...args: string[]) => hamletAsync(args, {}, 120_000, other);
  let hash = '';

  beforeAll(async () => {
    mkdirSync(other);
    const files = writeMiniTown(join(dir, 'town'));
    const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: db, seed: 5 });
    while (town.sim.state.step < 400) await town.sim.step();
    town.store.close();
    hash = hashOf(db);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('export → import → replay gives the same steps', { timeout: 120_000 }, async () => {
    const exported = await cli('export', db, file);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`Restore it anywhere with: hamlet import ${file}`);
    expect(hashOf(db)).toBe(hash); // the source is never changed

    const imported = await cli('import', file, '--as', 'tuesday');
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Replay it with: hamlet replay data/tuesday.db');
    const restored = join(other, 'data', 'tuesday.db');
    expect(readdirSync(join(other, 'data'))).toEqual(['tuesday.db']);
    expect(hashOf(restored)).toBe(hash);

    const a = ReplaySource.open(db);
    const b = ReplaySource.open(restored);
    try {
      expect([b.firstStep, b.lastStep]).toEqual([a.firstStep, a.lastStep]);
      for (const step of [0, 1, 200, 359, 360, 399, 400]) expect(b.stateAt(step)).toEqual(a.stateAt(step));
      expect(b.markers()).toEqual(a.markers());
    } finally {
      a.close();
      b.close();
    }

    // An existing run or export file is never replaced by accident (in-process: each command costs seconds to start).
    const taken = join(other, 'data', 'tuesday.db');
    await expect(importRun(file, taken)).rejects.toThrow(`${taken} already exists; choose another name with --as NAME, or add --overwrite`);
    await expect(exportRun(db, file)).rejects.toThrow(`${file} already exists; choose another file or add --overwrite`);
    expect(hashOf(taken)).toBe(hash);
  });

  it('writes a static site of the run', { timeout: 120_000 }, async () => {
    const site = join(dir, 'site');
    const result = await cli('export', db, '--site', site);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/as a static site in .*site: steps 0–400, 2 chunks/);
    const manifest = JSON.parse(readFileSync(join(site, 'run', 'run.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 2, firstStep: 0, lastStep: 400, chunkSteps: 360, chunks: 2, sim: { world: 'Minitown', seed: 5 } });
    expect(manifest.map.url).toBe('run/town/map.json');
    const second = JSON.parse(readFileSync(join(site, 'run', 'chunks', '1.json'), 'utf8'));
    expect([second.step, second.steps.length, second.steps[0].step]).toEqual([360, 40, 360]);
    // What the page's inspector says of each walk and action ("since 07:05", "on the way (N tiles
    // to go)") follows from a chunk's walks through its messages, with the navigator the page
    // builds from the site's map, exactly as replay has it.
    const navigator = navigatorForMapJson(JSON.parse(readFileSync(join(site, 'run', 'town', 'map.json'), 'utf8')), manifest.sim.world);
    const replay = ReplaySource.open(db);
    try {
      let walking = 0;
      for (const index of [0, 1]) {
        const chunk = JSON.parse(readFileSync(join(site, 'run', 'chunks', `${index}.json`), 'utf8')) as StaticChunk;
        const world = new WalkWorld(chunk, navigator);
        for (let step = chunk.step; step <= Math.min(chunk.step + 359, 400); step++) {
          if (step > chunk.step) world.apply(chunk.steps[step - 1 - chunk.step]);
          for (const agent of replay.stateAt(step).agents) {
            const walker = world.agent(agent.id)!;
            expect({ action: walker.action, path: walker.path }, `${agent.id} at ${step}`).toEqual({
              action: { description: agent.action.description, address: agent.action.address, startStep: agent.action.startStep, ...(agent.action.targetAgent ? { targetAgent: agent.action.targetAgent } : {}) },
              path: agent.path,
            });
            walking += agent.path.length > 0 ? 1 : 0;
          }
        }
      }
      expect(walking, 'someone walks at a step').toBeGreaterThan(0);
    } finally {
      replay.close();
    }
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toMatch(/<meta name="hamlet-static" content="run\/" \/>[\s\S]*src="\.\/assets\//);
    // A folder with something in it is not replaced without --overwrite.
    expect(() => writeStaticSite(db, site, { clientDir: join(site, '..', 'nowhere'), codeVersion: 'test' })).toThrow(
      `${site} already exists and is not an empty folder; choose another --site folder or add --overwrite`,
    );
    expect((await cli('export', db, file, '--site', site)).code).toBe(2);
  });

  it('refuses unknown, truncated and damaged files naming them, changing nothing', { timeout: 120_000 }, async () => {
    const good = readFileSync(file);
    const before = readdirSync(join(other, 'data')).sort();
    const cases: { name: string; bytes: Buffer; message: RegExp }[] = [
      { name: 'notes.hamlet', bytes: Buffer.from('just some text, not an export\n'), message: /is not a Hamlet export \(unknown format\)/ },
      { name: 'half.hamlet', bytes: good.subarray(0, Math.floor(good.length / 2)), message: /is truncated: \d+ of \d+ bytes/ },
      { name: 'header.hamlet', bytes: good.subarray(0, 20), message: /is truncated: it ends inside its header/ },
      { name: 'flipped.hamlet', bytes: flip(good, Math.floor(good.length * 0.6)), message: /is damaged: / },
      { name: 'future.hamlet', bytes: withVersion(good, 9), message: /container version 9; this Hamlet reads version 1/ },
      { name: 'longer.hamlet', bytes: Buffer.concat([good, Buffer.from('xx')]), message: /is damaged: 2 unexpected bytes after its end/ },
    ];
    // Each case through the import itself (fast); the command line once, for its one line and exit code.
    for (const c of cases) {
      const path = join(dir, c.name);
      writeFileSync(path, c.bytes);
      const refused = await importRun(path, join(other, 'data', 'broken.db')).then(
        () => null,
        (err: Error) => err.message,
      );
      expect(refused, c.name).toContain(path);
      expect(refused, c.name).toMatch(c.message);
      // No partial file, no leftover temporary: the data folder is as it was.
      expect(readdirSync(join(other, 'data')).sort(), c.name).toEqual(before);
    }
    const flipped = join(dir, 'flipped.hamlet');
    const result = await cli('import', flipped, '--as', 'broken');
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^hamlet: ${flipped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged: `))]);
    expect(readdirSync(join(other, 'data')).sort()).toEqual(before);
    await expect(importRun(join(dir, 'nope.hamlet'), join(other, 'data', 'nope.db'))).rejects.toThrow(`No export file at ${join(dir, 'nope.hamlet')}`);
    const usage = await cli('import');
    expect([usage.code, usage.stderr.trim()]).toEqual([2, 'hamlet: give one export file: hamlet import <file> [--as NAME]']);
    expect((await cli('export', db)).code).toBe(2);
    const help = await cli('import', '--help');
    for (const flag of ['--as', '--overwrite']) expect(help.stdout).toContain(flag);
  });
});

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] ^= 0xff;
  return copy;
}

function withVersion(bytes: Buffer, version: number): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeUInt32BE(version, EXPORT_MAGIC.length);
  return copy;
}

/**
 * A run keeps its mind settings (server/cli/mindSettings.ts): resumed or forked with a config
 * that asks for other settings, or made before settings were stored, it continues exactly as a
 * straight run with the settings it was made with (real SQLite, the town script as the model).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkRun } from '../../../server/cli/fork';
import { generativeMindFor } from '../../../server/cli/minds';
import { openPastRun } from '../../../server/cli/pastRun';
import { openTown } from '../../../server/cli/town';
import { MIND_SETTINGS_KEY, runSettings, SETTINGS_BEFORE_STORED } from '../../../server/cli/mindSettings';
import { GenerativeMind, resolveGenerativeConfig } from '../../../server/mind/generative/index';
import { SimulationStore } from '../../../server/store/simulationStore';
import { writeMiniTown } from '../../support/miniTown';
import { HashEmbedder } from '../../support/scriptedModel';
import { openGenerativeTown, runDump, slowTownModel } from '../mind/helpers';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mini = writeMiniTown(join(dir, 'mini'));

const START = '2026-02-13T07:50';
const STEPS = 300;
/** The crashed runs stop a few steps after this snapshot (no snapshot at the end). */
const CRASH_AFTER = 125;
const EVERY = 30;
const ONE_LINE = { conversationLinesPerCall: 1, concurrency: 4 };
const TWO_LINES = { conversationLinesPerCall: 2, concurrency: 4 };

async function town(dbPath: string, config: object, extra: object = {}) {
  const llm = slowTownModel(0);
  return { ...(await openGenerativeTown({ ...mini, dbPath, llm, startTime: START, snapshotEverySteps: EVERY, config, ...extra })), llm };
}

function dumpOf(path: string) {
  const store = SimulationStore.open(path, { readonly: true });
  try {
    return runDump(store, STEPS);
  } finally {
    store.close();
  }
}

/** Makes a file look as files made before settings were stored: no `config.mind` in its meta. */
function forgetSettings(path: string): void {
  const db = new Database(path);
  const row = db.prepare("SELECT value FROM meta WHERE key = 'config'").get() as { value: string };
  const config = JSON.parse(row.value) as Record<string, unknown>;
  expect(config[MIND_SETTINGS_KEY]).toBeDefined();
  delete config[MIND_SETTINGS_KEY];
  db.prepare("UPDATE meta SET value = ? WHERE key = 'config'").run(JSON.stringify(config));
  db.close();
}

const storedLinesPerCall = (path: string) => {
  const store = SimulationStore.open(path, { readonly: true });
  try {
    return (store.meta.config[MIND_SETTINGS_KEY] as { conversationLinesPerCall?: number } | undefined)?.conversationLinesPerCall;
  } finally {
    store.close();
  }
};

let straight: ReturnType<typeof dumpOf>;
const straightDb = join(dir, 'straight-1.db');

beforeAll(async () => {
  const run = await town(straightDb, ONE_LINE);
  for (let i = 0; i < STEPS; i++) await run.sim.step();
  run.sim.snapshot();
  // The settings are in the file from its start, with the mind's label.
  expect(run.store.meta.config[MIND_SETTINGS_KEY]).toMatchObject(ONE_LINE);
  // The stretch after the crash holds conversations (speak calls): the two settings differ there.
  expect(run.llm.callsFor('speak').filter((c) => (c.tag?.step ?? 0) >= CRASH_AFTER).length).toBeGreaterThan(0);
  run.store.close();
  straight = dumpOf(straightDb);
  const other = await town(join(dir, 'straight-2.db'), TWO_LINES);
  for (let i = 0; i < STEPS; i++) await other.sim.step();
  other.store.close();
  expect(dumpOf(join(dir, 'straight-2.db')).log, 'two lines per call is another run').not.toBe(straight.log);
}, 180_000);

/** A run with `config` that stops a few steps after the snapshot at CRASH_AFTER - 5 … (no final snapshot). */
async function crashedRun(path: string, config: object): Promise<void> {
  const run = await town(path, config);
  for (let i = 0; i < CRASH_AFTER; i++) await run.sim.step();
  run.store.close();
}

describe('a run keeps its mind settings', () => {
  it('made with 1 line per call and resumed with a config saying 2: continues as a straight run with 1, and says so in one line', async () => {
    const path = join(dir, 'resumed.db');
    await crashedRun(path, ONE_LINE);
    const lines: string[] = [];
    const resumed = await town(path, TWO_LINES, { resume: true, log: (line: string) => lines.push(line) });
    expect(lines).toEqual([`${path} keeps its mind settings: conversationLinesPerCall 1 (your config says 2)`]);
    expect(resumed.mind.config.conversationLinesPerCall).toBe(1);
    for (let i = resumed.startStep; i < STEPS; i++) await resumed.sim.step();
    expect(resumed.llm.callsFor('speakLines')).toHaveLength(0);
    resumed.store.close();
    expect(dumpOf(path)).toEqual(straight);
    expect(storedLinesPerCall(path)).toBe(1);
  }, 120_000);

  it('a file made before settings were stored resumes with the settings of then (SETTINGS_BEFORE_STORED), and keeps them from then on', async () => {
    const path = join(dir, 'before.db');
    await crashedRun(path, ONE_LINE);
    forgetSettings(path);
    const lines: string[] = [];
    // Asking nothing: today's defaults, whatever they are, do not apply to a run made before.
    const resumed = await town(path, { concurrency: 4 }, { resume: true, log: (line: string) => lines.push(line) });
    expect(resumed.mind.config).toEqual({ ...SETTINGS_BEFORE_STORED, concurrency: 4 });
    const defaults = resolveGenerativeConfig({});
    if (defaults.conversationLinesPerCall !== 1) {
      expect(lines).toEqual([`${path} keeps its mind settings (it was made before runs stored them: those of then): conversationLinesPerCall 1 (the default now is ${defaults.conversationLinesPerCall})`]);
    }
    for (let i = resumed.startStep; i < STEPS; i++) await resumed.sim.step();
    resumed.store.close();
    expect(dumpOf(path)).toEqual(straight);
    expect(storedLinesPerCall(path)).toBe(1);
  }, 120_000);

  it('forks re-run and continue as their parent: of a run made before settings were stored (today\'s defaults asked), and of a run keeping 1 line per call (a config saying 2)', async () => {
    const before = join(dir, 'parent-before.db');
    copyFileSync(straightDb, before);
    forgetSettings(before);
    const defaults = resolveGenerativeConfig({ concurrency: 4 });
    const at = CRASH_AFTER + 5; // between snapshots: steps re-run from the record
    for (const [parent, asked, said] of [
      [before, defaults, defaults.conversationLinesPerCall === 1 ? undefined : `${before} keeps its mind settings (it was made before runs stored them: those of then): conversationLinesPerCall 1 (the default now is ${defaults.conversationLinesPerCall})`],
      [straightDb, resolveGenerativeConfig(TWO_LINES), `${straightDb} keeps its mind settings: conversationLinesPerCall 1 (your config says 2)`],
    ] as const) {
      const fork = `${parent}.fork.db`;
      const lines: string[] = [];
      const result = await forkRun({ parentPath: parent, at, dbPath: fork, mindConfig: asked, log: (line) => lines.push(line) });
      expect(result.rerunSteps).toBeGreaterThan(0);
      if (said) expect(lines).toContain(said);
      expect(storedLinesPerCall(fork)).toBe(1);
      const continued = await town(fork, TWO_LINES, { resume: true, log: () => undefined });
      for (let i = continued.startStep; i < STEPS; i++) await continued.sim.step();
      continued.store.close();
      expect(dumpOf(fork).log).toBe(straight.log);
    }
  }, 180_000);

  it('an interview of the past (a throwaway copy) runs with the stored settings, and the line names the file, not the copy', async () => {
    const lines: string[] = [];
    const llm = slowTownModel(0);
    const past = await openPastRun(straightDb, CRASH_AFTER + 5, (t) => generativeMindFor(t, { llm, embedder: new HashEmbedder(64), label: llm.name }, resolveGenerativeConfig(TWO_LINES), { log: (line) => lines.push(line) }));
    try {
      expect((past.town.sim.mind as GenerativeMind).config.conversationLinesPerCall).toBe(1);
      expect(lines).toEqual([`${straightDb} keeps its mind settings: conversationLinesPerCall 1 (your config says 2)`]);
    } finally {
      past.close();
    }
  });

  it('a new run answered from another run\'s record (--replay-llm) takes that run\'s settings, so nothing it asks is missing from the record', async () => {
    const path = join(dir, 'replayed.db');
    const lines: string[] = [];
    const asked = resolveGenerativeConfig(TWO_LINES);
    const replayed = await openTown({
      ...mini,
      dbPath: path,
      seed: 1,
      startTime: START,
      snapshotEverySteps: EVERY,
      overwrite: true,
      // No live model: a call the record lacks stops the run.
      mindFactory: (t) => generativeMindFor(t, { embedder: new HashEmbedder(64), label: 'replay', replayFrom: straightDb }, asked, { log: (line) => lines.push(line) }),
    });
    expect(lines).toEqual([`this run replays ${straightDb}'s answers, so it keeps its mind settings: conversationLinesPerCall 1 (your config says 2)`]);
    for (let i = 0; i < STEPS; i++) await replayed.sim.step();
    // The new file keeps the settings it ran with.
    expect(replayed.store.meta.config[MIND_SETTINGS_KEY]).toMatchObject({ conversationLinesPerCall: 1 });
    replayed.store.close();
    expect(dumpOf(path).log).toBe(straight.log);
  }, 120_000);

  it('the committed store-format-1 fixture has no stored settings: it runs with those of then', () => {
    // A copy: opening the committed file, even read-only, would leave SQLite's side files beside it.
    const path = join(dir, 'format1-generative.db');
    copyFileSync(join(__dirname, '..', '..', 'fixtures', 'format1-generative.db'), path);
    const store = SimulationStore.open(path, { readonly: true });
    try {
      const settings = runSettings(store.meta, path, resolveGenerativeConfig({ conversationLinesPerCall: 4, reflectionThreshold: 90 }));
      expect(settings.source).toBe('before-stored');
      // What the config file gives explicitly applies over the settings of then, as that code resolved them.
      expect(settings.config).toEqual({ ...SETTINGS_BEFORE_STORED, conversationLinesPerCall: 4, reflectionThreshold: 90 });
    } finally {
      store.close();
    }
  });
});

/**
 * Forks a stored run: a new simulation file that starts at any step of the parent, with the
 * parent's world state, memories, embeddings, model-call record and the mind's state as they were
 * at that step, and a lineage row naming its parent. The parent file is only read.
 *
 * The mind's state is snapshotted every game hour, not every step. The rule: the fork is made
 * exact by re-running the parent from its latest snapshot at or before the fork step up to that
 * step, the generative mind answered only from the parent's recorded model answers (no model is
 * needed; a call the record lacks stops the fork). The re-run steps must reproduce the parent's
 * step log byte for byte, or the fork is refused (say, a Hamlet whose code changed since the run).
 *
 * How: the parent is copied with SQLite's VACUUM INTO (a consistent copy even while the parent
 * runs), the copy is rewound to that snapshot by the stored parts' own rewind (as a resume does),
 * re-run to the fork step, snapshotted there, and only then renamed to the fork's name: a fork
 * that fails leaves no file behind. The per-agent memory indexes are rebuilt for the memories up
 * to the fork step (the copy's own `<db>.hnsw/`).
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatGameTime, GameClock } from '../engine/clock';
import type { SimInput } from '../engine/types';
import { ReplayEmbedder } from '../llm/index';
import type { GenerativeConfig } from '../mind/generative/index';
import { embeddingKey, normaliseText } from '../mind/memory/cachedEmbedder';
import type { TownView } from '../net/requests/inputs';
import { SqliteEmbeddingStore } from '../store/embeddings';
import { addLineage, type LineageEntry } from '../store/lineage';
import { addPendingInput, pendingInputs, removePendingInputs } from '../store/pendingInputs';
import { openDatabase } from '../store/database';
import { removeSimulationFiles, SimulationStore } from '../store/simulationStore';
import { parseTownMap } from '../world/loadMap';
import { stepOfAt } from './atStep';
import { generativeMindFor, mindConfigFor } from './minds';
import { defaultMindFactory, mindKindOf, openTown, type MindFactory } from './town';

export interface ForkOptions {
  /** The stored run to fork (only read). */
  parentPath: string;
  /** The step the fork starts at (its first own step), or a game time YYYY-MM-DDTHH:MM. */
  at: number | string;
  /** The new simulation file. */
  dbPath: string;
  /** Replace an existing file at dbPath. */
  overwrite?: boolean;
  /** The what-if: inputs applied at the fork step, made against the town as of that step. */
  inputs?: (town: TownView) => SimInput[];
  /** Cognitive parameters asked for (default: the config file's); the parent's stored ones win (mindSettings.ts). */
  mindConfig?: GenerativeConfig;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface ForkResult {
  dbPath: string;
  parentPath: string;
  /** The fork's first own step. */
  step: number;
  gameTime: string;
  /** The parent's snapshot the mind's state was re-run from, and how many steps that took. */
  snapshotStep: number;
  rerunSteps: number;
  /** Inputs waiting in the fork for its first step: the parent's waiting ones carried over, then the what-if. */
  inputs: SimInput[];
  carriedPendingInputs: number;
  mind: string;
  lineage: LineageEntry;
}

/** A fork that cannot be made; the message says why and what to do. */
export class ForkError extends Error {}

export async function forkRun(options: ForkOptions): Promise<ForkResult> {
  const log = options.log ?? (() => undefined);
  const parentPath = options.parentPath;
  if (resolve(parentPath) === resolve(options.dbPath)) throw new ForkError(`the fork needs a file of its own: --db must not be the parent ${parentPath}`);
  SimulationStore.checkCreatable(options.dbPath, { overwrite: options.overwrite });

  // 1. Read the parent (checked for damage: a fork of a damaged file would carry the damage on).
  const parent = SimulationStore.open(parentPath, { readonly: true, check: true });
  const tmp = `${options.dbPath}.forking-${process.pid}`;
  let meta: SimulationStore['meta'];
  let step: number;
  let snapshotStep: number;
  let parentSteps: number;
  let parentLog: string;
  let logAtFork: string;
  let latestSnapshot: number;
  try {
    meta = parent.meta;
    const clock = new GameClock(meta.startTime, meta.secondsPerStep);
    parentSteps = parent.stepCount();
    step = stepOfAt(options.at, { firstStep: 0, lastStep: parentSteps, clock }, { file: parentPath, outOfRangeHint: '; fork at one of them', error: (message) => new ForkError(message) });
    const snapshot = parent.snapshotAtOrBefore(step);
    if (!snapshot) throw new ForkError(`${parentPath} has no snapshot at or before step ${step} to fork from`);
    snapshotStep = snapshot.step;
    latestSnapshot = parent.snapshotAtOrBefore()!.step;
    // The what-if is checked now (an unknown place or name), before any copying or re-running.
    options.inputs?.({ map: parseTownMap(meta.map, meta.mapPath), clock, step, agents: snapshot.state.agents });
    parentLog = parent.stepLogHash();
    logAtFork = parent.stepLogHashBefore(step);
    // 2. Copy it whole (a consistent copy; the parent is only read).
    removeSimulationFiles(tmp);
    mkdirSync(dirname(resolve(tmp)), { recursive: true });
    parent.db.prepare('VACUUM INTO ?').run(tmp);
  } finally {
    parent.close();
  }

  try {
    // 3. The parent's inputs waiting for its continuation come along only when the fork starts at
    // or after the step that continuation starts from (its latest snapshot): before it, they were
    // not there yet. They are taken out now (a resume would apply them at the snapshot) and put
    // back for the fork's first step.
    const raw = openDatabase(tmp, { mustExist: true });
    const waiting = pendingInputs(raw);
    if (waiting.length) removePendingInputs(raw, waiting[waiting.length - 1].id);
    raw.close();
    const carried = step >= latestSnapshot ? waiting.map((w) => w.input) : [];
    if (waiting.length && !carried.length) log(`  ${waiting.length} input(s) waiting in ${parentPath} for its continuation are not carried into the fork (added after step ${step})`);

    // 4. Rewind the copy to the snapshot and re-run it to the fork step from the record.
    const generative = mindKindOf(meta.mind) === 'generative';
    const mindFactory: MindFactory = generative ? recordOnlyMind(meta.mind, options.mindConfig ?? mindConfigFor(), options.log) : defaultMindFactory;
    const town = await openTown({ dbPath: tmp, resume: true, fromSnapshot: snapshotStep, mindFactory, runName: parentPath });
    let result: ForkResult;
    try {
      if (step > snapshotStep) log(`  re-running steps ${snapshotStep}–${step - 1} from ${parentPath}'s record to rebuild the mind's state at step ${step}…`);
      try {
        while (town.sim.state.step < step) await town.sim.step();
        // Model work started before the fork step and due after it (deferred results) is part of
        // the fork's past: its answers must be in the fork's record before the file is finished,
        // so the fork continues from its record exactly as the parent went on. Without this a
        // fork at a snapshot step (nothing re-run) closed before the restarted calls answered,
        // and its record lacked the answers the parent had.
        await town.sim.mind.settle?.();
      } catch (err) {
        throw new ForkError(
          `cannot re-run ${parentPath} from its snapshot at step ${snapshotStep} to rebuild the mind's state at step ${step}: ${(err as Error).message}. ` +
            `Fork at a snapshot step instead, e.g. --at ${snapshotStep}`,
        );
      }
      const reproduced = town.store.stepLogHashBefore(step);
      if (town.store.stepCount() !== step || reproduced !== logAtFork) {
        throw new ForkError(
          `re-running ${parentPath} from its snapshot at step ${snapshotStep} did not reproduce its steps up to ${step} (was it made by another version of Hamlet, or with other cognitive parameters?). ` +
            `Fork at a snapshot step instead, e.g. --at ${snapshotStep}`,
        );
      }
      town.sim.snapshot();
      // 5. The what-if, applied at the fork step when the fork continues (as `hamlet inject` would).
      const view: TownView = { map: town.map, clock: town.sim.clock, step, agents: town.sim.state.agents };
      const whatIf = options.inputs?.(view) ?? [];
      const inputs = [...carried, ...whatIf];
      for (const input of inputs) addPendingInput(town.store.db, input);
      // The re-run used a record-only mind; the fork is the parent's kind of run.
      if (town.store.meta.mind !== meta.mind) town.store.setMeta('mind', meta.mind);
      const lineage = addLineage(town.store.db, {
        parentPath: resolve(parentPath),
        parentSteps,
        parentLogSha256: parentLog,
        step,
        logSha256AtFork: logAtFork,
        snapshotStep,
        inputs: whatIf,
        created: new Date().toISOString(),
      });
      result = {
        dbPath: options.dbPath,
        parentPath,
        step,
        gameTime: formatGameTime(town.sim.clock.timeAt(step)),
        snapshotStep,
        rerunSteps: step - snapshotStep,
        inputs,
        carriedPendingInputs: carried.length,
        mind: meta.mind,
        lineage,
      };
    } finally {
      town.store.close();
    }
    // 6. Only a finished fork takes its name.
    if (existsSync(options.dbPath)) removeSimulationFiles(options.dbPath);
    for (const suffix of ['-wal', '-shm']) rmSync(tmp + suffix, { force: true });
    renameSync(tmp, options.dbPath);
    if (existsSync(`${tmp}.hnsw`)) renameSync(`${tmp}.hnsw`, `${options.dbPath}.hnsw`);
    return result;
  } catch (err) {
    removeSimulationFiles(tmp);
    throw err;
  }
}

/**
 * The generative mind for re-running the parent: no model, every call answered from the copy's
 * record (the calls from the snapshot on, taken out as a resume does), every embedding from the
 * copy's stored vectors. Labelled as the parent's mind.
 */
function recordOnlyMind(label: string, config: GenerativeConfig, log?: (line: string) => void): MindFactory {
  return (town) => {
    const db = town.store.db;
    const top = db.prepare('SELECT model, MAX(dims) AS dims, COUNT(*) AS n FROM embeddings GROUP BY model ORDER BY n DESC LIMIT 1').get() as { model: string; dims: number } | undefined;
    // A generative run with no embeddings yet (stopped at once) needs none to re-run.
    const model = top?.model ?? 'none';
    const vectors = new SqliteEmbeddingStore(db);
    const embedder = new ReplayEmbedder(model, top?.dims ?? 1, (text) => vectors.get([embeddingKey(model, normaliseText(text))]).values().next().value?.vector);
    return generativeMindFor(town, { embedder, label: label.replace(/^generative \((.*)\)$/, '$1') }, config, { log });
  };
}

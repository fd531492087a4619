/**
 * Composition root for one simulation: loads (or resumes) the map, personas, store and mind
 * and returns a ready Simulation. Used by `hamlet run`, `hamlet start` and the tests.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { GameClock, DEFAULT_SECONDS_PER_STEP, DEFAULT_START_TIME } from '../engine/clock';
import { createNavigator } from '../engine/navigator';
import type { Mind } from '../engine/ports';
import { RngSource } from '../engine/rng';
import { initialState, Simulation, DEFAULT_SNAPSHOT_EVERY_STEPS } from '../engine/simulation';
import { parsePersonas, type Persona } from '../mind/persona';
import { validatePersonaPlaces } from '../mind/personaPlaces';
import { fullAddress } from '../world/spatial';
import { RuleBasedMind } from '../mind/rule/ruleBasedMind';
import { pendingInputs, removePendingInputs } from '../store/pendingInputs';
import { removeSimulationFiles, SimulationStore, STORE_FORMAT_VERSION } from '../store/simulationStore';
import { parseTownMap } from '../world/loadMap';
import type { TownMap } from '../world/types';
import type { SimState } from '../engine/types';
import { recordMind } from './mindSettings';
import { spawnTile } from './spawn';
import { CODE_VERSION, PROJECT_ROOT } from './version';

export const DEFAULT_MAP = join(PROJECT_ROOT, 'maps', 'hamlet.tmj');

/** maps/x.tmj → maps/x.personas.json */
export function defaultPersonasFor(mapPath: string): string {
  const base = basename(mapPath).replace(/\.(tmj|json)$/i, '');
  return join(dirname(mapPath), `${base}.personas.json`);
}

/** What a mind factory gets: the loaded town and its simulation file (minds that remember store there). */
export interface MindTown {
  personas: Persona[];
  map: TownMap;
  rng: RngSource;
  clock: GameClock;
  /** The simulation file, already created (or opened for a resume). */
  store: SimulationStore;
  /** Set when resuming: the snapshot step the run continues from (the file is truncated there next). */
  resumeStep?: number;
  /** The run's name in messages: its file, or the file a throwaway copy or a fork was made from. */
  name: string;
}

/** Builds a mind for a loaded town; the default is the rule-based mind. */
export type MindFactory = (town: MindTown) => Mind | Promise<Mind>;

export interface OpenTownOptions {
  mapPath?: string;
  personasPath?: string;
  seed?: number;
  /** SQLite file; ':memory:' for a throwaway run. */
  dbPath: string;
  resume?: boolean;
  overwrite?: boolean;
  startTime?: string;
  secondsPerStep?: number;
  /** With resume: continue from the snapshot at this step instead of the latest (what comes after is re-simulated). */
  fromSnapshot?: number;
  /** Use only the first N personas (quick runs). */
  agentLimit?: number;
  snapshotEverySteps?: number;
  mindFactory?: MindFactory;
  /** Extra settings to keep in the file's meta. */
  config?: Record<string, unknown>;
  /** The files already read and checked by `prepareTown` (not read again). */
  prepared?: PreparedTown;
  /** On a resume, allow a mind of another kind than the stored run's (generative ↔ rule-based). */
  switchMind?: boolean;
  /** The run's name in messages when dbPath is a copy of it (default dbPath). */
  runName?: string;
}

export type MindKind = 'generative' | 'rule-based';

/** The kind of mind a label names ("generative (…)" or "rule-based (no language model)"). */
export function mindKindOf(label: string): MindKind {
  return label.startsWith('generative') ? 'generative' : 'rule-based';
}

/** Refusal to continue a stored run with another kind of mind without --switch-mind. */
export class MindSwitchError extends Error {}

/** The refusal for resuming `dbPath` (run with `storedMind`) with a `now` mind; `why` says why that is what there is. */
export function mindSwitchError(dbPath: string, storedMind: string, now: MindKind, why?: string): MindSwitchError {
  const stored = mindKindOf(storedMind);
  const lines = [`${dbPath} was run with the ${stored} mind (${storedMind}), but ${now === 'rule-based' ? 'no language model is available now' : 'a language model is configured now'}${why ? ` (${why})` : ''}.`];
  if (stored === 'generative') {
    lines.push('Configure a model again to continue it as it was (the same LLM_BASE_URL / --llm-backend / local model), or pass --switch-mind to continue it with the rule-based mind.');
  } else {
    lines.push('Pass --llm-backend none to continue it as it was, or --switch-mind to continue it with the language model.');
  }
  return new MindSwitchError(lines.join('\n'));
}

/**
 * What `prepareTown` found: everything about a town that can be checked without a model, so a
 * missing map or an existing file is reported before any model loads or downloads.
 */
export type PreparedTown =
  | { kind: 'new'; mapPath: string; personasPath: string; mapJson: unknown; map: TownMap; personas: Persona[] }
  /** A stored run to resume: the mind it was run with (its label in the file). */
  | { kind: 'resume'; storedMind: string };

export interface Town {
  sim: Simulation;
  store: SimulationStore;
  map: TownMap;
  personas: Persona[];
  /** The step the run starts from (0, or where a resumed run continues). */
  startStep: number;
  resumed: boolean;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${what} not found: ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message})`);
  }
}

export async function openTown(options: OpenTownOptions): Promise<Town> {
  return options.resume ? resumeTown(options) : createTown(options);
}

/**
 * Reads and checks the map, personas and simulation file (or the stored run to resume) without
 * creating anything: the first half of `openTown`, run before models are chosen.
 */
export function prepareTown(options: OpenTownOptions): PreparedTown {
  if (options.resume) {
    // Damage and unfinished files are named here, before any model loads (a file with its meta but
    // no snapshot yet resumes from step 0: see resumeTown).
    const store = SimulationStore.open(options.dbPath, { readonly: true, check: true, fromSnapshot: options.fromSnapshot });
    try {
      return { kind: 'resume', storedMind: store.meta.mind };
    } finally {
      store.close();
    }
  }
  const mapPath = options.mapPath ?? DEFAULT_MAP;
  const personasPath = options.personasPath ?? defaultPersonasFor(mapPath);
  const mapJson = readJson(mapPath, 'Map');
  const map = parseTownMap(mapJson, mapPath);
  let personas = parsePersonas(readJson(personasPath, 'Persona file'), personasPath);
  if (options.agentLimit !== undefined) personas = personas.slice(0, Math.max(1, options.agentLimit));
  validatePersonaPlaces(personas, map, personasPath);
  new GameClock(options.startTime ?? DEFAULT_START_TIME, options.secondsPerStep ?? DEFAULT_SECONDS_PER_STEP);
  SimulationStore.checkCreatable(options.dbPath, { overwrite: options.overwrite });
  return { kind: 'new', mapPath, personasPath, mapJson, map, personas };
}

async function createTown(options: OpenTownOptions): Promise<Town> {
  const prepared = options.prepared?.kind === 'new' ? options.prepared : prepareTown({ ...options, resume: false });
  if (prepared.kind !== 'new') throw new Error('unreachable');
  const { mapPath, personasPath, mapJson, map, personas } = prepared;
  const seed = options.seed ?? 1;
  const clock = new GameClock(options.startTime ?? DEFAULT_START_TIME, options.secondsPerStep ?? DEFAULT_SECONDS_PER_STEP);
  const rng = new RngSource(seed);
  const store = SimulationStore.create(
    options.dbPath,
    {
      formatVersion: STORE_FORMAT_VERSION,
      codeVersion: CODE_VERSION,
      seed,
      startTime: options.startTime ?? DEFAULT_START_TIME,
      secondsPerStep: clock.secondsPerStep,
      mapPath: resolve(mapPath),
      map: mapJson,
      personasPath: resolve(personasPath),
      personas: { personas },
      mind: '(starting)',
      config: { snapshotEverySteps: options.snapshotEverySteps ?? DEFAULT_SNAPSHOT_EVERY_STEPS, ...options.config },
    },
    { overwrite: options.overwrite },
  );
  let mind: Mind;
  try {
    mind = await (options.mindFactory ?? defaultMindFactory)({ personas, map, rng, clock, store, name: options.runName ?? options.dbPath });
  } catch (err) {
    // The file was made for this run only: leave nothing half-made behind.
    store.close();
    removeSimulationFiles(options.dbPath);
    throw err;
  }
  recordMind(store, mind);
  const navigator = createNavigator(map);
  const state = startingState(personas, map, navigator);
  const sim = new Simulation({ map, clock, seed, mind, state, log: store, navigator, snapshotEverySteps: options.snapshotEverySteps });
  sim.snapshot();
  return { sim, store, map, personas, startStep: 0, resumed: false };
}

/** Everyone at their spawn tile, waking up: the state of step 0. */
function startingState(personas: Persona[], map: TownMap, navigator: ReturnType<typeof createNavigator>): SimState {
  return initialState(
    personas.map((p) => ({
      id: p.id,
      name: p.name,
      sprite: p.sprite,
      tile: spawnTile(p, map, navigator),
      sleeping: false,
      action: { description: 'waking up', address: fullAddress(map, p.home) ?? map.world, emoji: '🌅', startStep: 0, durationSteps: 1, event: [p.name, 'is', 'waking up'] },
    })),
  );
}

async function resumeTown(options: OpenTownOptions): Promise<Town> {
  // Checked for damage first: resuming a damaged file would carry the damage on (or fail halfway).
  // prepareTown has done that check already when it came first (a full read of the step log).
  const checked = options.prepared?.kind === 'resume';
  const store = SimulationStore.open(options.dbPath, { check: !checked, fromSnapshot: options.fromSnapshot });
  try {
    const meta = store.meta;
    const map = parseTownMap(meta.map, meta.mapPath);
    const personas = parsePersonas(meta.personas, `${options.dbPath} (personas)`, { relationsOutside: true });
    const clock = new GameClock(meta.startTime, meta.secondsPerStep);
    const rng = new RngSource(meta.seed);
    const snapshot = store.snapshotAtOrBefore(options.fromSnapshot);
    if (options.fromSnapshot !== undefined && snapshot?.step !== options.fromSnapshot) {
      const at = snapshot ? `; the latest before it is at step ${snapshot.step}` : '';
      throw new Error(`${options.dbPath} has no snapshot at step ${options.fromSnapshot}${at}`);
    }
    if (!snapshot) return await restartTown(options, store, map, personas, clock, rng);
    const mind = await (options.mindFactory ?? defaultMindFactory)({ personas, map, rng, clock, store, resumeStep: snapshot.step, name: options.runName ?? options.dbPath });
    // A stored run continues with the kind of mind it was run with unless asked: a generative run
    // quietly continued rule-based (and relabelled) is not the run it claims to be.
    if (!options.switchMind && meta.mind !== '(starting)' && mindKindOf(meta.mind) !== mindKindOf(mind.label)) {
      throw mindSwitchError(options.dbPath, meta.mind, mindKindOf(mind.label));
    }
    // Anything written after the snapshot (a crash mid-hour) is re-simulated, deterministically:
    // the inputs recorded after it are applied again at the very steps they were applied before.
    const recorded = store.inputs().filter((r) => r.step >= snapshot.step);
    store.truncateFrom(snapshot.step);
    mind.restore(snapshot.mind);
    recordMind(store, mind);
    const snapshotEverySteps = Number(meta.config?.snapshotEverySteps ?? DEFAULT_SNAPSHOT_EVERY_STEPS);
    const sim = new Simulation({ map, clock, seed: meta.seed, mind, state: snapshot.state, log: store, navigator: createNavigator(map), snapshotEverySteps });
    for (const r of recorded) sim.enqueueAt(r.step, r.input);
    queuePendingInputs(sim, store);
    return { sim, store, map, personas, startStep: snapshot.step, resumed: true };
  } catch (err) {
    store.close();
    throw err;
  }
}

/**
 * A file whose meta was committed but whose run stopped before the snapshot of step 0 (while its
 * mind was being built): it starts at step 0 from what the file holds, as a fresh run would.
 */
async function restartTown(options: OpenTownOptions, store: SimulationStore, map: TownMap, personas: Persona[], clock: GameClock, rng: RngSource): Promise<Town> {
  const meta = store.meta;
  // Nothing of a step can be stored yet, but clear whatever a half-built mind left.
  store.truncateFrom(0);
  const mind = await (options.mindFactory ?? defaultMindFactory)({ personas, map, rng, clock, store, resumeStep: 0, name: options.runName ?? options.dbPath });
  recordMind(store, mind);
  const navigator = createNavigator(map);
  const snapshotEverySteps = Number(meta.config?.snapshotEverySteps ?? DEFAULT_SNAPSHOT_EVERY_STEPS);
  const sim = new Simulation({ map, clock, seed: meta.seed, mind, state: startingState(personas, map, navigator), log: store, navigator, snapshotEverySteps });
  sim.snapshot();
  queuePendingInputs(sim, store);
  return { sim, store, map, personas, startStep: 0, resumed: true };
}

/** Inputs added with `hamlet inject` / `hamlet whisper` go to the first step of the resumed run. */
function queuePendingInputs(sim: Simulation, store: SimulationStore): void {
  const pending = pendingInputs(store.db);
  if (!pending.length) return;
  for (const p of pending) sim.enqueue(p.input);
  const last = pending[pending.length - 1].id;
  const off = sim.onStep(() => {
    off();
    removePendingInputs(store.db, last);
  });
}

export const defaultMindFactory: MindFactory = ({ personas, map, rng }) => new RuleBasedMind(personas, map, rng);

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
  /** Use only the first N personas (quick runs). */
  agentLimit?: number;
  snapshotEverySteps?: number;
  mindFactory?: MindFactory;
  /** Extra settings to keep in the file's meta. */
  config?: Record<string, unknown>;
}

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

async function createTown(options: OpenTownOptions): Promise<Town> {
  const mapPath = options.mapPath ?? DEFAULT_MAP;
  const personasPath = options.personasPath ?? defaultPersonasFor(mapPath);
  const mapJson = readJson(mapPath, 'Map');
  const map = parseTownMap(mapJson, mapPath);
  let personas = parsePersonas(readJson(personasPath, 'Persona file'), personasPath);
  if (options.agentLimit !== undefined) personas = personas.slice(0, Math.max(1, options.agentLimit));
  validatePersonaPlaces(personas, map, personasPath);
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
    mind = await (options.mindFactory ?? defaultMindFactory)({ personas, map, rng, clock, store });
  } catch (err) {
    // The file was made for this run only: leave nothing half-made behind.
    store.close();
    removeSimulationFiles(options.dbPath);
    throw err;
  }
  store.setMeta('mind', mind.label);
  const navigator = createNavigator(map);
  const state = initialState(
    personas.map((p) => ({
      id: p.id,
      name: p.name,
      sprite: p.sprite,
      tile: spawnTile(p, map, navigator),
      sleeping: false,
      action: { description: 'waking up', address: fullAddress(map, p.home) ?? map.world, emoji: '🌅', startStep: 0, durationSteps: 1, event: [p.name, 'is', 'waking up'] },
    })),
  );
  const sim = new Simulation({ map, clock, seed, mind, state, log: store, navigator, snapshotEverySteps: options.snapshotEverySteps });
  sim.snapshot();
  return { sim, store, map, personas, startStep: 0, resumed: false };
}

async function resumeTown(options: OpenTownOptions): Promise<Town> {
  const store = SimulationStore.open(options.dbPath);
  try {
    const meta = store.meta;
    const map = parseTownMap(meta.map, meta.mapPath);
    const personas = parsePersonas(meta.personas, `${options.dbPath} (personas)`);
    const clock = new GameClock(meta.startTime, meta.secondsPerStep);
    const rng = new RngSource(meta.seed);
    const snapshot = store.snapshotAtOrBefore();
    if (!snapshot) throw new Error(`${options.dbPath} has no snapshot to resume from`);
    const mind = await (options.mindFactory ?? defaultMindFactory)({ personas, map, rng, clock, store, resumeStep: snapshot.step });
    // Anything written after the snapshot (a crash mid-hour) is re-simulated, deterministically:
    // the inputs recorded after it are applied again at the very steps they were applied before.
    const recorded = store.inputs().filter((r) => r.step >= snapshot.step);
    store.truncateFrom(snapshot.step);
    mind.restore(snapshot.mind);
    if (meta.mind !== mind.label) store.setMeta('mind', mind.label);
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

/**
 * Opening a town with the generative mind for tests: the real composition (openTown, the
 * simulation file, the recorder, the memory repository, the cached embedder) with a scripted
 * model and the hash embedder as the only fakes.
 */
import { expect } from 'vitest';
import { generativeMindFor } from '../../../server/cli/minds';
import { openTown, type Town } from '../../../server/cli/town';
import type { Db } from '../../../server/store/database';
import type { LanguageModel } from '../../../server/llm/types';
import { GenerativeMind, resolveGenerativeConfig, type GenerativeConfig } from '../../../server/mind/generative/index';
import { setTimeout as sleep } from 'node:timers/promises';
import { SimulationStore } from '../../../server/store/simulationStore';
import { HashEmbedder, ScriptedModel } from '../../support/scriptedModel';
import { createTownScriptModel } from '../../support/townScript';

export interface GenerativeTownOptions {
  mapPath?: string;
  personasPath?: string;
  dbPath?: string;
  llm?: LanguageModel;
  config?: Partial<GenerativeConfig>;
  seed?: number;
  startTime?: string;
  agentLimit?: number;
  snapshotEverySteps?: number;
  resume?: boolean;
  /** Parts of the architecture switched off (stored in the file's meta, as `--ablate` does). */
  ablation?: string;
  /** Where the line about the settings a stored run keeps goes (default stderr). */
  log?: (line: string) => void;
}

export interface GenerativeTown extends Town {
  mind: GenerativeMind;
  llm: LanguageModel;
}

export async function openGenerativeTown(options: GenerativeTownOptions = {}): Promise<GenerativeTown> {
  const llm = options.llm ?? createTownScriptModel();
  const config = resolveGenerativeConfig(options.config ?? {});
  const town = await openTown({
    mapPath: options.mapPath,
    personasPath: options.personasPath,
    dbPath: options.dbPath ?? ':memory:',
    seed: options.seed ?? 1,
    startTime: options.startTime,
    agentLimit: options.agentLimit,
    snapshotEverySteps: options.snapshotEverySteps,
    resume: options.resume,
    overwrite: true,
    ...(options.ablation ? { config: { ablation: options.ablation } } : {}),
    mindFactory: (t) => generativeMindFor(t, { llm, embedder: new HashEmbedder(64), label: llm.name }, config, { log: options.log }),
  });
  return { ...town, mind: town.sim.mind as GenerativeMind, llm };
}

/** Steps the town `n` times; returns the deltas. */
export async function steps(town: Town, n: number) {
  const deltas = [];
  for (let i = 0; i < n; i++) deltas.push(await town.sim.step());
  return deltas;
}

export interface MemoryRow {
  id: number;
  agent_id: string;
  type: string;
  step: number;
  created: number;
  last_accessed: number;
  description: string;
  importance: number;
  evidence: string;
  predicate: string;
  transcript: string | null;
  depth: number;
}

export function memoryRows(db: Db, agentId?: string): MemoryRow[] {
  return (agentId
    ? db.prepare('SELECT * FROM memories WHERE agent_id = ? ORDER BY id').all(agentId)
    : db.prepare('SELECT * FROM memories ORDER BY id').all()) as MemoryRow[];
}

/** The town script (everyone talks) behind a latency per call: a fixed one, or a draw per call. */
export function slowTownModel(latencyMs: number | (() => number)): ScriptedModel {
  const script = createTownScriptModel({ talkRate: 1 });
  return new ScriptedModel({
    name: 'town-script',
    respond: async (request) => {
      const ms = typeof latencyMs === 'number' ? latencyMs : latencyMs();
      if (ms > 0) await sleep(ms);
      return (await script.generate(request)).text;
    },
  });
}

/**
 * The step log, the memories and the model calls of a run of `steps` steps. Calls are tagged with
 * the step their answer lands at; those landing after the run's last step were still in flight
 * when it stopped (recorded or not depending on latency), so they are left out.
 */
export function runDump(store: SimulationStore, steps: number) {
  return {
    log: store.stepLogHash(),
    memories: JSON.stringify(store.db.prepare('SELECT * FROM memories ORDER BY id').all()),
    calls: store.db.prepare('SELECT task, agent_id, step, prompt_hash FROM llm_calls WHERE step < ? ORDER BY step, agent_id, task, prompt_hash').all(steps),
  };
}

/** Two stored runs of `steps` steps are the same run: step log, memories and landed calls (see runDump). */
export function expectSameRun(expectedDb: string, actualDb: string, steps: number): void {
  const expected = SimulationStore.open(expectedDb, { readonly: true });
  const actual = SimulationStore.open(actualDb, { readonly: true });
  try {
    expect(runDump(actual, steps)).toEqual(runDump(expected, steps));
  } finally {
    expected.close();
    actual.close();
  }
}

/**
 * Opening a town with the generative mind for tests: the real composition (openTown, the
 * simulation file, the recorder, the memory repository, the cached embedder) with a scripted
 * model and the hash embedder as the only fakes.
 */
import { generativeMindFor } from '../../../server/cli/minds';
import { openTown, type Town } from '../../../server/cli/town';
import type { Db } from '../../../server/store/database';
import type { LanguageModel } from '../../../server/llm/types';
import { GenerativeMind, resolveGenerativeConfig, type GenerativeConfig } from '../../../server/mind/generative/index';
import { HashEmbedder } from '../../support/scriptedModel';
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
    mindFactory: (t) => generativeMindFor(t, { llm, embedder: new HashEmbedder(64), label: llm.name }, config),
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

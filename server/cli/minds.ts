/**
 * Picks the mind for a town from the model choice: the generative mind when a language model is
 * ready, else the rule-based mind. The generative mind is wired to the simulation file: every
 * model and embedding call recorded there (llm_calls), memories and embeddings stored there, and
 * on a resume the calls of the re-simulated stretch answered from their records.
 */
import { readConfigFile } from '../llm/config';
import { instrumentModels, type Embedder, type LanguageModel, type ReplayRecord } from '../llm/index';
import { CachedEmbedder } from '../mind/memory/cachedEmbedder';
import { MemoryStream } from '../mind/memory/memoryStream';
import { GenerativeMind, resolveGenerativeConfig, weightsOf, type GenerativeConfig } from '../mind/generative/index';
import { SqliteEmbeddingStore } from '../store/embeddings';
import { LlmCallStore } from '../store/llmCalls';
import { SqliteMemoryRepository } from '../store/memories';
import { SimulationStore } from '../store/simulationStore';
import type { ModelChoice } from './models';
import { defaultMindFactory, type MindFactory, type MindTown } from './town';

const MS_PER_DAY = 86_400_000;

export interface MindOptions {
  /** Config file whose "mind" section holds cognitive parameters (default ./hamlet.config.json if present). */
  configPath?: string;
  /** Parameters that override the file's. */
  mind?: Partial<GenerativeConfig>;
}

/** The "mind" section of the config file, or {} (the file's "llm" section is read by the model layer). */
export function mindSection(configPath?: string): Record<string, unknown> {
  const found = readConfigFile(configPath);
  const file = found?.file as { mind?: unknown } | undefined;
  if (file?.mind === undefined) return {};
  if (typeof file.mind !== 'object' || file.mind === null || Array.isArray(file.mind)) throw new Error(`${found!.filePath}: "mind" must be an object`);
  return file.mind as Record<string, unknown>;
}

/** The mind factory for a model choice. Throws at once on a bad cognitive configuration. */
export function mindFactoryFor(choice: ModelChoice, options: MindOptions = {}): MindFactory {
  if (choice.kind === 'none') return defaultMindFactory;
  const config = resolveGenerativeConfig({ ...mindSection(options.configPath), ...options.mind });
  return (town) => generativeMindFor(town, { llm: choice.llm, embedder: choice.embedder, label: choice.label, replayFrom: choice.config.replayFrom }, config);
}

export interface GenerativeModels {
  llm: LanguageModel;
  embedder: Embedder;
  /** Shown in the mind's label. */
  label: string;
  /** A recorded simulation file whose answers are used first. */
  replayFrom?: string;
}

/**
 * Builds a generative mind on a simulation file: the recorder logs every call into the file,
 * the embedding cache sits outside the recording embedder (only real embedding calls are
 * recorded), and the memory streams are loaded. On a resume, the calls recorded for steps at or
 * after the snapshot are removed and replayed, so the re-simulated stretch gets the same answers.
 */
export async function generativeMindFor(town: MindTown, models: GenerativeModels, config: GenerativeConfig): Promise<GenerativeMind> {
  const db = town.store.db;
  const sink = new LlmCallStore(db);
  const replayRecords: ReplayRecord[] = [];
  if (models.replayFrom) {
    const source = SimulationStore.open(models.replayFrom, { readonly: true });
    try {
      replayRecords.push(...new LlmCallStore(source.db).loadReplayRecords());
    } finally {
      source.close();
    }
  }
  if (town.resumeStep !== undefined) replayRecords.push(...sink.takeRecordsFrom(town.resumeStep));
  const instrumented = instrumentModels(sink, { llm: models.llm, embedder: models.embedder, replayRecords: replayRecords.length ? replayRecords : undefined });
  const memory = new MemoryStream({
    embedder: new CachedEmbedder(instrumented.embedder!, new SqliteEmbeddingStore(db)),
    repository: new SqliteMemoryRepository(db),
    weights: weightsOf(config),
    thoughtLifetimeMs: config.thoughtLifetimeDays * MS_PER_DAY,
  });
  const mind = new GenerativeMind({
    personas: town.personas,
    map: town.map,
    clock: town.clock,
    llm: instrumented.llm!,
    memory,
    config,
    label: `generative (${models.label})`,
  });
  await mind.init();
  return mind;
}

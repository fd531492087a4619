/**
 * Picks the mind for a town from the model choice: the generative mind when a language model is
 * ready, else the rule-based mind. The generative mind is wired to the simulation file: every
 * model and embedding call recorded there (llm_calls), memories and embeddings stored there, and
 * on a resume the calls of the re-simulated stretch answered from their records.
 */
import { readConfigFile } from '../llm/config';
import { instrumentModels, ReplayEmbedder, type Embedder, type LanguageModel, type ReplayRecord } from '../llm/index';
import { CachedEmbedder, embeddingKey, normaliseText } from '../mind/memory/cachedEmbedder';
import { MemoryStream } from '../mind/memory/memoryStream';
import { ABLATION_LABELS, parseAblation } from '../mind/generative/ablation';
import { GenerativeMind, resolveGenerativeConfig, weightsOf, type GenerativeConfig } from '../mind/generative/index';
import { SqliteEmbeddingStore } from '../store/embeddings';
import { LlmCallStore } from '../store/llmCalls';
import { SqliteMemoryRepository } from '../store/memories';
import { SqlitePlanLog } from '../store/planLog';
import { SimulationStore } from '../store/simulationStore';
import type { ModelChoice } from './models';
import { keptSettingsNote, runSettings } from './mindSettings';
import { defaultMindFactory, type MindFactory, type MindTown } from './town';

const MS_PER_DAY = 86_400_000;

export interface MindOptions {
  /** Config file whose "mind" section holds cognitive parameters (default ./hamlet.config.json if present). */
  configPath?: string;
  /** Parameters that override the file's. */
  mind?: Partial<GenerativeConfig>;
  /** Where the line about the settings a stored run keeps goes (default stderr). */
  log?: (line: string) => void;
}

/** The "mind" section of the config file, or {} (the file's "llm" section is read by the model layer). */
export function mindSection(configPath?: string): Record<string, unknown> {
  const found = readConfigFile(configPath);
  const file = found?.file as { mind?: unknown } | undefined;
  if (file?.mind === undefined) return {};
  if (typeof file.mind !== 'object' || file.mind === null || Array.isArray(file.mind)) throw new Error(`${found!.filePath}: "mind" must be an object`);
  return file.mind as Record<string, unknown>;
}

/**
 * The cognitive parameters (config file's "mind" section and overrides), checked. Commands call
 * this before choosing models, so a bad "mind" section is reported whatever mind runs.
 */
export function mindConfigFor(options: MindOptions = {}): GenerativeConfig {
  return resolveGenerativeConfig({ ...mindSection(options.configPath), ...options.mind });
}

/**
 * The mind factory for a model choice. Throws at once on a bad cognitive configuration. With no
 * live model but a replay record (--replay-llm), the generative mind answers from the record alone.
 */
export function mindFactoryFor(choice: ModelChoice, options: MindOptions = {}): MindFactory {
  const config = mindConfigFor(options);
  // A factory may open the same run many times (a replay's interviews open a copy per step shown): say it once.
  const said = new Set<string>();
  const log = options.log ?? stderrLine;
  const settings: MindSettingsOptions = {
    log: (line) => {
      if (said.has(line)) return;
      said.add(line);
      log(line);
    },
  };
  if (choice.kind === 'none') {
    const replayFrom = choice.config.replayFrom;
    if (!replayFrom) return defaultMindFactory;
    return (town) => {
      const recorded = recordedEmbedder(replayFrom);
      return generativeMindFor(town, { embedder: recorded.embedder, label: `replay of ${recorded.mind}`, replayFrom }, config, settings);
    };
  }
  return (town) => generativeMindFor(town, { llm: choice.llm, embedder: choice.embedder, label: choice.label, replayFrom: choice.config.replayFrom }, config, settings);
}

const stderrLine = (line: string) => void process.stderr.write(`${line}\n`);

export interface MindSettingsOptions {
  /** Where the line about the settings a stored run keeps goes (default stderr). */
  log?: (line: string) => void;
}

/**
 * The embeddings a recorded run stored, as an embedder under the recorded embedder's name (the
 * model the file holds most vectors of), and the label of the mind that ran it.
 */
function recordedEmbedder(path: string): { embedder: Embedder; mind: string } {
  const source = SimulationStore.open(path, { readonly: true });
  const mind = source.meta.mind.replace(/^generative \((.*)\)$/, '$1');
  let top: { model: string; dims: number } | undefined;
  try {
    top = source.db.prepare('SELECT model, MAX(dims) AS dims, COUNT(*) AS n FROM embeddings GROUP BY model ORDER BY n DESC LIMIT 1').get() as typeof top;
  } catch {
    top = undefined; // no embeddings table: a file of a rule-based run
  }
  if (!top) {
    source.close();
    throw new Error(`${path} holds no recorded embeddings (mind: ${source.meta.mind}): it cannot be replayed without a live model`);
  }
  const store = new SqliteEmbeddingStore(source.db);
  const { model, dims } = top;
  const embedder = new ReplayEmbedder(model, dims, (text) => store.get([embeddingKey(model, normaliseText(text))]).values().next().value?.vector);
  return { embedder, mind };
}

export interface GenerativeModels {
  /** The live model; without one, every call is answered from the replay record (`replayFrom`). */
  llm?: LanguageModel;
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
 * `asked` are the settings asked for now; a stored run keeps its own (mindSettings.ts) and one
 * line names those that differ.
 */
export async function generativeMindFor(town: MindTown, models: GenerativeModels, asked: GenerativeConfig, options: MindSettingsOptions = {}): Promise<GenerativeMind> {
  let settings = runSettings(town.store.meta, town.name, asked);
  let settingsOf = town.name;
  const replayRecords: ReplayRecord[] = [];
  if (models.replayFrom) {
    const source = SimulationStore.open(models.replayFrom, { readonly: true });
    try {
      replayRecords.push(...new LlmCallStore(source.db).loadReplayRecords());
      // A new run answered from another run's record asks what that run asked only with its
      // settings: take them (its own, or those of then), else the record would miss.
      if (settings.source === 'asked') {
        settings = runSettings(source.meta, models.replayFrom, asked);
        settingsOf = models.replayFrom;
      }
    } finally {
      source.close();
    }
  }
  const note = keptSettingsNote(settingsOf === town.name ? town.name : `this run replays ${settingsOf}'s answers, so it`, settings);
  if (note) (options.log ?? stderrLine)(note);
  const config = settings.config;
  const db = town.store.db;
  const sink = new LlmCallStore(db);
  if (town.resumeStep !== undefined) replayRecords.push(...sink.takeRecordsFrom(town.resumeStep));
  const replayOnly = !models.llm;
  const instrumented = instrumentModels(sink, { llm: models.llm, embedder: models.embedder, replayRecords: replayRecords.length || replayOnly ? replayRecords : undefined });
  const memory = new MemoryStream({
    embedder: new CachedEmbedder(instrumented.embedder!, new SqliteEmbeddingStore(db)),
    repository: new SqliteMemoryRepository(db),
    weights: weightsOf(config),
    thoughtLifetimeMs: config.thoughtLifetimeDays * MS_PER_DAY,
  });
  // The ablation is part of the run (the file's meta), so a resumed or measured run keeps its condition.
  const ablation = parseAblation(town.store.meta.config?.ablation, `${town.store.path}: config.ablation`);
  const mind = new GenerativeMind({
    personas: town.personas,
    map: town.map,
    clock: town.clock,
    llm: instrumented.llm!,
    memory,
    config,
    ablation,
    planLog: new SqlitePlanLog(db),
    label: `generative (${models.label})${ablation === 'none' ? '' : ` · ablation: ${ABLATION_LABELS[ablation]}`}`,
  });
  const replay = instrumented.replay;
  if (replay && replayOnly) {
    // The tasks absorb model errors into fail-safes, which would quietly change the run; a call
    // the record lacks must stop a replay that has no live model instead.
    const decide = mind.decide.bind(mind);
    const embedder = models.embedder instanceof ReplayEmbedder ? models.embedder : undefined;
    mind.decide = async (ctx) => {
      const intents = await decide(ctx);
      const miss = replay.firstMiss ?? embedder?.firstMiss;
      if (miss) throw new Error(`the replay record has no answer for ${miss} (step ${ctx.step}); configure a live model to answer what the record lacks`);
      return intents;
    };
    // Deferred work pending at the snapshot is asked again at the restore: a call it lacks the
    // record for must stop a fork that settles it too (a fork of a snapshot step runs no step).
    const settle = mind.settle.bind(mind);
    mind.settle = async () => {
      await settle();
      const miss = replay.firstMiss ?? embedder?.firstMiss;
      if (miss) throw new Error(`the replay record has no answer for ${miss} (work pending at step ${town.resumeStep ?? 0}); configure a live model to answer what the record lacks`);
    };
  }
  await mind.init();
  return mind;
}

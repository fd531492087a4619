/**
 * The cognitive parameters a generative run keeps. Like its seed, a run's settings
 * (GenerativeConfig) are part of the run: they are stored in the file's meta (`config.mind`)
 * with the mind's label when the generative mind first runs on the file, and every later opening
 * (resume, fork, interviews of the past, a replay's interviews and forks, experiments measuring a
 * stored run) continues with them, whatever the config file, the flags or the defaults say now.
 * Otherwise a changed default would quietly change how an old run continues, and its
 * re-simulated stretch would no longer match its recorded calls. There is no override: a run
 * with other settings is another run (start one, or fork and change nothing but what the fork's
 * inputs say).
 *
 * Only `concurrency` follows what is asked now: it says how many calls go to today's server at
 * once and never changes the step log.
 */
import type { Mind } from '../engine/ports';
import { DEFAULT_GENERATIVE_CONFIG, GenerativeMind, resolveGenerativeConfig, type GenerativeConfig } from '../mind/generative/index';
import { givenSettings, sameSetting } from '../mind/generative/config';
import type { SimulationMeta, SimulationStore } from '../store/simulationStore';
import { mindKindOf } from './town';

/** Where in the meta's `config` the settings are kept (beside `ablation`). */
export const MIND_SETTINGS_KEY = 'mind';

/**
 * The settings runs used before they were stored: the defaults of the code up to 2026-12-04
 * (one conversation line per call). A file without stored settings was run with these (or with
 * what its config file changed of them), so it continues with them. Frozen on purpose: never
 * change a value here when a default changes. A setting added later must be added here with the
 * value that reproduces the behaviour before it existed; stored settings that lack it take it
 * from here too.
 */
export const SETTINGS_BEFORE_STORED: Readonly<GenerativeConfig> = Object.freeze({
  visionRadiusTiles: 8,
  attentionBandwidth: 8,
  retention: 8,
  idleImportance: 1,
  importanceCacheScope: 'town',
  importanceBatchMinutes: 20,
  importanceBatchSize: 12,
  retrievalWeights: 'reference',
  thoughtLifetimeDays: 30,
  planImportance: 5,
  retrieveForReflection: 30,
  retrieveForInterview: 50,
  retrieveForUtterance: 15,
  retrieveForReaction: 15,
  retrieveForPlanning: 10,
  retrieveForDecomposition: 5,
  reflectionThreshold: 150,
  reflectionRecentMemories: 100,
  reflectionSelection: 'hamlet',
  decomposeChunkMinutes: 60,
  decomposeLookahead: 1,
  reuseDecompositions: true,
  reusePoolSize: 24,
  reactCooldownMinutes: 60,
  conversationCooldownMinutes: 120,
  maxConversationLines: 16,
  conversationLinesPerCall: 1,
  waitMaxMinutes: 10,
  lastChatContext: true,
  replanAfterChat: false,
  placeChoice: 'flat',
  concurrency: 8,
  deferImportanceMinutes: 5,
  deferCloseMinutes: 1,
  deferReflectionMinutes: 5,
  deferLandingEveryMinutes: 5,
  deferReactionMinutes: 1,
} satisfies GenerativeConfig);

/** Settings that change only how fast a run goes, never what happens: what is asked now applies. */
const EXECUTION_ONLY: ReadonlySet<keyof GenerativeConfig> = new Set(['concurrency']);

/** A setting of the run that differs from what the config file, the flags or the defaults ask now. */
export interface KeptSetting {
  key: keyof GenerativeConfig;
  /** The run's value (the one used). */
  value: unknown;
  /** What is asked now. */
  asked: unknown;
  /** Whether the config file or a flag asked for it (else it is today's default). */
  given: boolean;
}

export interface RunSettings {
  /** The settings the mind runs with. */
  config: GenerativeConfig;
  /** Where they come from: the file, the code before settings were stored, or what is asked (a new generative run). */
  source: 'stored' | 'before-stored' | 'asked';
  kept: KeptSetting[];
}

/** The settings the file keeps, if it keeps any. */
export function storedSettings(meta: SimulationMeta, path: string): GenerativeConfig | undefined {
  const stored = meta.config?.[MIND_SETTINGS_KEY];
  if (stored === undefined) return undefined;
  try {
    return resolveGenerativeConfig(stored, SETTINGS_BEFORE_STORED);
  } catch (err) {
    throw new Error(`${path}: its stored mind settings (meta config.${MIND_SETTINGS_KEY}) are not valid: ${(err as Error).message}`);
  }
}

/**
 * The settings a generative mind runs with on a file: the stored ones; for a file that ran the
 * generative mind before settings were stored, SETTINGS_BEFORE_STORED with what the config file
 * and flags give (as that code resolved them); else (a new run, or a rule-based run switching
 * mind) what is asked. `concurrency` is always what is asked.
 */
export function runSettings(meta: SimulationMeta, path: string, asked: GenerativeConfig): RunSettings {
  const stored = storedSettings(meta, path);
  if (!stored && mindKindOf(meta.mind) !== 'generative') return { config: asked, source: 'asked', kept: [] };
  const given = givenSettings(asked);
  const source: RunSettings['source'] = stored ? 'stored' : 'before-stored';
  const base = stored ?? resolveGenerativeConfig(Object.fromEntries([...given].map((k) => [k, asked[k]])), SETTINGS_BEFORE_STORED);
  const config = { ...base, concurrency: asked.concurrency };
  const keys = Object.keys(DEFAULT_GENERATIVE_CONFIG) as (keyof GenerativeConfig)[];
  const kept = keys
    .filter((key) => !EXECUTION_ONLY.has(key) && !sameSetting(config[key], asked[key]))
    .map((key) => ({ key, value: config[key], asked: asked[key], given: given.has(key) }));
  return { config, source, kept };
}

/**
 * The one line saying which settings a run keeps against what is asked now, e.g. `data/town.db
 * keeps its mind settings: conversationLinesPerCall 1 (your config says 2)`; none when nothing differs.
 */
export function keptSettingsNote(name: string, settings: RunSettings): string | undefined {
  if (!settings.kept.length) return undefined;
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const parts = settings.kept.map((k) => `${k.key} ${show(k.value)} (${k.given ? 'your config says' : 'the default now is'} ${show(k.asked)})`);
  const why = settings.source === 'before-stored' ? ' (it was made before runs stored them: those of then)' : '';
  return `${name} keeps its mind settings${why}: ${parts.join(', ')}`;
}

/**
 * The meta to write with a mind that now runs on the file: its label, and the settings of a
 * generative mind when the file does not keep any yet (a new run, a run made before settings were
 * stored, a rule-based run switched to the generative mind). Written in one commit, so a file whose
 * label says generative always holds the settings too. A rule-based mind stores none.
 */
export function recordMind(store: SimulationStore, mind: Mind): void {
  const settings = mind instanceof GenerativeMind && store.meta.config?.[MIND_SETTINGS_KEY] === undefined ? mind.config : undefined;
  if (store.meta.mind === mind.label && !settings) return;
  store.db.transaction(() => {
    if (store.meta.mind !== mind.label) store.setMeta('mind', mind.label);
    if (settings) store.setMeta('config', { ...store.meta.config, [MIND_SETTINGS_KEY]: settings });
  })();
}

/**
 * Every number of the generative mind's cognitive model, with the Generative Agents paper's
 * (Park et al., 2023) or its reference implementation's value as the default where there is
 * one, and Hamlet's cost levers beside them. Read once into a typed object; a bad value fails
 * fast with a message naming the setting.
 */
import { WEIGHT_PRESETS, type WeightPreset } from '../memory/scoring';
import type { RetrievalWeights } from '../memory/types';

export interface GenerativeConfig {
  // ---- perception
  /** Tiles an agent sees in every direction (a square, as in the reference). Paper: 8. */
  visionRadiusTiles: number;
  /** Nearest events attended to per step. Paper: 8. */
  attentionBandwidth: number;
  /** An event already among the last this-many perceived is not perceived again. Paper: 8. */
  retention: number;

  // ---- memory and importance
  /** Importance of "idle"/"sleeping" events, given without a model call. Paper: 1. */
  idleImportance: number;
  /**
   * Reuse importance scores by normalised description: 'town' shares scores between agents
   * (cheapest), 'agent' keeps one cache per agent (each rates what it sees once), 'personal'
   * shares only scores of events that concern neither the rater nor anyone they know (events
   * naming them or their people are rated by each agent for themselves, as in the reference).
   */
  importanceCacheScope: 'agent' | 'town' | 'personal';
  /** New events wait at most this many game minutes to be rated together in one call. */
  importanceBatchMinutes: number;
  /** ...or until this many wait. */
  importanceBatchSize: number;
  /** Retrieval weights: 'reference' (0.5/3/2, the default), 'paper' (1/1/1) or explicit weights. */
  retrievalWeights: WeightPreset | RetrievalWeights;
  /** How long thoughts stay retrievable, in game days. Reference: 30. */
  thoughtLifetimeDays: number;
  /** Importance of the day-plan memory stored at each planning (no call). */
  planImportance: number;

  // ---- retrieval sizes (top-n)
  /** Memories retrieved per reflection question. Paper: 30. */
  retrieveForReflection: number;
  /** Memories retrieved for an interview answer (read-only). Paper: 50. */
  retrieveForInterview: number;
  /** Memories retrieved about the partner for each line of a conversation. Paper: 15. */
  retrieveForUtterance: number;
  /** Memories retrieved about the other agent when deciding whether to talk. */
  retrieveForReaction: number;
  /** Memories retrieved for the day plan. */
  retrieveForPlanning: number;
  /** Memories retrieved as notes for a decomposition. */
  retrieveForDecomposition: number;

  // ---- reflection
  /** Reflect when the importance of events and chats since the last reflection reaches this. Paper: 150. */
  reflectionThreshold: number;
  /** Most recent memories the questions are drawn from. Paper: 100. */
  reflectionRecentMemories: number;
  /**
   * Which memories a reflection shows. 'hamlet': the questions come from the latest
   * reflectionRecentMemories memories and each prompt shows the 20 most important (cheaper);
   * 'reference': as the reference selects them — the events and thoughts (not idle) of as many
   * memories as were perceived since the last reflection, by last access — all of them shown,
   * and every retrieved memory shown to the insight prompt (more prompt tokens, same calls).
   */
  reflectionSelection: 'hamlet' | 'reference';

  // ---- planning
  /** Length of the pieces a schedule block is decomposed in (the paper's "hour"), minutes. */
  decomposeChunkMinutes: number;
  /** Also decompose this many following pieces when a piece starts (the paper: current and next hour). */
  decomposeLookahead: number;
  /** Reuse an earlier decomposition when a piece's activity and length repeat (Affordable Generative Agents). */
  reuseDecompositions: boolean;
  /** Decompositions kept per agent for reuse (least recently used dropped). */
  reusePoolSize: number;

  // ---- reaction and dialogue
  /** After deciding about someone, do not react to them again for this many game minutes. */
  reactCooldownMinutes: number;
  /** After a conversation, the pair does not talk again for this many game minutes. */
  conversationCooldownMinutes: number;
  /** Lines after which a conversation ends (8 rounds of two speakers); the engine caps at 16. */
  maxConversationLines: number;
  /**
   * Lines of a conversation one model call writes. 1 (the paper's turn-by-turn): each line is its
   * own speak call by its speaker, so a conversation is a chain of calls, one per step. More: one
   * speakLines call writes the next lines of both speakers (both persons' memories and views in
   * the prompt); they are said one per step as before, from the mind's scratch, so the step log
   * does not depend on latency. 16 writes the whole conversation at once (the reference's first
   * version). Fewer calls in a row, but the partner's lines are written before they are said.
   * Default 2 (a line and its answer per call): half the chain of calls a conversation waits on,
   * which keeps a waking hour of 25 agents under 20 s at 500 ms a call (README "How fast?").
   */
  conversationLinesPerCall: number;
  /** A "wait" decision waits at most this many game minutes for the other to be free. */
  waitMaxMinutes: number;
  /**
   * Tell react and speak when the two last talked and what about (the reference's "last chatted
   * at … about …"), from the newest chat memory with that person. No extra calls; ~40 prompt
   * tokens on a react or line between people who talked before.
   */
  lastChatContext: boolean;
  /**
   * After every conversation (not only when closeConversation's answer asks for it), write the
   * chat into the schedule from its start and decompose the rest of the piece again, as the
   * reference does. Costs one decomposeBlock call per participant per such conversation.
   */
  replanAfterChat: boolean;
  /**
   * Where an action happens: 'flat', the place the decomposition picked from the list of known
   * places; 'tree', chosen again as the action starts, down the tree (sector, arena, object) among
   * the places known and from where the person is, as the reference does: up to three choosePlace
   * calls per action (none for a level with one option).
   */
  placeChoice: 'flat' | 'tree';

  // ---- execution
  /** Model calls in flight at once across all agents of a step. */
  concurrency: number;
  /**
   * Deferred results (deferred.ts): game minutes after its start step at which the result of an
   * importance rating / a conversation's closing / a reflection is used (at least one step).
   * Longer hides more model latency (more calls overlap); the step log depends on these, never on latency.
   */
  deferImportanceMinutes: number;
  deferCloseMinutes: number;
  deferReflectionMinutes: number;
  /** Deferred results land only on steps that are a multiple of this many game minutes (after the delays above). */
  deferLandingEveryMinutes: number;
  /**
   * A reaction decision (react) is a deferred result landing on the next step that is a multiple
   * of this many game minutes, at least this long after it started; the talk (or wait) then
   * holds only if the two are still near (within two vision radii) and free. 0: every reaction
   * is decided in its step.
   */
  deferReactionMinutes: number;
}

export const DEFAULT_GENERATIVE_CONFIG: Readonly<GenerativeConfig> = Object.freeze({
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
  conversationLinesPerCall: 2,
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

/** One line per setting, for `--help`-like listings and the README. */
export const GENERATIVE_CONFIG_DOCS: Record<keyof GenerativeConfig, string> = {
  visionRadiusTiles: 'tiles seen in every direction (paper: 8)',
  attentionBandwidth: 'nearest events attended per step (paper: 8)',
  retention: 'events among the last N perceived are not perceived again (paper: 8)',
  idleImportance: 'importance of idle/sleeping events, no model call (paper: 1)',
  importanceCacheScope: "'town' shares importance scores by description between agents, 'agent' keeps one cache each, 'personal' shares only events that name neither the rater nor their people",
  importanceBatchMinutes: 'new events wait at most this many game minutes to be rated in one call',
  importanceBatchSize: 'or until this many wait',
  retrievalWeights: "'reference' (recency 0.5, relevance 3, importance 2), 'paper' (1/1/1) or {recency, relevance, importance}",
  thoughtLifetimeDays: 'game days a thought stays retrievable (reference: 30)',
  planImportance: 'importance of the day-plan memory (no model call)',
  retrieveForReflection: 'memories retrieved per reflection question (paper: 30)',
  retrieveForInterview: 'memories retrieved for an interview answer, read-only (paper: 50)',
  retrieveForUtterance: 'memories retrieved about the partner for each conversation line (paper: 15)',
  retrieveForReaction: 'memories retrieved about the other agent when deciding whether to talk',
  retrieveForPlanning: 'memories retrieved for the day plan',
  retrieveForDecomposition: 'memories retrieved as notes for a decomposition',
  reflectionThreshold: 'reflect when the importance of events and chats since the last reflection reaches this (paper: 150)',
  reflectionRecentMemories: 'recent memories the reflection questions come from (paper: 100)',
  reflectionSelection: "'hamlet' (latest memories, 20 most important shown) or 'reference' (events and thoughts since the last reflection by last access, all shown; all retrieved memories shown to the insight prompt)",
  decomposeChunkMinutes: 'schedule blocks are decomposed in pieces of this many minutes (paper: an hour)',
  decomposeLookahead: 'following pieces decomposed ahead (paper: the next hour)',
  reuseDecompositions: 'reuse an earlier decomposition when a piece repeats (activity and length)',
  reusePoolSize: 'decompositions kept per agent for reuse',
  reactCooldownMinutes: 'game minutes before an agent reacts to the same person again',
  conversationCooldownMinutes: 'game minutes before two agents talk again',
  maxConversationLines: 'lines after which a conversation ends (8 rounds; the engine caps at 16)',
  conversationLinesPerCall: "lines of a conversation one model call writes: 2 (default) = one speakLines call writes a line and its answer, said one per step; 1 = one speak call per line (the paper's turn-by-turn); 16 = the whole talk at once",
  waitMaxMinutes: 'longest wait after a "wait" decision, game minutes',
  lastChatContext: 'tell react and speak when the two last talked and what about (reference: yes; no extra calls)',
  placeChoice: "'flat' (the decomposition's place) or 'tree' (chosen as each action starts: sector, arena, object; up to 3 calls per action, as the reference)",
  replanAfterChat: 'after every conversation, write the chat into the schedule from its start and decompose the rest of the piece again (reference: yes; one decomposeBlock call per participant)',
  concurrency: 'model calls in flight at once across all agents',
  deferImportanceMinutes: 'an importance rating started now is used this many game minutes later (its memories are stored then)',
  deferCloseMinutes: "a conversation's closing (summary, thoughts, re-plan) lands this many game minutes after the conversation ended",
  deferReflectionMinutes: 'each stage of a reflection (questions, then insights) lands this many game minutes after it started',
  deferLandingEveryMinutes: 'deferred results land together, on steps that are a multiple of this many game minutes (after their delay)',
  deferReactionMinutes: 'a reaction decision lands on the next multiple of this many game minutes (at least this long after); the talk starts if both are still near (two vision radii) and free; 0: decided in its step',
};

/** Thrown with every problem of a configuration. */
export class GenerativeConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Generative mind configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'GenerativeConfigError';
  }
}

type NumberKey = { [K in keyof GenerativeConfig]: GenerativeConfig[K] extends number ? K : never }[keyof GenerativeConfig];

/** [min, max, integer] of each numeric setting. */
const NUMBER_RULES: Record<NumberKey, [number, number, boolean]> = {
  visionRadiusTiles: [0, 200, true],
  attentionBandwidth: [1, 100, true],
  retention: [0, 1000, true],
  idleImportance: [1, 10, true],
  importanceBatchMinutes: [0, 24 * 60, false],
  importanceBatchSize: [1, 100, true],
  thoughtLifetimeDays: [0, 100_000, false],
  planImportance: [1, 10, true],
  retrieveForReflection: [1, 500, true],
  retrieveForInterview: [1, 500, true],
  retrieveForUtterance: [1, 500, true],
  retrieveForReaction: [1, 500, true],
  retrieveForPlanning: [1, 500, true],
  retrieveForDecomposition: [0, 500, true],
  reflectionThreshold: [1, 100_000, false],
  reflectionRecentMemories: [1, 1000, true],
  decomposeChunkMinutes: [15, 24 * 60, true],
  decomposeLookahead: [0, 24, true],
  reusePoolSize: [0, 1000, true],
  reactCooldownMinutes: [0, 7 * 24 * 60, false],
  conversationCooldownMinutes: [0, 7 * 24 * 60, false],
  maxConversationLines: [2, 16, true],
  conversationLinesPerCall: [1, 16, true],
  waitMaxMinutes: [0, 24 * 60, false],
  concurrency: [1, 1024, true],
  deferImportanceMinutes: [0, 24 * 60, false],
  deferCloseMinutes: [0, 24 * 60, false],
  deferReflectionMinutes: [0, 24 * 60, false],
  deferLandingEveryMinutes: [0, 24 * 60, false],
  deferReactionMinutes: [0, 60, false],
};

/**
 * Defaults overridden by `overrides` (e.g. the "mind" section of hamlet.config.json). Unknown
 * keys and out-of-range values are errors.
 */
export function resolveGenerativeConfig(overrides: unknown = {}, base: Readonly<GenerativeConfig> = DEFAULT_GENERATIVE_CONFIG): GenerativeConfig {
  const problems: string[] = [];
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new GenerativeConfigError(['the mind configuration must be an object']);
  }
  const config: GenerativeConfig = { ...base };
  const given = new Set<keyof GenerativeConfig>();
  for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_GENERATIVE_CONFIG)) {
      problems.push(`unknown setting "${key}" (known: ${Object.keys(DEFAULT_GENERATIVE_CONFIG).join(', ')})`);
      continue;
    }
    const k = key as keyof GenerativeConfig;
    given.add(k);
    if (k in NUMBER_RULES) {
      const [min, max, integer] = NUMBER_RULES[k as NumberKey];
      if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
        problems.push(`${key} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (got ${JSON.stringify(value)})`);
      } else (config as unknown as Record<string, unknown>)[k] = value;
    } else if (k === 'importanceCacheScope') {
      if (value !== 'agent' && value !== 'town' && value !== 'personal') problems.push(`importanceCacheScope must be "agent", "town" or "personal" (got ${JSON.stringify(value)})`);
      else config.importanceCacheScope = value;
    } else if (k === 'reuseDecompositions' || k === 'lastChatContext' || k === 'replanAfterChat') {
      if (typeof value !== 'boolean') problems.push(`${k} must be true or false (got ${JSON.stringify(value)})`);
      else config[k] = value;
    } else if (k === 'placeChoice') {
      if (value !== 'flat' && value !== 'tree') problems.push(`placeChoice must be "flat" or "tree" (got ${JSON.stringify(value)})`);
      else config.placeChoice = value;
    } else if (k === 'reflectionSelection') {
      if (value !== 'hamlet' && value !== 'reference') problems.push(`reflectionSelection must be "hamlet" or "reference" (got ${JSON.stringify(value)})`);
      else config.reflectionSelection = value;
    } else if (k === 'retrievalWeights') {
      const weights = readWeights(value);
      if (!weights) problems.push(`retrievalWeights must be ${Object.keys(WEIGHT_PRESETS).map((p) => `"${p}"`).join(' or ')} or {recency, relevance, importance} with numbers ≥ 0`);
      else config.retrievalWeights = value as GenerativeConfig['retrievalWeights'];
    }
  }
  if (problems.length) throw new GenerativeConfigError(problems);
  givenKeys.set(config, given);
  return config;
}

/** The settings each resolved configuration was given explicitly (the rest are its base's). */
const givenKeys = new WeakMap<GenerativeConfig, ReadonlySet<keyof GenerativeConfig>>();

/**
 * The settings a configuration was given explicitly (config file, flags), as opposed to taken
 * from the defaults; for a configuration not made by resolveGenerativeConfig, those that differ
 * from the defaults.
 */
export function givenSettings(config: GenerativeConfig): ReadonlySet<keyof GenerativeConfig> {
  const known = givenKeys.get(config);
  if (known) return known;
  const keys = Object.keys(DEFAULT_GENERATIVE_CONFIG) as (keyof GenerativeConfig)[];
  return new Set(keys.filter((k) => !sameSetting(config[k], DEFAULT_GENERATIVE_CONFIG[k])));
}

/** Whether two values of a setting are the same (retrieval weights may be objects). */
export function sameSetting(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function readWeights(value: unknown): RetrievalWeights | undefined {
  if (typeof value === 'string') return value in WEIGHT_PRESETS ? { ...WEIGHT_PRESETS[value as WeightPreset] } : undefined;
  if (!value || typeof value !== 'object') return undefined;
  const w = value as Record<string, unknown>;
  const ok = ['recency', 'relevance', 'importance'].every((k) => typeof w[k] === 'number' && Number.isFinite(w[k]) && (w[k] as number) >= 0);
  return ok ? { recency: w.recency as number, relevance: w.relevance as number, importance: w.importance as number } : undefined;
}

/** The retrieval weights a configuration names. */
export function weightsOf(config: GenerativeConfig): RetrievalWeights {
  return readWeights(config.retrievalWeights) ?? { ...WEIGHT_PRESETS.reference };
}

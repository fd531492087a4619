/**
 * What the generative mind's parts share: the map, clock, configuration, memory stream, the
 * model (every call a typed task under one concurrency limit, tagged with agent and step),
 * personas, spatial memory and the importance cache; plus the small helpers every part uses
 * (persona card, where an agent is, memory drafts).
 */
import type { GameClock } from '../../engine/clock';
import type { AgentId, AgentState } from '../../engine/types';
import { Semaphore } from '../../llm/semaphore';
import { runTask, type Task, type TaskCounters, type TaskResult } from '../../llm/task';
import type { LanguageModel } from '../../llm/types';
import { relativeAddress } from '../../world/spatial';
import type { TownMap } from '../../world/types';
import type { MemoryStream } from '../memory/memoryStream';
import type { GameMoment, NewMemory, RetrievalWeights, ScoredMemory } from '../memory/types';
import type { Persona } from '../persona';
import type { CallProgress } from './callProgress';
import type { HealthTracker } from './health';
import type { GenerativeConfig } from './config';
import type { ImportanceBook } from './importance';
import type { KnownPlaces, SpatialMemory } from './spatialMemory';

// The persona card every prompt starts from: in insightView.ts (pure), shared with the inspector's views.
export { personaCard } from './insightView';

/** A memory to store, possibly still without its importance (rated in the agent's batch). */
export interface DraftMemory extends Omit<NewMemory, 'importance'> {
  importance?: number;
  /** Indices of earlier drafts of the same agent in the same batch, cited as evidence (resolved to ids on insert). */
  evidenceDrafts?: number[];
  /** The importance is the fail-safe default, not a rating by the model (marked in the inspector). */
  importanceFallback?: true;
  /** Rated in the agent's deferred importance batch rather than in this step (memoryBatch.ts). */
  rateLater?: true;
}

/** A problem the mind survived (a bug or an unexpected failure); kept for stats and tests. */
export interface MindProblem {
  step: number;
  agentId?: AgentId;
  where: string;
  message: string;
}

export interface GenerativeDeps {
  readonly map: TownMap;
  readonly clock: GameClock;
  readonly config: GenerativeConfig;
  readonly weights: RetrievalWeights;
  readonly stream: MemoryStream;
  readonly personas: ReadonlyMap<AgentId, Persona>;
  readonly spatial: SpatialMemory;
  readonly importance: ImportanceBook;
  /** Event descriptions whose cached importance is a fail-safe default (a cache hit inherits the mark). */
  readonly fallbackTexts: Set<string>;
  /** Live known places per agent (encoded into the scratch at snapshots). */
  readonly known: Map<AgentId, KnownPlaces>;
  /** Runs a typed task for an agent; never throws. */
  call<I, O>(task: Task<I, O>, input: I, agentId: AgentId | undefined, step: number | undefined, onText?: (piece: string, attempt: number) => void, signal?: AbortSignal): Promise<TaskResult<O>>;
  /** Retrieval with the configured weights. */
  retrieve(agentId: AgentId, focal: string, n: number, at: GameMoment, touch?: boolean): Promise<ScoredMemory[]>;
  problem(problem: MindProblem): void;
}

/**
 * Builds the `call` of GenerativeDeps: one concurrency limit, agent/step tags, fail-safe on any throw.
 * @param progress counts calls in flight and answered (for the page), when given
 * @param health counts each run's outcome per task and game hour (for the summary and the page), when given
 */
export function taskCaller(llm: LanguageModel, concurrency: number, counters: TaskCounters, onProblem: (p: MindProblem) => void, progress?: CallProgress, health?: HealthTracker) {
  const limit = new Semaphore(concurrency);
  return async function call<I, O>(
    task: Task<I, O>,
    input: I,
    agentId: AgentId | undefined,
    step: number | undefined,
    onText?: (piece: string, attempt: number) => void,
    signal?: AbortSignal,
  ): Promise<TaskResult<O>> {
    progress?.started();
    try {
      const result = await limit.run(() => runTask(llm, task, input, { agentId, step }, { counters, ...(onText ? { onText } : {}), ...(signal ? { signal } : {}) }));
      health?.record(task.name, result.outcome, step, result.problems);
      return result;
    } catch (err) {
      // runTask absorbs model failures; this is a prompt-builder bug or similar: the task's fail-safe keeps the town going.
      onProblem({ step: step ?? -1, agentId, where: task.name, message: (err as Error)?.message ?? String(err) });
      health?.record(task.name, 'fail-safe', step, [`model error: ${String(err)}`]);
      return { value: task.failSafe(input), outcome: 'fail-safe', attempts: 0, usage: { inputTokens: 0, outputTokens: 0 }, problems: [String(err)] };
    } finally {
      progress?.finished();
    }
  };
}

/** Steps in `minutes` of game time (rounded). */
export function stepsIn(minutes: number, stepMs: number): number {
  return Math.round((minutes * 60_000) / stepMs);
}


/** The world-relative address of where an agent stands: its arena, else its sector, else its action's place. */
export function currentPlaceOf(map: TownMap, agent: AgentState): string {
  const i = agent.tile.y * map.width + agent.tile.x;
  const inside = i >= 0 && i < map.arenaAt.length;
  if (inside && map.arenaAt[i] >= 0) return relativeAddress(map, map.arenas[map.arenaAt[i]].address);
  if (inside && map.sectorAt[i] >= 0) return relativeAddress(map, map.sectors[map.sectorAt[i]].address);
  return relativeAddress(map, agent.action.address);
}

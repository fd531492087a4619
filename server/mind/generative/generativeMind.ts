/**
 * The generative mind: agents with the Generative Agents architecture (memory stream, retrieval,
 * reflection, planning, perception, reaction and dialogue), every model call a typed task.
 *
 * One step, in phases:
 *   0. housekeeping: ended conversations set pair cooldowns; whispers are sorted to their agents;
 *      deferred results due at this step land (importance ratings, conversation closings,
 *      reflection stages, look-ahead decompositions, reaction decisions started some steps
 *      before: deferred.ts), in agent order
 *   1. perceive (no model): spatial memory, attended events, new events (cached importance → a
 *      memory now; unknown → waits for the agent's batched rating), who just came into view
 *   2. choose reactions (no model; reactionChoice.ts): one new, free, not cooling-down person
 *      per agent; a pair seen mutually reacts once (seeded coin)
 *   3. phase A, concurrently per agent: day plan, decomposition of the piece under way,
 *      whispers, starting memories; starts the look-ahead decompositions, the closing of ended
 *      conversations and the importance batch (deferred)
 *   4. store phase A's memories in agent order (embedded in one batch first; memoryBatch.ts)
 *   5. phase B, concurrently per agent: the next line of a conversation; starts a reaction
 *      (deferred: it lands on the next whole game minute, where the talk starts if the two are
 *      still near and free; decided at once with deferReactionMinutes 0) and a reflection
 *      (deferred); these deferred starts are applied after the phase, in agent order
 *   6. store phase B's memories in agent order; resolve talk/wait decisions in agent order
 *   7. intents from plans, in agent order (no model; intents.ts chooses, returning decisions)
 * Phases return what they decided as typed results (apply.ts) and `applyResults` writes them: an
 * agent's own job applies its results as each sub-phase returns them; what other agents read
 * (cooldowns, conversation notes, intents) is applied after the phase, in agent order.
 * Determinism: model calls of different agents overlap (bounded by `concurrency`), but each job
 * touches only its own agent's scratch and memories, and everything order-sensitive (memory ids,
 * the importance cache, conversation starts, cooldowns) happens in agent-id order after the
 * phase. Randomness comes only from ctx.rng. A failing call ends in the task's fail-safe; any
 * other failure is recorded as a problem and the agent just follows its plan.
 */
import type { GameClock } from '../../engine/clock';
import type { AgentInsight, AgentIntent, Mind, MindHealth, MindProgress, MindStepContext } from '../../engine/ports';
import type { AgentId, AgentState, Conversation, ConversationId } from '../../engine/types';
import { TaskCounters } from '../../llm/task';
import type { Task, TaskResult } from '../../llm/task';
import type { LanguageModel } from '../../llm/types';
import type { CloseConversationOutput, DecomposeBlockOutput, RateImportanceOutput, ReactOutput, ReflectInsightsOutput, ReflectQuestionsOutput } from '../tasks/contracts';
import { closeConversationTask, decomposeBlockTask, rateImportanceTask, reactTask, reflectInsightsTask, reflectQuestionsTask } from '../tasks/index';
import type { TownMap } from '../../world/types';
import type { MemoryStream } from '../memory/memoryStream';
import type { GameMoment } from '../memory/types';
import type { Persona } from '../persona';
import { ablatedCaller, partsOf, type Ablation, type ArchitectureParts } from './ablation';
import { AddressBook, type ActionSettings } from './actions';
import { applyResults, type AgentResult, type AgentResults } from './apply';
import { chooseIntents, controlOf, type IntentInput } from './intents';
import { CallProgress } from './callProgress';
import { resolveGenerativeConfig, weightsOf, type GenerativeConfig } from './config';
import { aboutFocal, CLOSE_KIND, landClose, landReaction, react, REACT_KIND, reactionDueStep, speak, speakAhead, startClose, startReaction, type AheadLine, type CloseContext, type ReactContext, type Reaction, type Side } from './conversation';
import { DeferredWork, type DeferredEntry } from './deferred';
import { DECOMPOSE_KIND, decomposeKey, decomposeNow, landDecomposition, needsDayPlan, pieceFocal, piecesToDecompose, planDay, planFocal, prepareDecomposition, type DecomposeContext } from './dayPlanning';
import { stepsIn, taskCaller, type DraftMemory, type GenerativeDeps, type MindProblem } from './deps';
import { HealthTracker } from './health';
import { concernsByName, ImportanceBook } from './importance';
import { choosePlaceDownTheTree, taskAwaitingPlace } from './placeTree';
import { answerInterview, hearWhisper, interviewMemory, startingDrafts, startingMemories, type InterviewAnswer, type InterviewProgress, type RememberedInterview } from './innerLife';
import { agentInsight } from './insight';
import { landRating, RATING_KIND, rateNow, ratingDue, startRating, storeDrafts, type AgentDrafts, type RatingContext } from './memoryBatch';
import { perceive, PerceptionIndex, retain } from './perception';
import { chooseReactions, endWaits, type ReactionTarget, type Watcher } from './reactionChoice';
import { landInsights, landQuestions, REFLECT_INSIGHTS_KIND, REFLECT_QUESTIONS_KIND, reflectionDue, reflectionPressure, startReflection, type InsightsContext } from './reflection';
import { PlanRecords } from './planRecords';
import { freshAgentScratch, packScratch, readScratch, type AgentScratch, type DayPlan, type MindScratch, type PendingEvent, type PlanChunk, type PlanLogSink } from './scratch';
import { SpatialMemory, type KnownPlaces } from './spatialMemory';

export const GENERATIVE_KIND = 'generative' as const;

/** The tasks whose results are deferred (by name: a snapshot's pending work names its tasks). */
const DEFERRED_TASKS: ReadonlyMap<string, Task<unknown, unknown>> = new Map(
  ([rateImportanceTask, closeConversationTask, reflectQuestionsTask, reflectInsightsTask, decomposeBlockTask, reactTask] as unknown as Task<unknown, unknown>[]).map((t) => [t.name, t]),
);
const MAX_PROBLEMS = 200;

export interface GenerativeMindOptions {
  personas: Persona[];
  map: TownMap;
  clock: GameClock;
  /** The language model (wrapped in the call recorder by the caller). */
  llm: LanguageModel;
  /** The memory streams (with the simulation's repository and the cached embedder). */
  memory: MemoryStream;
  /** Cognitive parameters; anything left out takes its default (see config.ts). */
  config?: Partial<GenerativeConfig>;
  /** Outcome counters of this mind's tasks (default: a fresh set). */
  counters?: TaskCounters;
  /** Shown by the page and CLI; default "generative (<model name>)". */
  label?: string;
  /** Where plan changes are recorded for the time-travel inspector (none: not recorded). */
  planLog?: PlanLogSink;
  /** Parts of the architecture switched off (the paper's ablations); default none. */
  ablation?: Ablation;
}

/** What phase A/B of one agent produced. */
interface AgentWork extends AgentDrafts, Watcher {
  say?: { text: string; end: boolean };
  relationship?: { conversationId: ConversationId; text: string };
  /** Lines written ahead for later steps and relationship summaries made by a speakLines call. */
  ahead?: { conversationId: ConversationId; lines: AheadLine[]; relationships: Map<AgentId, string> };
  reaction?: Reaction;
  /** Phase B's results for after the phase (its deferred starts), applied in agent order. */
  later: AgentResult[];
}

export class GenerativeMind implements Mind {
  readonly kind = GENERATIVE_KIND;
  readonly label: string;
  readonly config: GenerativeConfig;
  readonly counters: TaskCounters;
  readonly ablation: Ablation;
  /** The parts that run (an ablated part makes no model call). */
  readonly parts: ArchitectureParts;
  /** Failures the mind survived (not model failures: those end in fail-safes and are counted per task). */
  readonly problems: MindProblem[] = [];
  private readonly personas: Map<AgentId, Persona>;
  private readonly ids: AgentId[];
  private readonly deps: GenerativeDeps;
  private readonly perception: PerceptionIndex;
  private readonly actions: ActionSettings;
  private readonly calls = new CallProgress();
  private readonly healthTracker: HealthTracker;
  /** Model work whose results land at later steps (deferred.ts); its entries live in the scratch. */
  private readonly deferred: DeferredWork;
  private scratch: MindScratch;
  private readonly lastTile = new Map<AgentId, string>();
  private loaded: Promise<void> | null = null;
  private reloadFrom: number | null = null;
  private reloading: Promise<void> | null = null;
  /** Each agent's plan as last written to the plan log (or as restored), to record only changes. */
  private readonly loggedPlans = new PlanRecords();

  constructor(private readonly options: GenerativeMindOptions) {
    this.config = resolveGenerativeConfig(options.config ?? {});
    this.counters = options.counters ?? new TaskCounters();
    this.label = options.label ?? `generative (${options.llm.name})`;
    this.ablation = options.ablation ?? 'none';
    this.parts = partsOf(this.ablation);
    this.personas = new Map(options.personas.map((p) => [p.id, p]));
    this.ids = [...this.personas.keys()].sort();
    const spatial = new SpatialMemory(options.map);
    const known = new Map<AgentId, KnownPlaces>();
    this.healthTracker = new HealthTracker(options.clock.stepsPerHour);
    const call = ablatedCaller(taskCaller(options.llm, this.config.concurrency, this.counters, (p) => this.problem(p), this.calls, this.healthTracker), this.parts);
    const weights = weightsOf(this.config);
    this.deps = {
      map: options.map,
      clock: options.clock,
      config: this.config,
      weights,
      stream: options.memory,
      personas: this.personas,
      spatial,
      importance: new ImportanceBook(this.config.importanceCacheScope, this.config.idleImportance, concernsByName(this.personas)),
      known,
      fallbackTexts: new Set(),
      call,
      retrieve: (agentId, focal, n, at, touch = true) => options.memory.retrieve(agentId, focal, { at, n, touch, weights }),
      problem: (p) => this.problem(p),
    };
    this.perception = new PerceptionIndex(options.map);
    this.actions = { map: options.map, addresses: new AddressBook(options.map), stepMs: options.clock.stepMs };
    this.scratch = { format: 1, nextStep: 0, agents: {}, pairCooldownUntil: {}, talks: {}, deferred: [] };
    this.deferred = new DeferredWork(this.scratch.deferred!, DEFERRED_TASKS, (task, input, agentId, step, signal) => call(task, input, agentId, step, undefined, signal));
    for (const persona of options.personas) {
      const places = this.initialKnownPlaces(persona);
      known.set(persona.id, places);
      this.scratch.agents[persona.id] = freshAgentScratch(persona.currently, spatial.encode(places));
    }
    this.notePlans();
  }

  /** Loads the memory streams (called by the factory; decide() does it when needed). */
  init(): Promise<void> {
    this.loaded ??= (async () => {
      await this.options.memory.load(this.ids);
      this.deps.importance.rebuild(this.ids.flatMap((id) => this.options.memory.all(id)));
    })();
    return this.loaded;
  }

  // ------------------------------------------------------------------ Mind

  async decide(ctx: MindStepContext): Promise<Map<AgentId, AgentIntent>> {
    this.calls.newStep();
    try {
      await this.ready();
      return await this.think(ctx);
    } catch (err) {
      this.problem({ step: ctx.step, where: 'decide', message: (err as Error)?.stack ?? String(err) });
      return this.planOnly(ctx);
    } finally {
      // Every task run of this step is in: the hour window moves on (game time, not wall time).
      this.healthTracker.stepDone(ctx.step, ctx.time);
    }
  }

  /** Outcomes of the model's answers per task, over the run and the last game hour (read-only). */
  health(): MindHealth {
    return this.healthTracker.read();
  }

  commit(step: number): void {
    this.options.memory.flush();
    this.scratch.nextStep = step + 1;
    const log = this.options.planLog;
    if (!log) return;
    // Plans change between hourly snapshots; the changed ones go to the plan log (agent order).
    for (const id of this.ids) {
      const scratch = this.scratch.agents[id];
      if (!scratch) continue;
      const text = this.loggedPlans.changed(id, scratch);
      if (text !== null) log.record(step, id, text);
    }
  }

  /** Takes the plans as they are now as the ones already recorded (a fresh start, or a restore). */
  private notePlans(): void {
    this.loggedPlans.clear();
    for (const [id, scratch] of Object.entries(this.scratch.agents)) this.loggedPlans.note(id as AgentId, scratch);
  }

  /** The run stops: deferred calls in flight are abandoned (the last snapshot holds them; a resume starts them again). */
  close(): void {
    this.deferred.abandon();
  }

  /** Waits for the deferred calls in flight to answer (their answers are then in the record); see Mind.settle. */
  settle(): Promise<void> {
    return this.deferred.settle();
  }

  snapshot(): unknown {
    for (const [id, places] of this.deps.known) this.scratch.agents[id].knownPlaces = this.deps.spatial.encode(places);
    try {
      this.options.memory.saveIndexes();
    } catch (err) {
      this.problem({ step: this.scratch.nextStep, where: 'saveIndexes', message: (err as Error).message });
    }
    return packScratch(this.scratch);
  }

  restore(data: unknown): void {
    let scratch: MindScratch;
    try {
      scratch = readScratch(data);
    } catch (err) {
      // A snapshot of another mind (a rule-based run continued with a model): start thinking afresh from here.
      this.problem({ step: -1, where: 'restore', message: (err as Error).message });
      return;
    }
    for (const persona of this.personas.values()) {
      scratch.agents[persona.id] ??= freshAgentScratch(persona.currently, this.deps.spatial.encode(this.initialKnownPlaces(persona)));
      this.deps.known.set(persona.id, this.deps.spatial.decode(scratch.agents[persona.id].knownPlaces));
    }
    this.scratch = scratch;
    this.notePlans();
    // Work pending at the snapshot starts again from its stored inputs and lands at the same steps.
    this.deferred.restore((scratch.deferred ??= []));
    this.lastTile.clear();
    // Memories written after the snapshot are gone from the file; reload the streams before the next step.
    this.reloadFrom = scratch.nextStep;
  }

  /** Model calls in flight now and answered since this step began (for the page; decisions never read it). */
  progress(): MindProgress {
    return this.calls.read();
  }

  inspect(agentId: AgentId, time: number): AgentInsight | null {
    const persona = this.personas.get(agentId);
    if (!persona) return null;
    return agentInsight(persona, this.scratch.agents[agentId], this.options.memory, time);
  }

  // ------------------------------------------------------------------ interview

  /**
   * Asks an agent a question. Read-only: retrieves `retrieveForInterview` memories without
   * touching them, answers in character (one answerInterview call), and returns the memories used.
   * @param at when the interview happens (default: the next step)
   */
  async interview(
    agentId: AgentId,
    question: string,
    history: { question: string; answer: string }[] = [],
    at?: GameMoment,
    interviewer = 'An interviewer',
    progress: InterviewProgress = {},
  ): Promise<InterviewAnswer> {
    const persona = this.personas.get(agentId);
    if (!persona) throw new Error(`Unknown agent "${agentId}"`);
    await this.ready();
    const moment = at ?? { step: this.scratch.nextStep, time: this.options.clock.timeAt(this.scratch.nextStep) };
    return answerInterview(this.deps, persona, this.scratch.agents[agentId], question, history, moment, interviewer, progress);
  }

  /** The summed importance since the last reflection, per agent (for tests and the page). */
  reflectionPressure(agentId: AgentId): number {
    const s = this.scratch.agents[agentId];
    return s ? reflectionPressure(this.deps, agentId, s) : 0;
  }

  /** Read-only view of an agent's working state (plan, pending events, known places). */
  scratchOf(agentId: AgentId): Readonly<AgentScratch> | undefined {
    return this.scratch.agents[agentId];
  }

  /** Model work started and not landed yet (deferred.ts; read-only, for tests and the page). */
  pendingWork(): readonly DeferredEntry[] {
    return this.deferred.pending();
  }

  /** Conversation lines written ahead by speakLines calls and not said yet (read-only, for tests). */
  linesAhead(): Readonly<Record<ConversationId, readonly AheadLine[]>> {
    return this.scratch.ahead ?? {};
  }

  /** World-relative addresses of the places an agent knows. */
  knownPlaces(agentId: AgentId): string[] {
    const known = this.deps.known.get(agentId);
    return known ? this.deps.spatial.knownRelative(known) : [];
  }

  // ------------------------------------------------------------------ the step

  /** Loads the streams once, and reloads them after a restore; concurrent callers (an interview during a step) share the work. */
  private ready(): Promise<void> {
    if (this.reloadFrom !== null) {
      const step = this.reloadFrom;
      this.reloadFrom = null;
      this.reloading = (async () => {
        await this.init();
        await this.options.memory.truncateFrom(step);
        this.deps.importance.rebuild(this.ids.flatMap((id) => this.options.memory.all(id)));
      })();
    }
    return this.reloading ?? this.init();
  }

  private async think(ctx: MindStepContext): Promise<Map<AgentId, AgentIntent>> {
    const { step, time } = ctx;
    const byId = new Map(ctx.state.agents.map((a) => [a.id, a]));
    const nameOf = (id: AgentId) => byId.get(id)?.name ?? this.personas.get(id)?.name ?? id;
    const work = new Map<AgentId, AgentWork>();
    for (const agent of [...ctx.state.agents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const persona = this.personas.get(agent.id);
      const scratch = this.scratch.agents[agent.id];
      if (persona && scratch) work.set(agent.id, { agent, persona, scratch, drafts: [], newlySeen: [], later: [] });
    }

    // 0. housekeeping
    const active = new Map(ctx.state.conversations.map((c) => [c.id, c]));
    const conversationCooldown = stepsIn(this.config.conversationCooldownMinutes, this.options.clock.stepMs);
    this.apply([{ agentId: null, results: [{ kind: 'conversationsEnded', ended: ctx.endedConversations, activeIds: new Set(active.keys()), step, cooldownSteps: conversationCooldown }] }]);
    const whispers = new Map<AgentId, string[]>();
    const interviews = new Map<AgentId, RememberedInterview[]>();
    for (const input of ctx.inputs) {
      if (input.kind === 'whisper' && work.has(input.agentId) && input.text.trim()) whispers.set(input.agentId, [...(whispers.get(input.agentId) ?? []), input.text.trim()]);
      if (input.kind === 'remember' && work.has(input.agentId)) interviews.set(input.agentId, [...(interviews.get(input.agentId) ?? []), input]);
    }
    // A remembered interview needs no model call: it is a conversation memory, rated in the agent's batch.
    this.apply([...interviews].map(([id, list]) => ({ agentId: id, results: [{ kind: 'memories', drafts: list.map((r) => interviewMemory(work.get(id)!.persona, r)) }] })), work);
    this.apply(endWaits(work, byId, step));

    // 0b. deferred results due now land, in agent order (waiting here only for those not in yet)
    await this.land(work, ctx);

    // 1. perceive
    for (const w of work.values()) this.perceiveFor(w, ctx);

    // 2. reactions to choose
    // (Not who is still deciding on someone: a reaction pending, or one that landed this step.)
    const deciding = (id: AgentId) => work.get(id)?.reaction !== undefined || this.deferred.pending().some((e) => e.kind === REACT_KIND && e.agentId === id);
    const { targets, results: chosen } = chooseReactions(this.deps, this.scratch.pairCooldownUntil, work, byId, ctx, deciding);
    this.apply(chosen);

    // 3–4. phase A: plans, decompositions, closing conversations, whispers, importance
    const phaseA = [...work.values()]
      .map((w) => ({ w, ended: ctx.endedConversations.filter((c) => c.participants.includes(w.agent.id)), heard: whispers.get(w.agent.id) ?? [] }))
      .filter(({ w, ended, heard }) => this.needsPhaseA(w, ended, heard, ctx));
    await this.embedPlanningFocals(phaseA.map(({ w }) => w), time);
    await Promise.all(phaseA.map(({ w, ended, heard }) => this.safely(w, step, 'plan', () => this.phaseA(w, ended, heard, nameOf, ctx))));
    await storeDrafts(this.deps, work.values(), step, time);

    // 5–6. phase B: speaking, reacting, reflecting
    await this.embedFocals(work, targets, active, nameOf);
    await Promise.all(
      [...work.values()].map((w) => {
        const speaking = speakingIn(w.agent, active);
        const target = targets.get(w.agent.id);
        const reflecting = this.parts.reflection && !w.agent.sleeping && reflectionDue(this.deps, w.agent.id, w.scratch);
        if (!speaking && !target && !reflecting) return undefined;
        return this.safely(w, step, 'social', () => this.phaseB(w, speaking, target, reflecting, nameOf, ctx, work));
      }),
    );
    // Phase B's deferred work (reactions between two who stay put, reflections) starts in agent order.
    this.apply([...work.values()].map((w) => ({ agentId: w.agent.id, results: w.later })), work);
    await storeDrafts(this.deps, work.values(), step, time);

    // 7. intents
    return this.intents(work, byId, active, ctx);
  }

  private needsPhaseA(w: AgentWork, ended: Conversation[], heard: string[], ctx: MindStepContext): boolean {
    const s = w.scratch;
    return (
      !s.seeded ||
      needsDayPlan(s, ctx.time) ||
      piecesToDecompose(this.deps, s, ctx.time, this.decomposing(w.agent.id)).length > 0 ||
      ended.length > 0 ||
      heard.length > 0 ||
      w.drafts.some((d) => d.importance === undefined) || // a remembered interview to rate
      ratingDue(this.deps, w, ctx.step) ||
      taskAwaitingPlace(this.deps, w.agent, s, ctx.time) !== undefined
    );
  }

  /** Whether a piece of the agent's plan has a look-ahead decomposition pending. */
  private decomposing(agentId: AgentId): (plan: DayPlan, chunk: PlanChunk) => boolean {
    return (plan, chunk) => this.deferred.has(decomposeKey(agentId, plan, chunk));
  }

  /** Phase A of one agent: each sub-phase returns its results, applied at once (the next sub-phase reads them; they touch this agent alone). */
  private async phaseA(w: AgentWork, ended: Conversation[], heard: string[], nameOf: (id: AgentId) => string, ctx: MindStepContext): Promise<void> {
    const { step, time } = ctx;
    const { agent, persona, scratch } = w;
    if (needsDayPlan(scratch, time)) {
      const extra = scratch.seeded ? [] : [...startingMemories(this.deps, persona), scratch.currently];
      this.applyFor(w, await planDay(this.deps, persona, scratch, step, time, extra));
    }
    const pieces = piecesToDecompose(this.deps, scratch, time, this.decomposing(agent.id));
    if (pieces.length) {
      const { results, ask } = await prepareDecomposition(this.deps, agent, persona, scratch, pieces, step, time, true);
      this.applyFor(w, results);
      this.applyFor(w, await decomposeNow(this.deps, persona, ask, step));
    }
    for (const c of ended) this.applyFor(w, [startClose(this.deps, agent, c, persona, scratch, nameOf, step, time)]);
    for (const text of heard) this.applyFor(w, await hearWhisper(this.deps, agent, persona, scratch, text, step, time));
    const starting = taskAwaitingPlace(this.deps, agent, scratch, time);
    if (starting) this.applyFor(w, await choosePlaceDownTheTree(this.deps, agent, persona, scratch, starting.chunk, starting.index, step, time));
    if (!scratch.seeded) this.applyFor(w, [{ kind: 'memories', drafts: startingDrafts(this.deps, persona) }, { kind: 'seeded' }]);
    await rateNow(this.deps, w, step);
    this.applyFor(w, startRating(this.deps, w, step));
  }

  private async phaseB(
    w: AgentWork,
    speaking: Conversation | undefined,
    target: ReactionTarget | undefined,
    reflecting: boolean,
    nameOf: (id: AgentId) => string,
    ctx: MindStepContext,
    work: Map<AgentId, AgentWork>,
  ): Promise<void> {
    const { step, time } = ctx;
    const { agent, persona, scratch } = w;
    const partner = speaking && this.config.conversationLinesPerCall > 1 ? work.get(speaking.participants.find((p) => p !== agent.id)!) : undefined;
    if (speaking && partner) {
      // Several lines per call: say the line written ahead for this step, else write the next ones.
      const ready = this.scratch.ahead?.[speaking.id]?.find((l) => l.index === speaking.lines.length && l.speaker === agent.id);
      if (ready) w.say = { text: ready.text, end: ready.end };
      else {
        const side = (x: AgentWork): Side => ({ agent: x.agent, persona: x.persona, scratch: x.scratch, relationship: this.scratch.talks[speaking.id]?.[x.agent.id] ?? '' });
        const { lines, relationships } = await speakAhead(this.deps, side(w), side(partner), speaking, nameOf, step, time);
        w.say = { text: lines[0].text, end: lines[0].end };
        w.ahead = { conversationId: speaking.id, lines: lines[0].end ? [] : lines.slice(1), relationships };
      }
    } else if (speaking) {
      const relationship = this.scratch.talks[speaking.id]?.[agent.id] ?? '';
      const line = await speak(this.deps, agent, speaking, persona, scratch, relationship, nameOf, step, time);
      w.say = { text: line.text, end: line.end };
      if (line.relationship && !relationship) w.relationship = { conversationId: speaking.id, text: line.relationship };
    } else if (target) {
      const due = reactionDueStep(this.deps, step);
      if (due !== undefined) w.later.push(await startReaction(this.deps, agent, target.other, persona, scratch, target.afterWait, step, time, due));
      else {
        const reaction = await react(this.deps, agent, target.other, persona, scratch, step, time);
        // A second "wait" for the same person means carrying on.
        w.reaction = reaction.kind === 'wait' && target.afterWait ? { kind: 'continue' } : reaction;
      }
    }
    if (reflecting) w.later.push(...startReflection(this.deps, persona, scratch, step));
  }

  /**
   * Lands the deferred results due at this step (deferred.ts): waits for all of them at once,
   * then applies each in agent order. Ratings and closings add memories to this step's drafts
   * (stored after phase A), a reflection's questions start its insight calls, insights become thoughts.
   */
  private async land(work: Map<AgentId, AgentWork>, ctx: MindStepContext): Promise<void> {
    const due = this.deferred.due(ctx.step);
    if (due.length === 0) return;
    const results = await Promise.all(due.map((e) => this.deferred.take(e)));
    for (let i = 0; i < due.length; i++) {
      const entry = due[i];
      const w = work.get(entry.agentId);
      if (!w) continue;
      await this.safely(w, ctx.step, `land ${entry.kind}`, () => this.landOne(w, entry, results[i], ctx));
    }
  }

  private async landOne(w: AgentWork, entry: DeferredEntry, results: TaskResult<unknown>[], ctx: MindStepContext): Promise<void> {
    this.applyFor(w, await this.landed(w, entry, results, ctx));
  }

  /** What a deferred result decides when it lands (applied in agent order by `land`). */
  private async landed(w: AgentWork, entry: DeferredEntry, results: TaskResult<unknown>[], ctx: MindStepContext): Promise<AgentResult[]> {
    switch (entry.kind) {
      case RATING_KIND:
        return landRating(w, entry.context as RatingContext, results[0] as TaskResult<RateImportanceOutput>);
      case CLOSE_KIND:
        return landClose(this.deps, w.agent.id, w.persona, w.scratch, entry.context as CloseContext, results[0].value as CloseConversationOutput, ctx.step, ctx.time);
      case REFLECT_QUESTIONS_KIND:
        return landQuestions(this.deps, w.persona, w.scratch, (results[0].value as ReflectQuestionsOutput).questions, ctx.step, ctx.time);
      case DECOMPOSE_KIND:
        return landDecomposition(this.deps, w.persona, w.scratch, entry.context as DecomposeContext, results[0] as TaskResult<DecomposeBlockOutput>);
      case REFLECT_INSIGHTS_KIND:
        return landInsights(w.persona, entry.context as InsightsContext, results.map((r) => r.value as ReflectInsightsOutput));
      case REACT_KIND: {
        // A reaction decided now, as phase B's would be (chooseIntents starts the talk if both are free).
        const context = entry.context as ReactContext;
        const reaction = landReaction(this.deps, w.agent, ctx.state.agents.find((a) => a.id === context.other), context, results[0].value as ReactOutput, ctx.step);
        if (reaction) w.reaction = reaction;
        return [];
      }
      default:
        throw new Error(`deferred work "${entry.key}" is of an unknown kind "${entry.kind}"`);
    }
  }

  // ------------------------------------------------------------------ perception

  /** Perception of one agent (no model): who came into view (the step's own), and what it perceived, applied. */
  private perceiveFor(w: AgentWork, ctx: MindStepContext): void {
    const { agent, scratch: s } = w;
    const results: AgentResult[] = [];
    // Ablated observation perceives nothing, as if asleep: no event memories, no one to react to.
    if (agent.sleeping || !this.parts.observation) {
      this.applyFor(w, [{ kind: 'perceived', attention: [], inView: [], recentPerceived: s.recentPerceived, waiting: [] }]);
      return;
    }
    const tileKey = `${agent.tile.x},${agent.tile.y}`;
    if (this.lastTile.get(agent.id) !== tileKey) {
      results.push({ kind: 'seePlaces', tile: agent.tile, radius: this.config.visionRadiusTiles });
      this.lastTile.set(agent.id, tileKey);
    }
    const p = perceive(agent, ctx.state, this.perception, this.config, s.recentPerceived, s.inView);
    const before = new Set(s.attention);
    w.newlySeen = p.attendedAgents.filter((id) => !before.has(id));
    const memories: DraftMemory[] = [];
    const waiting: PendingEvent[] = [];
    for (const e of p.fresh) {
      const score = this.deps.importance.lookup(agent.id, e.description);
      if (score !== undefined) memories.push({ type: 'event', description: e.description, triple: e.triple, importance: score });
      else waiting.push({ description: e.description, triple: e.triple, step: ctx.step });
    }
    results.push({ kind: 'perceived', attention: [...p.attendedAgents].sort(), inView: p.attended.map((e) => e.key), recentPerceived: retain(s.recentPerceived, p.fresh, this.config.retention), waiting });
    if (memories.length) results.push({ kind: 'memories', drafts: memories });
    this.applyFor(w, results);
  }

  /** Pre-embeds the focal texts of this step's day plans and decompositions in one batch (in agent order). */
  private async embedPlanningFocals(agents: AgentWork[], time: number): Promise<void> {
    const focals: string[] = [];
    for (const w of agents) {
      if (needsDayPlan(w.scratch, time)) focals.push(planFocal(w.persona, time));
      for (const piece of piecesToDecompose(this.deps, w.scratch, time, this.decomposing(w.agent.id))) focals.push(pieceFocal(piece));
    }
    if (focals.length) await this.options.memory.embed(focals).catch(() => undefined);
  }

  /** Pre-embeds the focal texts of this step's reactions and lines in one batch (retrieval then hits the cache). */
  private async embedFocals(
    work: Map<AgentId, AgentWork>,
    targets: Map<AgentId, ReactionTarget>,
    active: Map<string, Conversation>,
    nameOf: (id: AgentId) => string,
  ): Promise<void> {
    const focals: string[] = [];
    for (const w of work.values()) {
      const target = targets.get(w.agent.id);
      if (target) focals.push(aboutFocal(target.other.name, target.other.action.description));
      const c = speakingIn(w.agent, active);
      if (c) {
        const partner = c.participants.find((p) => p !== w.agent.id)!;
        focals.push(aboutFocal(nameOf(partner), c.lines[c.lines.length - 1]?.text ?? ''));
      }
    }
    if (focals.length) await this.options.memory.embed(focals).catch(() => undefined);
  }

  // ------------------------------------------------------------------ intents

  /** Chooses the intents (intents.ts, no model) and applies the decisions with this step's conversation notes, in agent order. */
  private intents(work: Map<AgentId, AgentWork>, byId: Map<AgentId, AgentState>, active: Map<string, Conversation>, ctx: MindStepContext): Map<AgentId, AgentIntent> {
    const inputs = [...work.values()].map((w): IntentInput => ({
      agent: w.agent,
      persona: w.persona,
      plan: w.scratch.plan,
      control: controlOf(w.scratch),
      ...(w.say ? { say: w.say } : {}),
      ...(w.reaction ? { reaction: w.reaction } : {}),
    }));
    const decisions = chooseIntents(inputs, { actions: this.actions, byId, active, step: ctx.step, time: ctx.time });
    const intents = new Map<AgentId, AgentIntent>();
    const batch: AgentResults[] = [];
    for (const d of decisions) {
      const w = work.get(d.agentId)!;
      const results: AgentResult[] = [];
      if (w.relationship) results.push({ kind: 'talkNote', conversationId: w.relationship.conversationId, of: d.agentId, text: w.relationship.text, mode: 'set' });
      if (w.ahead) {
        const { conversationId, lines, relationships } = w.ahead;
        for (const [of, text] of relationships) results.push({ kind: 'talkNote', conversationId, of, text, mode: 'ifMissing' });
        results.push({ kind: 'ahead', conversationId, lines });
      }
      results.push({ kind: 'control', control: d.control });
      if (d.opens) results.push({ kind: 'talkNote', conversationId: d.opens.conversationId, of: d.agentId, text: d.opens.relationship, mode: 'opens' });
      if (d.problem) this.problem({ step: ctx.step, agentId: d.agentId, where: 'planIntent', message: d.problem });
      batch.push({ agentId: d.agentId, results });
      if (Object.keys(d.intent).length) intents.set(d.agentId, d.intent);
    }
    this.apply(batch);
    return intents;
  }

  /** Intents from plans alone (after an unexpected failure): the town keeps moving. */
  private planOnly(ctx: MindStepContext): Map<AgentId, AgentIntent> {
    const intents = new Map<AgentId, AgentIntent>();
    try {
      const byId = new Map(ctx.state.agents.map((a) => [a.id, a]));
      const inputs: IntentInput[] = [];
      for (const agent of ctx.state.agents) {
        const persona = this.personas.get(agent.id);
        const scratch = this.scratch.agents[agent.id];
        if (persona && scratch) inputs.push({ agent, persona, plan: scratch.plan, control: controlOf(scratch) });
      }
      const decisions = chooseIntents(inputs, { actions: this.actions, byId, active: new Map(), step: ctx.step, time: ctx.time });
      for (const d of decisions) if (d.problem) this.problem({ step: ctx.step, agentId: d.agentId, where: 'planOnly', message: d.problem });
      this.apply(decisions.map((d) => ({ agentId: d.agentId, results: [{ kind: 'control', control: d.control }] })));
      for (const d of decisions) if (Object.keys(d.intent).length) intents.set(d.agentId, d.intent);
    } catch (err) {
      this.problem({ step: ctx.step, where: 'planOnly', message: (err as Error).message });
    }
    return intents;
  }

  // ------------------------------------------------------------------ helpers

  /** Applies phase results in agent order (apply.ts: the one place that writes the working state). */
  private apply(batch: readonly AgentResults[], work?: ReadonlyMap<AgentId, AgentDrafts>): void {
    applyResults(
      {
        scratch: this.scratch,
        deps: this.deps,
        deferred: this.deferred,
        drafts: (id) => {
          const w = work?.get(id);
          if (!w) throw new Error(`memories for ${id} outside a step`);
          return w.drafts;
        },
      },
      batch,
    );
  }

  /** Applies one agent's results (its own phase job: they touch that agent's state alone). */
  private applyFor(w: AgentWork, results: readonly AgentResult[]): void {
    if (results.length) this.apply([{ agentId: w.agent.id, results }], new Map([[w.agent.id, w]]));
  }

  private initialKnownPlaces(persona: Persona): KnownPlaces {
    const { spatial } = this.deps;
    const known = spatial.empty();
    spatial.learnWholeSector(known, persona.home);
    spatial.learn(known, persona.bed);
    for (const item of [...persona.routine, ...(persona.weekendRoutine ?? [])]) spatial.learn(known, item.place);
    for (const place of persona.knownPlaces ?? []) spatial.learn(known, place);
    for (const r of persona.relationships) {
      const home = this.personas.get(r.id)?.home;
      if (home) spatial.learn(known, home.split(':')[0]);
    }
    return known;
  }

  private async safely(w: AgentWork, step: number, where: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.problem({ step, agentId: w.agent.id, where, message: (err as Error)?.stack ?? String(err) });
    }
  }

  private problem(p: MindProblem): void {
    this.problems.push(p);
    if (this.problems.length > MAX_PROBLEMS) this.problems.shift();
  }
}

/** The conversation in which the agent says the next line this step, if any. */
function speakingIn(agent: AgentState, active: Map<string, Conversation>): Conversation | undefined {
  const c = agent.conversationId ? active.get(agent.conversationId) : undefined;
  return c && c.nextSpeaker === agent.id && c.endedStep === undefined ? c : undefined;
}

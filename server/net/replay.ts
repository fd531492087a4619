/**
 * A stored simulation played back: `hamlet replay <db>` serves it like a live town, but every
 * step comes from the file's step log and nothing is written. ReplaySource has the shape of the
 * Simulation the server and the runner use (state, time, step(), onStep, map, clock, mind), so
 * play, pause, speed and single steps work unchanged; `seek(step)` jumps anywhere.
 *
 * How a seek is fast: the file holds a full snapshot every game hour (360 steps) plus one delta
 * per step. Rebuilding step s loads the latest snapshot at or before s (one indexed row) and
 * applies at most 359 stored deltas — the same deltas the live server broadcast — in order.
 * Nothing is precomputed, so opening a long run costs nothing either.
 *
 * The rebuilt state carries what viewers see (tiles, facing, actions, sleep, conversations and
 * their lines, object states, events), and what the deltas do not carry is rebuilt as the engine
 * had it where the log allows: when an action began, and the walk under way, planned again with
 * the engine's navigator over the run's map (walks.ts followWalks; the inspector's "on the way
 * (N tiles to go)"). The rest of an action (its planned length, event triple) stays as the
 * snapshot had it.
 */
import { GameClock } from '../engine/clock';
import { asAgentId, type AgentId } from '../engine/ids';
import type { AgentInsight, MindHealth, MindProgress } from '../engine/ports';
import type { AgentState, Conversation, SimState, StepDelta } from '../engine/types';
import { RngSource } from '../engine/rng';
import { readScratch, type MindScratch, type PlanRecord } from '../mind/generative/scratch';
import { parsePersonas, type Persona } from '../mind/persona';
import { RuleBasedMind } from '../mind/rule/ruleBasedMind';
import { loadMemoriesBefore } from '../store/memories';
import { allPlans, plansBefore } from '../store/planLog';
import { hasTable } from '../store/database';
import { parseStored } from '../store/damage';
import { minuteOfDay } from '../engine/clock';
import { generativeInsightAsOf, planAsOf, type PlanHistory, type RuleHistory } from './timeTravel';
import { followWalks, type WalkNavigator } from './walks';
import { createNavigator } from '../engine/navigator';
import type { ReplayMarker } from './protocol';
import { SimulationStore, type SimulationMeta } from '../store/simulationStore';
import { parseTownMap } from '../world/loadMap';
import type { TownMap } from '../world/types';

/** Inspector views kept (per person, step and time): enough for every person at a paused step. */
const INSIGHTS_KEPT = 64;

export type ReplayStepListener = (delta: StepDelta, state: Readonly<SimState>) => void;

/** The mind of a replay: its label and kind as stored; `inspect` shows an agent as of the step shown (time travel). */
export interface ReplayMind {
  readonly label: string;
  readonly kind: 'rule-based' | 'generative';
  /** The agent as of the replay's current step (`time` is that step's game time). */
  inspect(agentId: string, time: number): AgentInsight | null;
  health?(): MindHealth;
  /** Never set: a replay calls no model (listed so the runner accepts this mind). */
  progress?(): MindProgress;
}

/** Thrown by step() at the end of the stored run; the runner pauses there with this reason. */
export class ReplayEndError extends Error {
  /** What the page shows beside the clock while the runner waits at the end (see stepFailure.ts). */
  readonly stopReason: string;
  constructor(readonly lastStep: number) {
    super(`the replay has reached its end (step ${lastStep})`);
    this.name = 'ReplayEndError';
    this.stopReason = `end of the replay (step ${lastStep}): drag the timeline back to watch again`;
  }
}

export class ReplaySource {
  readonly map: TownMap;
  readonly clock: GameClock;
  readonly seed: number;
  readonly mind: ReplayMind;
  readonly meta: SimulationMeta;
  /** The first step the file can show (a status.step value). */
  readonly firstStep: number;
  /** The last step it can show (every stored step applied); grows when another process is still writing the run (refresh()). */
  private _lastStep: number;
  private _state: SimState;
  private readonly listeners = new Set<ReplayStepListener>();
  private readonly idleState: (address: string) => string;
  /** What applying a step needs of the map: idle object states and the engine's navigator (walks). */
  private readonly world: StepWorld;
  /** The same without walks, for states rebuilt for other reasons (the inspector's past conversations). */
  private readonly worldWithoutWalks: StepWorld;
  private readonly readDelta;
  private markerList: ReplayMarker[] | null = null;

  private constructor(private readonly store: SimulationStore) {
    this.meta = store.meta;
    this.map = parseTownMap(this.meta.map, this.meta.mapPath);
    this.clock = new GameClock(this.meta.startTime, this.meta.secondsPerStep);
    this.seed = this.meta.seed;
    const label = this.meta.mind;
    const kind = /^rule-based/.test(label) ? 'rule-based' : 'generative';
    this.mind = { label, kind, inspect: (agentId, time) => this.insightAt(agentId, this._state.step, time) };
    this.idleState = (address) => this.map.objects.get(address)?.idleState ?? 'idle';
    this.world = { idleState: this.idleState, navigator: createNavigator(this.map) };
    this.worldWithoutWalks = { idleState: this.idleState, navigator: null };
    const first = store.snapshotAtOrBefore(0);
    if (!first) throw new Error(`${store.path} has no snapshot at step 0, so it cannot be replayed`);
    this.firstStep = first.step;
    this._lastStep = store.stepCount();
    this._state = first.state;
    this.readDelta = store.db.prepare('SELECT delta FROM steps WHERE step = ?');
  }

  /** Opens a simulation file read-only (it is never written) at its first step. */
  static open(path: string): ReplaySource {
    const store = SimulationStore.open(path, { readonly: true });
    try {
      return new ReplaySource(store);
    } catch (err) {
      store.close();
      throw err;
    }
  }

  get lastStep(): number {
    return this._lastStep;
  }

  /**
   * Looks again at the stored last step: a run another process is still writing grows while it
   * is replayed (a WAL reader sees every commit made since). True when the run has grown.
   */
  refresh(): boolean {
    const last = this.store.stepCount();
    if (last <= this._lastStep) return false;
    this._lastStep = last;
    this.markerList = null;
    return true;
  }

  get state(): Readonly<SimState> {
    return this._state;
  }

  get time(): number {
    return this.clock.timeAt(this._state.step);
  }

  onStep(listener: ReplayStepListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Plays the next stored step: applies it and tells the listeners (the server broadcasts it).
   * The state changes synchronously, so a seek that follows always sees a finished step.
   */
  step(): Promise<StepDelta> {
    const step = this._state.step;
    if (step >= this.lastStep) return Promise.reject(new ReplayEndError(this.lastStep));
    const row = this.readDelta.get(step) as { delta: string } | undefined;
    if (!row) return Promise.reject(new Error(`${this.store.path} has no step ${step} in its step log`));
    const delta = JSON.parse(row.delta) as StepDelta;
    this._state = applyStepDelta(this._state, delta, this.world);
    for (const listener of this.listeners) listener(delta, this._state);
    return Promise.resolve(delta);
  }

  /** Jumps to `step` (clamped to firstStep…lastStep): the state after steps < step. Tells no listener. */
  seek(step: number): Readonly<SimState> {
    this._state = this.stateAt(step);
    return this._state;
  }

  /** The state as it was when `step` was the next step to run, rebuilt from the nearest snapshot and the deltas after it. */
  stateAt(step: number): SimState {
    const target = Math.max(this.firstStep, Math.min(this.lastStep, Math.floor(step)));
    const snapshot = this.store.snapshotAtOrBefore(target);
    if (!snapshot) throw new Error(`${this.store.path} has no snapshot at or before step ${target}`);
    let state = snapshot.state;
    // Ended conversations linger one step in a stored state; viewers never see them.
    state.conversations = state.conversations.filter((c) => c.endedStep === undefined);
    for (const delta of this.store.readSteps(snapshot.step, target)) state = applyStepDelta(state, delta, this.world, true);
    return state;
  }

  /** The stored step messages of steps in [from, to), in order (a static site's chunks). */
  deltas(from: number, to: number): StepDelta[] {
    return [...this.store.readSteps(from, to)];
  }

  /**
   * What the inspector shows of `agentId` as of `step` (the next step to run), from the file:
   * generative runs from the memories made before the step and the plan as of it (the plan log,
   * or the latest snapshot in files without one; see timeTravel.ts); rule-based runs as the live
   * mind would show it then (its routine for that day and the conversations it remembers).
   */
  insightAt(agentId: string, step: number, time = this.clock.timeAt(step)): AgentInsight | null {
    // Every open inspector asks again each second, mostly at the same step: the last views are kept.
    const key = `${agentId}|${step}|${time}`;
    const cached = this.insightCache.get(key);
    if (cached !== undefined) return structuredClone(cached);
    const insight = this.buildInsight(agentId, step, time);
    this.insightCache.set(key, insight);
    if (this.insightCache.size > INSIGHTS_KEPT) this.insightCache.delete(this.insightCache.keys().next().value!);
    return structuredClone(insight);
  }

  private readonly insightCache = new Map<string, AgentInsight | null>();

  private buildInsight(agentId: string, step: number, time: number): AgentInsight | null {
    const persona = this.personas().find((p) => p.id === agentId);
    if (!persona) return null;
    const snapshot = this.mindSnapshotAt(step);
    if (this.mind.kind === 'generative') {
      const scratch = snapshot.scratch?.agents[agentId as AgentId];
      const logged = plansBefore(this.store.db, step, agentId)[0];
      const plan = planAsOf({ step: snapshot.step, scratch }, logged);
      return generativeInsightAsOf(persona, loadMemoriesBefore(this.store.db, agentId, step), plan, step, time);
    }
    const mind = new RuleBasedMind(this.personas(), this.map, new RngSource(this.seed));
    mind.restore(snapshot.mind);
    // The rule mind remembers a conversation on the step after it ended: those ended since the snapshot, up to step - 2.
    mind.rememberConversations(this.endedBetween(snapshot.step, step - 1));
    return mind.inspect(agentId as AgentId, time);
  }

  /**
   * Every agent's plan history (generative runs): its part of each stored snapshot and its rows
   * of the plan log, for a static site's inspector (see timeTravel.ts planFromHistory, which gives
   * what insightAt shows).
   */
  planHistories(): Map<string, PlanHistory> {
    const histories = new Map<string, PlanHistory>(this._state.agents.map((a) => [a.id, { snapshots: [], log: [] }]));
    const steps = this.store.db.prepare('SELECT step FROM snapshots WHERE step <= ? ORDER BY step').all(this.lastStep) as { step: number }[];
    for (const { step } of steps) {
      const scratch = this.mindSnapshotAt(step).scratch;
      for (const [id, history] of histories) {
        const agent = scratch?.agents[id as AgentId];
        history.snapshots.push({ step, scratch: agent && { currently: agent.currently, plan: agent.plan, fallbackImportance: agent.fallbackImportance } });
      }
    }
    for (const row of allPlans(this.store.db)) if (row.step < this.lastStep) histories.get(row.agentId)?.log.push({ step: row.step, entry: row.entry });
    return histories;
  }

  /**
   * Every agent's rule-based inspector over the run (see timeTravel.ts RuleHistory): the plan
   * wherever the minute changes, and the conversations the mind remembers, restored from each
   * snapshot and caught up with the conversations ended since, as insightAt does at any one step.
   */
  ruleHistories(): Map<string, RuleHistory> {
    const histories = new Map<string, RuleHistory>();
    const mind = new RuleBasedMind(this.personas(), this.map, new RngSource(this.seed));
    const ids = this._state.agents.map((a) => a.id);
    const push = <T extends { step: number }>(list: T[], item: T, same: (a: T, b: T) => boolean) => {
      const last = list[list.length - 1];
      if (!last || !same(last, item)) list.push(item);
    };
    const samePlan = (a: { plan: unknown }, b: { plan: unknown }) => JSON.stringify(a.plan) === JSON.stringify(b.plan);
    const sameTalks = (a: { conversations: unknown }, b: { conversations: unknown }) => JSON.stringify(a.conversations) === JSON.stringify(b.conversations);
    const record = (step: number, agents: readonly string[], planToo: boolean) => {
      for (const id of agents) {
        const insight = mind.inspect(id as AgentId, this.clock.timeAt(step));
        if (!insight) continue;
        let history = histories.get(id);
        if (!history) histories.set(id, (history = { known: insight.known, plans: [], conversations: [] }));
        if (planToo) push(history.plans, { step, plan: insight.plan }, samePlan);
        push(history.conversations, { step, conversations: insight.conversations }, sameTalks);
      }
    };
    const snapshots = (this.store.db.prepare('SELECT step FROM snapshots WHERE step <= ? ORDER BY step').all(this.lastStep) as { step: number }[]).map((r) => r.step);
    const starts = snapshots.filter((s) => s > this.firstStep);
    starts.unshift(this.firstStep);
    for (let i = 0; i < starts.length; i++) {
      const from = starts[i];
      const to = i + 1 < starts.length ? starts[i + 1] : this.lastStep + 1;
      const snapshot = this.store.snapshotAtOrBefore(from);
      if (!snapshot) throw new Error(`${this.store.path} has no snapshot at or before step ${from}`);
      mind.restore(snapshot.mind);
      record(from, ids, true);
      // As endedBetween: the conversation that ended just before the snapshot lingers in its state.
      const ended: Conversation[] = snapshot.state.conversations.filter((c) => c.endedStep !== undefined);
      let state = snapshot.state;
      state.conversations = state.conversations.filter((c) => c.endedStep === undefined);
      let minute = Math.floor(this.clock.timeAt(from) / 60_000);
      const deltas = this.store.readSteps(snapshot.step, to - 1)[Symbol.iterator]();
      try {
        for (let step = from + 1; step < to; step++) {
          // The view at `step` remembers the conversations that ended at steps before step - 1.
          const next = deltas.next();
          if (!next.done) state = applyStepDelta(state, next.value, this.worldWithoutWalks, true, ended);
          const due = ended.filter((c) => c.endedStep! < step - 1);
          if (due.length) {
            ended.splice(0, ended.length, ...ended.filter((c) => c.endedStep! >= step - 1));
            mind.rememberConversations(due);
          }
          const now = Math.floor(this.clock.timeAt(step) / 60_000);
          if (now !== minute || due.length) record(step, now !== minute ? ids : [...new Set(due.flatMap((c) => c.participants))], now !== minute);
          minute = now;
        }
      } finally {
        deltas.return?.(); // ends the statement (the last delta is read but never asked past)
      }
    }
    return histories;
  }

  private personaList: Persona[] | null = null;
  private personas(): Persona[] {
    this.personaList ??= parsePersonas(this.meta.personas, `${this.store.path} (personas)`, { relationsOutside: true });
    return this.personaList;
  }

  /** The mind's part of the latest snapshot at or before `step` (the last one read is kept: inspecting repeats). */
  private mindSnapshotCache: { step: number; mind: unknown; scratch: MindScratch | null } | null = null;
  private mindSnapshotAt(step: number): { step: number; mind: unknown; scratch: MindScratch | null } {
    const row = this.store.db.prepare('SELECT MAX(step) AS step FROM snapshots WHERE step <= ?').get(Math.max(this.firstStep, step)) as { step: number | null };
    const at = row.step ?? this.firstStep;
    if (this.mindSnapshotCache?.step === at) return this.mindSnapshotCache;
    // Only the mind's column: the state is not needed here.
    const stored = this.store.db.prepare('SELECT mind FROM snapshots WHERE step = ?').get(at) as { mind: string } | undefined;
    if (!stored) throw new Error(`${this.store.path} has no snapshot at or before step ${step}`);
    const mind = parseStored(this.store.path, stored.mind, `the snapshot at step ${at}`);
    let scratch: MindScratch | null = null;
    if (this.mind.kind === 'generative') {
      try {
        scratch = readScratch(mind);
      } catch {
        scratch = null; // a snapshot of another mind (the run switched minds): no plan to show from it
      }
    }
    this.mindSnapshotCache = { step: at, mind, scratch };
    return this.mindSnapshotCache;
  }

  /** Conversations that ended at steps from-1 … to-1 (from = a snapshot step: the one ended just before it lingers in its state). */
  private endedBetween(from: number, to: number): Conversation[] {
    const snapshot = this.store.snapshotAtOrBefore(from);
    if (!snapshot || to <= from - 1) return [];
    const ended: Conversation[] = snapshot.state.conversations.filter((c) => c.endedStep !== undefined && c.endedStep < to);
    let state = snapshot.state;
    state.conversations = state.conversations.filter((c) => c.endedStep === undefined);
    for (const delta of this.store.readSteps(snapshot.step, to)) state = applyStepDelta(state, delta, this.worldWithoutWalks, true, ended);
    return ended;
  }

  /**
   * What the timeline marks, read once from the whole step log (one pass; cached): conversations
   * that began, events that began (injected ones, announcements, object states) and whispers;
   * and from the mind's records, reflections and plan changes (mindMarkers).
   */
  markers(): ReplayMarker[] {
    if (this.markerList) return this.markerList;
    const names = new Map(this._state.agents.map((a) => [a.id, a.name]));
    const name = (id: AgentId) => names.get(id) ?? id;
    const markers: ReplayMarker[] = [];
    const eventMarkers = new Map<string, ReplayMarker>();
    for (const delta of this.store.readSteps(this.firstStep, this.lastStep)) {
      for (const c of delta.conversationsStarted ?? []) markers.push({ step: delta.step, kind: 'conversation', label: `${name(c.participants[0])} talks with ${name(c.participants[1])}` });
      for (const input of delta.inputs ?? []) {
        if (input.kind === 'whisper') markers.push({ step: delta.step, kind: 'whisper', label: `whisper to ${name(input.agentId)}: ${input.text}` });
        else if (input.kind === 'cancel') {
          // A scheduled event cancelled before it began never happened.
          const marker = eventMarkers.get(input.eventId);
          if (marker && marker.step > delta.step) markers.splice(markers.indexOf(marker), 1);
        } else if (input.kind === 'remember') markers.push({ step: delta.step, kind: 'input', label: `${name(input.agentId)} remembers an interview: ${input.question}` });
      }
      // An event is marked where it begins (a scheduled one is recorded earlier, when it was queued).
      for (const e of delta.events ?? []) {
        const marker: ReplayMarker = { step: Math.max(delta.step, e.step), kind: 'event', label: e.description };
        markers.push(marker);
        eventMarkers.set(e.id, marker);
      }
    }
    markers.push(...this.mindMarkers(name));
    markers.sort((a, b) => a.step - b.step);
    this.markerList = markers;
    return markers;
  }

  /**
   * Reflections and plan changes are not in the step log: they come from the stored memories (a
   * reflection is a thought whose predicate is "reflects"; one marker per agent and step) and the
   * plan log (a new day plan, or a reaction re-planning the rest of a piece; a piece merely broken
   * into tasks is not a change of plan).
   */
  private mindMarkers(name: (id: AgentId) => string): ReplayMarker[] {
    const markers: ReplayMarker[] = [];
    const db = this.store.db;
    if (hasTable(db, 'memories')) {
      const rows = db
        .prepare("SELECT agent_id, step, MIN(id) AS id, description, COUNT(*) AS n FROM memories WHERE type = 'thought' AND predicate = 'reflects' GROUP BY agent_id, step ORDER BY step, agent_id")
        .all() as { agent_id: string; step: number; description: string; n: number }[];
      for (const r of rows) markers.push({ step: r.step, kind: 'reflection', label: `${name(asAgentId(r.agent_id))} reflects: ${r.description}${r.n > 1 ? ` (and ${r.n - 1} more)` : ''}` });
    }
    const previous = new Map<string, PlanRecord>();
    for (const row of allPlans(db)) {
      const before = previous.get(row.agentId);
      previous.set(row.agentId, row.entry);
      const plan = row.entry.plan;
      if (!plan) continue;
      if (!before?.plan || before.plan.day !== plan.day) {
        const first = plan.blocks.find((b) => !b.sleep);
        markers.push({ step: row.step, kind: 'plan', label: `${name(row.agentId)} plans the day: ${plan.blocks.filter((b) => !b.sleep).length} items${first ? `, from ${clockText(first.start)} ${first.activity.split(' @ ')[0]}` : ''}` });
        continue;
      }
      const versions = new Map(before.plan.chunks.map((c) => [c.start, c.version]));
      const replanned = plan.chunks.find((c) => c.version > (versions.get(c.start) ?? 0));
      if (replanned) {
        const minute = minuteOfDay(this.clock.timeAt(row.step));
        const next = replanned.tasks?.find((t) => t.start + t.minutes > minute);
        markers.push({ step: row.step, kind: 'plan', label: `${name(row.agentId)} changes plans${next ? `: ${next.description}` : ''}` });
      }
    }
    return markers;
  }

  close(): void {
    this.store.close();
  }
}

/** "07:05" for minutes since midnight. */
function clockText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** What applying a stored step needs of the run's map. */
export interface StepWorld {
  /** An object's idle state (a delta names it when the object goes back to idle). */
  idleState(address: string): string;
  /** The engine's navigator over the run's map, for the walks (walks.ts); null leaves walks begun since the snapshot unknown. */
  navigator: WalkNavigator | null;
}

/**
 * Applies one stored delta to a state, as the live step did to what viewers see (the client's
 * TownState does the same to its copy), and carries the walks and when actions began as the
 * engine had them (walks.ts followWalks, shared with the static site's page). `inPlace` edits
 * `state` (a throwaway being rebuilt); otherwise a new state is returned and the old one is left
 * as it was (listeners may keep it).
 */
export function applyStepDelta(state: SimState, delta: StepDelta, world: StepWorld, inPlace = false, ended?: Conversation[]): SimState {
  const next: SimState = inPlace
    ? state
    : { ...state, agents: state.agents.map((a) => ({ ...a })), conversations: state.conversations.map((c) => ({ ...c, lines: [...c.lines] })), objects: { ...state.objects }, events: [...state.events] };
  const byId = new Map<string, AgentState>(next.agents.map((a) => [a.id, a]));
  // What the log does not carry (the walks, when actions began), from the state before the step: the shared rule, as on a static site.
  const motions = followWalks(next.agents, next.conversations, delta, world.navigator);
  for (const d of delta.agents ?? []) {
    const agent = byId.get(d.id);
    if (!agent) continue;
    if (d.x !== undefined || d.y !== undefined) agent.tile = { x: d.x ?? agent.tile.x, y: d.y ?? agent.tile.y };
    if (d.facing !== undefined) agent.facing = d.facing;
    if (d.action !== undefined) agent.action = { ...agent.action, ...d.action };
    if (d.sleeping !== undefined) agent.sleeping = d.sleeping;
    if (d.conversationId !== undefined) agent.conversationId = d.conversationId;
  }
  for (const agent of next.agents) {
    const motion = motions.get(agent.id)!;
    agent.path = motion.path;
    if (agent.action.startStep !== motion.startStep || agent.action.targetAgent !== motion.targetAgent) {
      const { targetAgent: _old, ...action } = agent.action;
      agent.action = { ...action, startStep: motion.startStep, ...(motion.targetAgent ? { targetAgent: motion.targetAgent } : {}) };
    }
  }
  for (const s of delta.conversationsStarted ?? []) {
    next.conversations.push({ id: s.id, participants: [s.participants[0], s.participants[1]], lines: [], startStep: delta.step, nextSpeaker: s.participants[0] });
  }
  for (const line of delta.chats ?? []) next.conversations.find((c) => c.id === line.conversationId)?.lines.push({ speaker: line.speaker, text: line.text, step: delta.step });
  if (delta.conversationsEnded?.length) {
    const endedIds = new Set(delta.conversationsEnded);
    if (ended) for (const c of next.conversations) if (endedIds.has(c.id)) ended.push({ ...c, endedStep: delta.step });
    next.conversations = next.conversations.filter((c) => !endedIds.has(c.id));
  }
  // The state lists only objects that differ from idle; a delta names the idle state when one goes back.
  for (const o of delta.objects ?? []) {
    if (o.state === world.idleState(o.address)) delete next.objects[o.address];
    else next.objects[o.address] = o.state;
  }
  const cancelled = new Set((delta.inputs ?? []).flatMap((i) => (i.kind === 'cancel' ? [i.eventId] : [])));
  next.events = next.events.filter((e) => e.expiresStep >= delta.step && !(cancelled.has(e.id) && e.step > delta.step));
  if (delta.events?.length) next.events.push(...delta.events.map((e) => ({ ...e })));
  next.step = delta.step + 1;
  return next;
}

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
 * their lines, object states, events); what the deltas do not carry (walking paths, an action's
 * timing) stays as the snapshot had it.
 */
import { GameClock } from '../engine/clock';
import type { AgentId } from '../engine/ids';
import type { AgentInsight, MindHealth, MindProgress } from '../engine/ports';
import type { AgentState, SimState, StepDelta } from '../engine/types';
import type { ReplayMarker } from './protocol';
import { SimulationStore, type SimulationMeta } from '../store/simulationStore';
import { parseTownMap } from '../world/loadMap';
import type { TownMap } from '../world/types';

export type ReplayStepListener = (delta: StepDelta, state: Readonly<SimState>) => void;

/** The mind of a replay: its label and kind as stored; it has no inner life to show. */
export interface ReplayMind {
  readonly label: string;
  readonly kind: 'rule-based' | 'generative';
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
  /** The first and last step the file can show (status.step values: `lastStep` = every stored step applied). */
  readonly firstStep: number;
  readonly lastStep: number;
  private _state: SimState;
  private readonly listeners = new Set<ReplayStepListener>();
  private readonly idleState: (address: string) => string;
  private readonly readDelta;
  private markerList: ReplayMarker[] | null = null;

  private constructor(private readonly store: SimulationStore) {
    this.meta = store.meta;
    this.map = parseTownMap(this.meta.map, this.meta.mapPath);
    this.clock = new GameClock(this.meta.startTime, this.meta.secondsPerStep);
    this.seed = this.meta.seed;
    const label = this.meta.mind;
    this.mind = { label, kind: /^rule-based/.test(label) ? 'rule-based' : 'generative', inspect: () => null };
    this.idleState = (address) => this.map.objects.get(address)?.idleState ?? 'idle';
    const first = store.snapshotAtOrBefore(0);
    if (!first) throw new Error(`${store.path} has no snapshot at step 0, so it cannot be replayed`);
    this.firstStep = first.step;
    this.lastStep = store.stepCount();
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
    this._state = applyStepDelta(this._state, delta, this.idleState);
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
    for (const delta of this.store.readSteps(snapshot.step, target)) state = applyStepDelta(state, delta, this.idleState, true);
    return state;
  }

  /**
   * What the timeline marks, read once from the whole step log (one pass; cached): conversations
   * that began, events that began (injected ones, announcements, object states) and whispers.
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
    markers.sort((a, b) => a.step - b.step);
    this.markerList = markers;
    return markers;
  }

  close(): void {
    this.store.close();
  }
}

/**
 * Applies one stored delta to a state, as the live step did to what viewers see (the client's
 * TownState does the same to its copy). `inPlace` edits `state` (a throwaway being rebuilt);
 * otherwise a new state is returned and the old one is left as it was (listeners may keep it).
 */
export function applyStepDelta(state: SimState, delta: StepDelta, idleState: (address: string) => string, inPlace = false): SimState {
  const next: SimState = inPlace
    ? state
    : { ...state, agents: state.agents.map((a) => ({ ...a })), conversations: state.conversations.map((c) => ({ ...c, lines: [...c.lines] })), objects: { ...state.objects }, events: [...state.events] };
  const byId = new Map<string, AgentState>(next.agents.map((a) => [a.id, a]));
  for (const d of delta.agents ?? []) {
    const agent = byId.get(d.id);
    if (!agent) continue;
    if (d.x !== undefined || d.y !== undefined) agent.tile = { x: d.x ?? agent.tile.x, y: d.y ?? agent.tile.y };
    if (d.facing !== undefined) agent.facing = d.facing;
    if (d.action !== undefined) agent.action = { ...agent.action, ...d.action };
    if (d.sleeping !== undefined) agent.sleeping = d.sleeping;
    if (d.conversationId !== undefined) agent.conversationId = d.conversationId;
  }
  for (const s of delta.conversationsStarted ?? []) {
    next.conversations.push({ id: s.id, participants: [s.participants[0], s.participants[1]], lines: [], startStep: delta.step, nextSpeaker: s.participants[0] });
  }
  for (const line of delta.chats ?? []) next.conversations.find((c) => c.id === line.conversationId)?.lines.push({ speaker: line.speaker, text: line.text, step: delta.step });
  if (delta.conversationsEnded?.length) {
    const ended = new Set(delta.conversationsEnded);
    next.conversations = next.conversations.filter((c) => !ended.has(c.id));
  }
  // The state lists only objects that differ from idle; a delta names the idle state when one goes back.
  for (const o of delta.objects ?? []) {
    if (o.state === idleState(o.address)) delete next.objects[o.address];
    else next.objects[o.address] = o.state;
  }
  const cancelled = new Set((delta.inputs ?? []).flatMap((i) => (i.kind === 'cancel' ? [i.eventId] : [])));
  next.events = next.events.filter((e) => e.expiresStep >= delta.step && !(cancelled.has(e.id) && e.step > delta.step));
  if (delta.events?.length) next.events.push(...delta.events.map((e) => ({ ...e })));
  next.step = delta.step + 1;
  return next;
}

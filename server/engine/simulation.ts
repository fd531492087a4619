/**
 * The step loop. One call of `step()` advances game time by one step:
 *   apply queued inputs → the mind decides (model calls run concurrently inside it) →
 *   apply intents in agent order → move one tile → derive object states →
 *   commit the step's delta (and the mind's writes) in one transaction.
 * Everything is a function of (state, inputs, seeded rng, mind answers): no wall clock.
 */
import type { TownMap } from '../world/types';
import { GameClock } from './clock';
import { applyIntents } from './intents';
import { moveAgents } from './movement';
import type { Mind, MindStepContext, Navigator, SimulationLog } from './ports';
import { RngSource } from './rng';
import { diffState } from './stateDiff';
import type { AgentState, SimInput, SimState, StepDelta, WorldEvent } from './types';

/** One game hour at the default 10 s per step. */
export const DEFAULT_SNAPSHOT_EVERY_STEPS = 360;
/** Injected events stay perceivable for 30 game minutes unless told otherwise. */
export const DEFAULT_EVENT_DURATION_STEPS = 180;
/** Announcements last 12 game hours, so those asleep when it is made hear it on waking. */
export const DEFAULT_ANNOUNCEMENT_DURATION_STEPS = 4320;

export interface SimulationOptions {
  map: TownMap;
  clock: GameClock;
  seed: number;
  mind: Mind;
  navigator: Navigator;
  /** Starting (or resumed) state. */
  state: SimState;
  log?: SimulationLog;
  snapshotEverySteps?: number;
}

export type StepListener = (delta: StepDelta, state: Readonly<SimState>) => void;

export class Simulation {
  readonly map: TownMap;
  readonly clock: GameClock;
  readonly seed: number;
  readonly mind: Mind;
  readonly rng: RngSource;
  private readonly navigator: Navigator;
  private readonly log?: SimulationLog;
  private readonly snapshotEvery: number;
  private _state: SimState;
  private queued: SimInput[] = [];
  /** Inputs to apply at a given step (a resume re-applies the inputs the file recorded after its snapshot). */
  private readonly atStep = new Map<number, SimInput[]>();
  private listeners = new Set<StepListener>();
  private running: Promise<StepDelta> | null = null;

  constructor(options: SimulationOptions) {
    this.map = options.map;
    this.clock = options.clock;
    this.seed = options.seed;
    this.mind = options.mind;
    this.navigator = options.navigator;
    this.log = options.log;
    this.snapshotEvery = options.snapshotEverySteps ?? DEFAULT_SNAPSHOT_EVERY_STEPS;
    this._state = options.state;
    this.rng = new RngSource(options.seed);
  }

  get state(): Readonly<SimState> {
    return this._state;
  }

  /** Game time (UTC ms) at the start of the next step. */
  get time(): number {
    return this.clock.timeAt(this._state.step);
  }

  /** Queues an input for the start of the next step. */
  enqueue(input: SimInput): void {
    this.queued.push(input);
  }

  /**
   * Queues an input for the start of a given step (not before the next one). Resume uses it to
   * apply the inputs recorded after the snapshot at exactly the steps they were applied before.
   */
  enqueueAt(step: number, input: SimInput): void {
    if (step <= this._state.step) return this.enqueue(input);
    const list = this.atStep.get(step) ?? [];
    list.push(input);
    this.atStep.set(step, list);
  }

  /**
   * Takes back a queued input that has not been applied yet and would make the event `id`
   * (an inject cancelled at once); true when there was one.
   */
  unqueue(id: string): boolean {
    const lists = [this.queued, ...this.atStep.values()];
    for (const list of lists) {
      const i = list.findIndex((input) => 'id' in input && input.id === id);
      if (i >= 0) {
        list.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  /** Inputs waiting for the next step. */
  get pendingInputs(): readonly SimInput[] {
    return [...(this.atStep.get(this._state.step) ?? []), ...this.queued];
  }

  onStep(listener: StepListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Advances one step. Calls are serialised: a second call waits for the first. */
  async step(): Promise<StepDelta> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.advance();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  /** Writes a full snapshot now (at the end of a run, say). */
  snapshot(): void {
    this.log?.writeSnapshot(this._state.step, this._state, this.mind.snapshot());
  }

  private async advance(): Promise<StepDelta> {
    const before = this._state;
    const step = before.step;
    const time = this.clock.timeAt(step);
    // Work on a copy so a failing mind leaves the state untouched.
    const next = draftOf(before);

    // Conversations that ended on the previous step are handed to the mind once, then dropped.
    const endedConversations = next.conversations.filter((c) => c.endedStep !== undefined);
    next.conversations = next.conversations.filter((c) => c.endedStep === undefined);
    next.events = next.events.filter((e) => e.expiresStep >= step);

    const inputs = [...(this.atStep.get(step) ?? []), ...this.queued];
    this.atStep.delete(step);
    this.queued = [];
    const newEvents = applyInputs(next, inputs, step, this.map.world);

    const ctx: MindStepContext = {
      step,
      time,
      clock: this.clock,
      map: this.map,
      state: next,
      inputs,
      endedConversations,
      rng: (name) => this.rng.stream(name, step),
    };
    const intents = await this.mind.decide(ctx);

    const talk = applyIntents(next, intents, step, this.navigator);
    moveAgents(next, this.navigator);
    next.objects = deriveObjectStates(next, this.map, step);

    const delta: StepDelta = {
      step,
      time: this.clock.timeAt(step + 1),
      ...diffState(before.agents, next.agents, before.objects, next.objects, (a) => this.map.objects.get(a)?.idleState ?? 'idle'),
    };
    if (talk.chats.length) delta.chats = talk.chats;
    if (talk.started.length) delta.conversationsStarted = talk.started;
    if (talk.ended.length) delta.conversationsEnded = talk.ended;
    if (newEvents.length) delta.events = newEvents;
    if (inputs.length) delta.inputs = inputs;

    next.step = step + 1;
    this.log?.commitStep(delta, this.mind.commit ? () => this.mind.commit!(step) : undefined);
    this._state = next;
    if (this.log && next.step % this.snapshotEvery === 0) this.snapshot();
    for (const listener of this.listeners) listener(delta, next);
    return delta;
  }
}

/**
 * The copy a step edits. The engine replaces an agent's tile, path and action instead of editing
 * them, and leaves chat lines and events as they are, so copying the agents, the conversations
 * (with their line lists) and the lists is enough to leave `state` untouched, at a fraction of
 * the cost of a deep copy every step.
 */
function draftOf(state: SimState): SimState {
  return {
    ...state,
    agents: state.agents.map((a) => ({ ...a })),
    conversations: state.conversations.map((c) => ({ ...c, lines: [...c.lines] })),
    events: [...state.events],
  };
}

/**
 * Adds injected events (local, object states, announcements) to the world and removes cancelled
 * scheduled ones; whispers and remembered interviews are left for the mind (it reads ctx.inputs). An event with a later
 * `atStep` waits in `state.events` (perception and object states skip it until it starts).
 */
function applyInputs(state: SimState, inputs: readonly SimInput[], step: number, world: string): WorldEvent[] {
  const added: WorldEvent[] = [];
  inputs.forEach((input, i) => {
    if (input.kind === 'whisper' || input.kind === 'remember') return;
    if (input.kind === 'cancel') {
      // Only an event that has not started can be cancelled; a started one runs its course.
      state.events = state.events.filter((e) => !(e.id === input.eventId && e.step > step));
      return;
    }
    const start = Math.max(step, input.atStep ?? step);
    const base = { id: input.id ?? `e${step}.${i}`, step: start, source: 'injected' as const };
    let event: WorldEvent;
    if (input.kind === 'event') {
      event = { ...base, address: input.address, description: input.description, expiresStep: start + (input.durationSteps ?? DEFAULT_EVENT_DURATION_STEPS) };
      if (input.radiusTiles !== undefined) event.radiusTiles = input.radiusTiles;
    } else if (input.kind === 'objectState') {
      const name = input.address.split(':').pop() ?? input.address;
      event = { ...base, address: input.address, description: `${name} is ${input.state}`, objectState: input.state, expiresStep: start + (input.durationSteps ?? DEFAULT_EVENT_DURATION_STEPS) };
    } else {
      event = { ...base, address: world, description: input.text, townWide: true, expiresStep: start + (input.durationSteps ?? DEFAULT_ANNOUNCEMENT_DURATION_STEPS) };
    }
    state.events.push(event);
    added.push(event);
  });
  return added;
}

/**
 * Object states follow from who uses what: an object is in the state of the action of the
 * agent standing at it (first agent in id order wins), otherwise idle (absent from the record);
 * an active injected object state overrides both.
 */
function deriveObjectStates(state: SimState, map: TownMap, step: number): Record<string, string> {
  const objects: Record<string, string> = {};
  // An injected object state (the stove is on fire) wins over whoever uses the object.
  for (const event of state.events) {
    if (event.objectState !== undefined && event.step <= step && objects[event.address] === undefined) objects[event.address] = event.objectState;
  }
  for (const agent of state.agents) {
    const { action } = agent;
    if (!action.objectState || agent.path.length > 0 || objects[action.address] !== undefined) continue;
    const node = map.objects.get(action.address);
    if (node && node.useTile.x === agent.tile.x && node.useTile.y === agent.tile.y) objects[action.address] = action.objectState;
  }
  return objects;
}

/** The agents of a fresh simulation, in id order. */
export function initialState(agents: Omit<AgentState, 'path' | 'conversationId' | 'facing'>[]): SimState {
  return {
    step: 0,
    agents: [...agents]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((a) => ({ ...a, facing: 'down', path: [], conversationId: null })),
    objects: {},
    conversations: [],
    events: [],
  };
}

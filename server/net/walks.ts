/**
 * The walks of a replay: what the inspector's "on the way (N tiles to go)" needs and the step log
 * does not carry. The log stores where everyone is after each step, not the path they follow;
 * the engine's paths are A* on the map and deterministic, so a replay recomputes each one where
 * the engine computed it and then follows the tiles the log says were walked. Used alike by
 * `hamlet replay` (replay.ts applyStepDelta) and the static site's page (WalkWorld, over a
 * chunk), with the engine's own navigator (server/engine/navigator.ts over the run's map), so
 * both say what the live page said at that step.
 *
 * What the engine does (intents.ts, movement.ts), and how the log shows it:
 *  - A new action plans a walk from the agent's tile before the step's move: to the action's
 *    place (`planWalk`: navigator.tileFor(address); none when unknown, unreachable or there
 *    already). The log shows the new action (description, address, emoji) in the delta.
 *  - An action with `targetAgent` (the generative mind's opener of a conversation, which walks to
 *    meet the other) plans a path to the other's tile less its last tile, none when they stand
 *    within one tile, and plans it again whenever it has run out. The log has no `targetAgent`:
 *    the opener is the conversation's first participant and its action reads "talking with"
 *    the other (talkWords.ts), so that is how a meeting walk is told here. The other stands still
 *    from the step the conversation starts (people in a conversation do not walk unless they walk
 *    to meet), so the path planned then is the path walked.
 *  - Each step moves a walking agent one tile along its path, unless asleep or in a
 *    conversation (without a meeting walk); nothing else changes a path (agents do not block
 *    each other; a path never holds a blocked tile).
 *
 * Never a wrong number: every step, what the engine would have done with the path followed here
 * (move to its first tile, or stand) is checked against where the log says the agent went; any
 * difference and the walk is unknown from then on (an empty path: the inspector says "since
 * 14:05", not a number) until the next action. That covers what the log cannot show, each
 * documented in tests/integration/net/replayWalks.test.ts:
 *  - an action given again unchanged (same description, place and emoji: no delta) plans the walk
 *    again from where the agent is: to the same place, so the same length, but A* may choose
 *    other tiles — when the agent leaves the path followed here, the walk is unknown;
 *  - a conversation that ended while its opener was still walking to meet the other: from the
 *    step after, the mind may give the talk action again unseen (a walk to its place now), so
 *    unless a new action shows, the rest of that walk is unknown;
 *  - a conversation the engine refused (the other fell asleep that very step): the opener walks
 *    to meet someone it is not talking with, which the log cannot tell from a walk to its place,
 *    so that walk is unknown;
 *  - the walks under way where a replay starts (a snapshot, a static site's chunk) are taken as
 *    stored there (a snapshot holds the engine's paths; a chunk, the replay's).
 *
 * Free of Node and of the database: the static site's page imports this module.
 */
import type { AgentId, ConversationId } from '../engine/ids';
import type { Navigator } from '../engine/ports';
import type { AgentAction, StepDelta } from '../engine/types';
import { talkingWith } from '../mind/generative/talkWords';

type Tile = { x: number; y: number };

/** What a replay plans walks with: the engine's navigator over the run's map (null: no map, so walks begun in the replay are unknown). */
export type WalkNavigator = Pick<Navigator, 'tileFor' | 'path' | 'walkable'>;

/** An agent as following walks needs it before a step (an engine AgentState is one). */
export interface Walker {
  id: AgentId;
  name: string;
  tile: Tile;
  sleeping: boolean;
  conversationId: ConversationId | null;
  /** `targetAgent`: whom it was walking to meet after the step before (as followWalks said, or as a snapshot stored it). */
  action: Pick<AgentAction, 'description' | 'address' | 'startStep' | 'targetAgent'>;
  /** The rest of its walk, next tile first, as far as known ([] when it is not walking or the walk is unknown). */
  path: readonly Tile[];
}

/** An agent's walk after a step: when its action began, the rest of its path, and whom it walks to meet. */
export interface Motion {
  startStep: number;
  path: Tile[];
  targetAgent?: AgentId;
}

/**
 * Every agent's walk after `delta`'s step, from the agents and conversations before it (as the
 * log rebuilt them) and the delta: the engine's path planned again where the engine planned it,
 * then the step's move followed (see the module comment). Pure: reads its arguments only.
 */
export function followWalks(
  agents: readonly Walker[],
  conversations: readonly { id: ConversationId; participants: readonly [AgentId, AgentId] }[],
  delta: StepDelta,
  navigator: WalkNavigator | null,
): Map<AgentId, Motion> {
  const byId = new Map(agents.map((a) => [a.id, a]));
  const deltas = new Map((delta.agents ?? []).map((d) => [d.id, d]));
  const participants = new Map<ConversationId, readonly [AgentId, AgentId]>(conversations.map((c) => [c.id, c.participants]));
  for (const c of delta.conversationsStarted ?? []) participants.set(c.id, c.participants);
  const ended = new Set(delta.conversationsEnded ?? []);
  const openers = new Set((delta.conversationsStarted ?? []).map((c) => c.participants[0]));
  // "talking with" each one who fell asleep this step → who that is.
  const talksWithSleepers = new Map(agents.filter((o) => deltas.get(o.id)?.sleeping === true).map((o) => [talkingWith(o.name), o.id]));
  const motions = new Map<AgentId, Motion>();
  for (const agent of agents) {
    const d = deltas.get(agent.id);
    // As the engine has them after the intents, before the move.
    const description = d?.action?.description ?? agent.action.description;
    const address = d?.action?.address ?? agent.action.address;
    const sleeping = d?.sleeping ?? agent.sleeping;
    const conversationId = d?.conversationId !== undefined ? d.conversationId : agent.conversationId;
    // The conversation it is in during the step: the one it is in after the intents, or the one that ended in them.
    const talk = conversationId ?? (agent.conversationId !== null && ended.has(agent.conversationId) ? agent.conversationId : null);
    const pair = talk !== null ? participants.get(talk) : undefined;
    const other = pair && pair[0] === agent.id ? byId.get(pair[1]) : undefined;
    const meeting = other && description === talkingWith(other.name) ? other : undefined;

    // A new action plans its walk; so does opening a conversation (the opener's talk action is
    // given then, seen or not); a meeting walk that has run out is planned again.
    const fresh = d?.action !== undefined || (meeting !== undefined && openers.has(agent.id));
    let path: Tile[];
    if (fresh || (meeting && agent.path.length === 0)) path = planWalk(agent.tile, meeting?.tile ?? null, address, navigator);
    // A meeting walk whose conversation is over: the mind may give the action again unseen (a walk to its place).
    else if (agent.action.targetAgent !== undefined && !meeting) path = [];
    else path = [...agent.path];
    // A conversation refused because the other fell asleep this step: the opener walks to meet them all the same.
    const sleeper = conversationId === null ? talksWithSleepers.get(description) : undefined;
    if (sleeper !== undefined && sleeper !== agent.id) path = [];

    // The move: one tile along the path unless asleep or talking (a meeting walk goes on talking).
    const tile = { x: d?.x ?? agent.tile.x, y: d?.y ?? agent.tile.y };
    const moved = tile.x !== agent.tile.x || tile.y !== agent.tile.y;
    const walks = !sleeping && path.length > 0 && !(conversationId !== null && !meeting);
    if (walks && navigator && !navigator.walkable(path[0])) path = []; // the engine drops a path into a wall (and stands)
    else if (walks) path = moved && path[0].x === tile.x && path[0].y === tile.y ? path.slice(1) : [];
    else if (moved) path = [];

    motions.set(agent.id, { startStep: fresh ? delta.step : agent.action.startStep, path, ...(meeting ? { targetAgent: meeting.id } : {}) });
  }
  return motions;
}

/** The engine's planWalk (intents.ts) from `from`: next to `meet` when given, else to the place at `address`. */
function planWalk(from: Tile, meet: Tile | null, address: string, navigator: WalkNavigator | null): Tile[] {
  if (!navigator) return [];
  const goal = meet ?? navigator.tileFor(address);
  if (!goal) return [];
  if (meet && Math.abs(meet.x - from.x) + Math.abs(meet.y - from.y) <= 1) return [];
  if (goal.x === from.x && goal.y === from.y) return [];
  const path = navigator.path(from, goal);
  if (!path) return [];
  return (meet ? path.slice(0, -1) : path).map((t) => ({ x: t.x, y: t.y }));
}

/**
 * The agents and conversations of a static site's chunk carried through its step messages, with
 * their walks (followWalks): what the page's inspector reads for "since 14:05" or "on the way (N
 * tiles to go)". `hamlet replay` keeps the same in its SimState (replay.ts applyStepDelta).
 */
export class WalkWorld {
  readonly agents: Walker[];
  private conversations: { id: ConversationId; participants: readonly [AgentId, AgentId] }[];
  /** The next step to apply. */
  step: number;

  constructor(
    start: {
      step: number;
      agents: readonly { id: AgentId; name: string; x: number; y: number; sleeping: boolean; conversationId: ConversationId | null; action: { description: string; address: string } }[];
      conversations: readonly { id: ConversationId; participants: readonly [AgentId, AgentId] }[];
      /** Per agent: when its action began, the rest of its walk and whom it walks to meet (a chunk's `motion`). */
      motion?: Record<string, { startStep: number; path: readonly Tile[]; targetAgent?: string }>;
    },
    private readonly navigator: WalkNavigator | null,
  ) {
    this.step = start.step;
    this.agents = start.agents.map((a) => {
      const motion = start.motion?.[a.id];
      return {
        id: a.id,
        name: a.name,
        tile: { x: a.x, y: a.y },
        sleeping: a.sleeping,
        conversationId: a.conversationId,
        action: { description: a.action.description, address: a.action.address, startStep: motion?.startStep ?? start.step, ...(motion?.targetAgent ? { targetAgent: motion.targetAgent as AgentId } : {}) },
        path: (motion?.path ?? []).map((t) => ({ x: t.x, y: t.y })),
      };
    });
    this.conversations = start.conversations.map((c) => ({ id: c.id, participants: c.participants }));
  }

  /** Applies one step message (the next step's). */
  apply(delta: StepDelta): void {
    const motions = followWalks(this.agents, this.conversations, delta, this.navigator);
    const byId = new Map(this.agents.map((a) => [a.id, a]));
    for (const d of delta.agents ?? []) {
      const agent = byId.get(d.id);
      if (!agent) continue;
      if (d.x !== undefined || d.y !== undefined) agent.tile = { x: d.x ?? agent.tile.x, y: d.y ?? agent.tile.y };
      if (d.action !== undefined) agent.action = { ...agent.action, description: d.action.description, address: d.action.address };
      if (d.sleeping !== undefined) agent.sleeping = d.sleeping;
      if (d.conversationId !== undefined) agent.conversationId = d.conversationId;
    }
    for (const agent of this.agents) {
      const motion = motions.get(agent.id)!;
      agent.action = { description: agent.action.description, address: agent.action.address, startStep: motion.startStep, ...(motion.targetAgent ? { targetAgent: motion.targetAgent } : {}) };
      agent.path = motion.path;
    }
    for (const c of delta.conversationsStarted ?? []) this.conversations.push({ id: c.id, participants: c.participants });
    if (delta.conversationsEnded?.length) {
      const ended = new Set(delta.conversationsEnded);
      this.conversations = this.conversations.filter((c) => !ended.has(c.id));
    }
    this.step = delta.step + 1;
  }

  agent(id: string): Walker | undefined {
    return this.agents.find((a) => a.id === id);
  }
}

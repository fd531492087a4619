/**
 * The wire contract between a Hamlet server and its clients (the web page, bots, tools).
 * Server and client both import this module; it holds types and a few constants only, so the
 * client bundle pulls in nothing from the server.
 *
 * Flow: connect (optionally with `auth: { token }`) → the server sends `snapshot` → then one
 * `step` per simulation step (only what changed) and a `status` whenever pause/speed change,
 * and every few seconds while a slow step is being computed (see RunStatus.thinking); with a
 * model-driven mind, a `health` after each step that changed how its answers are doing.
 * Requests are `socket.emit(event, payload, ack)`; every ack is `{ ok: true, … } | { ok: false, error }`.
 */
import type { AgentInsight, MindHealth } from '../engine/ports';
import type { LiveExperiment } from '../experiments/live';
import type { AgentAction, AgentId, ChatLine, ConversationId, Facing, StepDelta, WorldEvent } from '../engine/types';

/** Bumped when a message changes shape incompatibly; sent in every snapshot. */
export const PROTOCOL_VERSION = 1;

/** Viewers watch and inspect; controllers (holding the token) also pause, resume and set speed. */
export type Role = 'viewer' | 'controller';

/** Every request's answer. `error` is a short message safe to show to a user. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };
export type AckCallback<T extends object = object> = (response: Ack<T>) => void;

/** Speed bounds in steps per (real) second; the server rejects anything outside. */
export const MIN_STEPS_PER_SECOND = 0.1;
export const MAX_STEPS_PER_SECOND = 100;

/** Facts about the simulation that do not change while it runs. */
export interface SimInfo {
  /** The world's name (map property `world`). */
  world: string;
  /** What drives the agents: a model name, or "rule-based (no language model)". */
  mind: string;
  mindKind: 'rule-based' | 'generative';
  seed: number;
  /** Game seconds per step (10 by default). */
  secondsPerStep: number;
  /** Game time (UTC ms) at step 0. */
  startTime: number;
}

/** How the run is going; sent in the snapshot and as the `status` broadcast. */
export interface RunStatus {
  paused: boolean;
  /** Target steps per real second. */
  speed: number;
  /** The next step to run (= steps done so far). */
  step: number;
  /** Game time (UTC ms) at the start of `step`. */
  time: number;
  /**
   * Present only while step `step` has been computing for over a second (a slow model): the
   * `status` broadcast then repeats every few seconds, and once more without it when the step
   * has landed (right after its `step` message). Clients that ignore it lose nothing.
   */
  thinking?: StepThinking;
  /**
   * Present only while the town is paused because a step failed: one line saying why and what to
   * do ("disk full while saving step 812 to data/day.db: free space and press Resume"). Resume clears it.
   */
  pausedReason?: string;
}

/** A slow step under way (RunStatus.thinking). */
export interface StepThinking {
  /** Real milliseconds the step has been computing so far. */
  forMs: number;
  /** Model calls running or queued now; absent when the mind calls no model. */
  pendingCalls?: number;
  /** Model calls answered since the step began; absent when the mind calls no model. */
  doneCalls?: number;
}

/** A tile layer to draw, in drawing order; `collision` is never listed. */
export interface MapLayerView {
  name: string;
  /** Drawn above the characters. */
  above: boolean;
  visible: boolean;
}

/** Where the client fetches the map and its art (URLs relative to the page). */
export interface MapAssets {
  /** Tiled JSON map (tilesets embedded). */
  url: string;
  width: number;
  height: number;
  tileWidth: number;
  tileHeight: number;
  layers: MapLayerView[];
  /** One entry per tileset in the map, by its Tiled name; `url: null` when the image is missing (draw fallback tiles). */
  tilesets: { name: string; url: string | null }[];
  /** Character sheet: one character per row; columns down 0-2, left 3-5, right 6-8, up 9-11. `url: null` when missing. */
  characters: { url: string | null; frameWidth: number; frameHeight: number; columns: number };
}

/** What an agent is doing, as viewers see it. */
export interface ActionView {
  description: string;
  /** `world:sector:arena:object` (or a prefix). */
  address: string;
  emoji: string;
}

/** An agent as drawn on the map; `step` messages update these fields (see AgentDelta). */
export interface AgentView {
  id: AgentId;
  name: string;
  /** Row in the character sheet. */
  sprite: number;
  x: number;
  y: number;
  facing: Facing;
  action: ActionView;
  sleeping: boolean;
  conversationId: ConversationId | null;
}

export interface ConversationView {
  id: ConversationId;
  participants: [AgentId, AgentId];
  lines: ChatLine[];
}

/** Everything a client needs to draw the town now; sent on connect and on `resync`. */
export interface Snapshot {
  protocol: number;
  /** This connection's role. */
  role: Role;
  sim: SimInfo;
  status: RunStatus;
  map: MapAssets;
  /** Agents in id order. */
  agents: AgentView[];
  /** Object states that differ from idle, by object address. */
  objects: Record<string, string>;
  /** Conversations under way, with their lines so far. */
  conversations: ConversationView[];
  /** World events that are still perceivable (injected ones, say). */
  events: WorldEvent[];
  /**
   * How usable the model's answers are (per task, over the run and the last game hour) and the
   * alert raised when fail-safes dominate; absent for a mind that calls no model (rule-based).
   * Kept current by `health` messages.
   */
  health?: MindHealth;
  /**
   * Present only when the server plays back a stored run (`hamlet replay`): the steps it can show
   * (`status.step` values; `lastStep` = after every stored step). Steps then come from the file,
   * and a controller may `seek` anywhere between them.
   */
  replay?: ReplayInfo;
}

/**
 * Something worth finding on a replay's timeline (the `timeline` request): a conversation that
 * began, an injected event that began (announcements and object states included) or an input
 * such as a whisper, at the step it happened; and, from the stored memories and the plan log, a
 * reflection (thoughts drawn from other memories) and a plan change (a new day plan, or a reaction
 * re-planning the rest of a piece) at the step that made it.
 */
export interface ReplayMarker {
  step: number;
  kind: 'conversation' | 'event' | 'whisper' | 'input' | 'reflection' | 'plan';
  /** One line: "Ada Ash talks with Ben Ash", "a party starts", "whisper to Ada Ash: …". */
  label: string;
}

/** A stored run of the data folder, as `hamlet start`'s page lists them (GET /runs.json). */
export interface RunSummary {
  /** The file's name without ".db"; what POST /runs/open takes. */
  name: string;
  file: string;
  bytes: number;
  /** Last modified, ms since 1970. */
  modified: number;
  world?: string;
  agents?: number;
  steps?: number;
  /** Game time span (UTC ms). */
  startTime?: number;
  endTime?: number;
  mind?: string;
  /** Set when the file is not a readable Hamlet run: why. */
  error?: string;
}

/** What a replay served without a way to fork says (in ReplayInfo.fork; the fork request is refused the same way). */
export const FORK_UNAVAILABLE = 'Fork from here needs a replay served by "hamlet replay <db>" (or use "hamlet fork <db> --at STEP --db new.db")';

/** The span of a replayed run (Snapshot.replay). */
export interface ReplayInfo {
  firstStep: number;
  lastStep: number;
  /**
   * Why interviews of the past are not available in this replay (no language model given to
   * `hamlet replay`, or a rule-based run); absent when they are (ask as in live: the agent
   * answers as it was at the step shown).
   */
  interviews?: string;
  /** Why "Fork from here" is not available here (a static copy of the run); absent when the server forks. */
  fork?: string;
}

/**
 * One per step, with only what changed (the engine's StepDelta, stored as-is in the step log):
 * `agents[]` carry `id` plus only the changed fields among x, y, facing, action, sleeping,
 * conversationId; `chats` are the lines said this step; `objects` the object states that changed
 * (back to idle included); `events` the world events that began; `time` the game time at the
 * end of the step. Apply them in order on top of the snapshot (ignore any with `step < snapshot.status.step`).
 */
export type StepMessage = StepDelta;

/** An agent's full current state for the inspector. */
export interface AgentDetail extends AgentView {
  /** The action with its timing and event triple. */
  action: ActionView & Pick<AgentAction, 'startStep' | 'durationSteps' | 'event' | 'objectState'>;
  /** The action's place in words: "Corner Cafe › cafe floor › table". */
  place: string;
  /** Tiles left to walk (0 when there). */
  pathLength: number;
  /** Where the walk ends, when walking. */
  destination: { x: number; y: number } | null;
}

/** The `inspect` answer: the agent now plus what its mind shows (null when the mind has nothing). */
export interface Inspection {
  step: number;
  time: number;
  agent: AgentDetail;
  insight: AgentInsight | null;
}

export type { AgentInsight, MindHealth };
export type { FailureKind, HealthAlert, HealthCounts, HealthWindow } from '../engine/ports';

// ---- Requests (client → server). Payloads are validated; unknown keys are rejected. ----

export type EmptyPayload = Record<string, never>;
export interface SetSpeedPayload {
  stepsPerSecond: number;
}
export interface InspectPayload {
  agentId: AgentId;
}
export interface ClaimControlPayload {
  token: string;
}
export interface ForkPayload {
  /** The fork's first own step (a replay's current step, for "Fork from here"). */
  step: number;
}
/** What "Fork from here" made: the new file and where its live town is served. */
export interface ForkMade {
  /** The fork's simulation file, next to the replayed one. */
  db: string;
  step: number;
  /** The live fork's page; the controller link carries the same token after `#token=`. */
  url: string;
}
export interface SeekPayload {
  /** The step to show next (status.step after the seek); clamped to the replay's span. */
  step: number;
}

// Payloads of the requests that act on the town: inferred from their zod schemas (one definition).
import type { CancelInputPayload, InjectPayload, InterviewPayload, WhisperPayload } from './requests/schemas';
import type { InterviewMessage, InterviewResult } from './requests/interviewDesk';
export type { CancelInputPayload, InjectPayload, InterviewPayload, WhisperPayload, InterviewMessage, InterviewResult };
export type { InterviewMemory } from './requests/interviewDesk';
import type { SimInput } from '../engine/types';

export interface ServerToClientEvents {
  /** Full state: on connect, and whenever the server asks the client to start over. */
  snapshot: (snapshot: Snapshot) => void;
  /** One per step, in step order. */
  step: (delta: StepMessage) => void;
  /** Pause, resume or speed changed (any controller's request); or a slow step's progress (`thinking`). */
  status: (status: RunStatus) => void;
  /** The mind's model health, after a step that changed it (only minds that call a model; see Snapshot.health). */
  health: (health: MindHealth) => void;
  /** To the asker only, while its interview runs: queued → thinking (memories) → text pieces → done. */
  interview: (message: InterviewMessage) => void;
  /** Replays only: the stored run has grown (another process is still writing it); the timeline extends to the new span. */
  replaySpan: (span: ReplayInfo) => void;
}

export interface ClientToServerEvents {
  /** Controller: stop stepping; the ack comes after the step under way (if any) has been sent. */
  pause: (payload: EmptyPayload, ack: AckCallback<{ status: RunStatus }>) => void;
  /** Controller: continue stepping. */
  resume: (payload: EmptyPayload, ack: AckCallback<{ status: RunStatus }>) => void;
  /** Controller: steps per real second, MIN_STEPS_PER_SECOND … MAX_STEPS_PER_SECOND. */
  setSpeed: (payload: SetSpeedPayload, ack: AckCallback<{ status: RunStatus }>) => void;
  /** Controller, while paused: run exactly one step. */
  stepOnce: (payload: EmptyPayload, ack: AckCallback<{ status: RunStatus }>) => void;
  /** Anyone: an agent's current state and inner life for the inspector. */
  inspect: (payload: InspectPayload, ack: AckCallback<{ inspection: Inspection }>) => void;
  /** Anyone: a fresh snapshot (after missing messages, say). */
  resync: (payload: EmptyPayload, ack: AckCallback<{ snapshot: Snapshot }>) => void;
  /** Anyone: become a controller by presenting the token. */
  claimControl: (payload: ClaimControlPayload, ack: AckCallback<{ role: Role }>) => void;
  /** Controller (anyone with --open-interviews): ask an agent; the answer streams as `interview` messages, the ack holds it whole. */
  interview: (payload: InterviewPayload, ack: AckCallback<{ interview: InterviewResult }>) => void;
  /** Controller: an event at a place, an object's state, or a town-wide announcement, now or at a game time. */
  inject: (payload: InjectPayload, ack: AckCallback<{ id: string; input: SimInput; startsAtStep: number }>) => void;
  /** Controller: an inner-voice line to one agent (needs a language model). */
  whisper: (payload: WhisperPayload, ack: AckCallback<{ input: SimInput; step: number }>) => void;
  /** Controller: cancel an injected event that has not started. */
  cancelInput: (payload: CancelInputPayload, ack: AckCallback<{ id: string; cancelled: string }>) => void;
  /** Controller, replays only: jump to a step; everyone gets a fresh `snapshot`, the ack holds the asker's. */
  seek: (payload: SeekPayload, ack: AckCallback<{ snapshot: Snapshot }>) => void;
  /** Anyone, replays only: the markers of the whole run (conversations, events, whispers), in step order. */
  timeline: (payload: EmptyPayload, ack: AckCallback<{ markers: ReplayMarker[] }>) => void;
  /** Controller, replays only: fork the run at a step (`hamlet fork`) and serve the fork live; the page goes there. */
  fork: (payload: ForkPayload, ack: AckCallback<{ fork: ForkMade }>) => void;
  /** Anyone: the experiment panel's figures up to the step shown (diffusion, network, attendance, cost), from the file. */
  experiment: (payload: EmptyPayload, ack: AckCallback<{ experiment: LiveExperiment }>) => void;
}

/** Names of the requests that need the controller role. */
export const CONTROLLER_REQUESTS = ['pause', 'resume', 'setSpeed', 'stepOnce', 'inject', 'whisper', 'cancelInput', 'seek', 'fork'] as const satisfies readonly (keyof ClientToServerEvents)[];

/** Data sent in the socket.io handshake: `io(url, { auth: { token } })`. */
export interface HandshakeAuth {
  token?: string;
}

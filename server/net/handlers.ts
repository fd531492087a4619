/**
 * Socket handlers: every request is rate-limited, validated, checked against the connection's
 * role and only then handed to the runner or the simulation. Failures answer `{ ok: false, error }`.
 */
import type { Server, Socket } from 'socket.io';
import type { AgentInsight } from '../engine/ports';
import { CONTROLLER_REQUESTS, FORK_UNAVAILABLE, type Ack, type ForkMade, type ClientToServerEvents, type Inspection, type Role, type ServerToClientEvents, type Snapshot } from './protocol';
import { TokenBucket, type RateLimitOptions } from './rateLimit';
import type { TokenGuard } from './tokenGuard';
import type { SimulationRunner } from './runner';
import { parseRequest, requestSchemas, type RequestName, type RequestPayload } from './validation';
import { agentDetail } from './views';
import { attachActHandlers, type ActDesk } from './requests/handlers';
import type { ServedTown } from './server';
import type { ReplaySource } from './replay';
import { agentIdOf } from './requests/inputs';
import type { InterviewDesk } from './requests/interviewDesk';
import type { InterviewPayload } from './requests/schemas';
import type { LiveExperiment } from '../experiments/live';

export interface SocketData {
  role: Role;
}

export type HamletIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type HamletSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface HandlerDeps {
  sim: ServedTown;
  runner: SimulationRunner;
  /** Checks controller tokens (handshake and claimControl), limiting wrong guesses per client address. */
  tokenGuard: TokenGuard;
  snapshot(role: Role): Snapshot;
  rateLimit: RateLimitOptions;
  /** Clock for the rate limiter (ms). */
  now?: () => number;
  log?: (message: string, err?: unknown) => void;
  /** Interviews, injected events and whispers (absent: those requests are refused). */
  act?: ActDesk;
  /** Set when the server plays back a stored run: `seek` moves it. */
  replay?: ReplaySource;
  /** Replays: makes a fork at a step and serves it live (`hamlet replay` gives it); absent: `fork` is refused. */
  fork?: (step: number) => Promise<ForkMade>;
  /** Replays: interviews of the past (desk null: `unavailable` says why); `open` lets viewers ask too. */
  pastInterviews?: { desk: InterviewDesk | null; unavailable: string; open: boolean };
  /** The experiment panel's figures (absent: the request is refused). */
  experiment?: { read(): LiveExperiment };
}

type Reply = (response: Ack<object>) => void;

/** A user-facing refusal (the message is shown as-is). */
class RequestError extends Error {}

const controllerOnly = new Set<string>(CONTROLLER_REQUESTS);

function takeAck(args: unknown[]): Reply | null {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (args.pop() as Reply) : null;
}

export function attachHandlers(io: HamletIo, deps: HandlerDeps): void {
  const log = deps.log ?? ((message, err) => console.error(`hamlet: ${message}`, err ?? ''));

  io.on('connection', (socket) => {
    const address = socket.handshake.address;
    const presented = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    // A handshake without a token is no guess; one with a token counts like claimControl.
    socket.data.role = presented !== undefined && presented !== null && presented !== '' && deps.tokenGuard.check(address, presented).ok ? 'controller' : 'viewer';
    const bucket = new TokenBucket(deps.rateLimit, deps.now);

    // Runs before any handler, for every inbound event: rate limit, then unknown names.
    socket.use((packet, next) => {
      const [event, ...args] = packet;
      const ack = takeAck(args);
      if (!bucket.take()) {
        ack?.({ ok: false, error: `rate limited: at most ${deps.rateLimit.perSecond} requests per second` });
        return;
      }
      // Own keys only: `in` would also find toString, __proto__, constructor… which have no handler.
      if (typeof event !== 'string' || !Object.hasOwn(requestSchemas, event)) {
        ack?.({ ok: false, error: `unknown request "${String(event)}"` });
        return;
      }
      next();
    });

    const handle = <K extends RequestName>(name: K, run: (payload: RequestPayload<K>) => unknown) => {
      socket.on(name as never, (async (...args: unknown[]) => {
        const ack = takeAck(args);
        if (!ack) return; // Requests without an ack cannot be answered; ignore them.
        if (args.length > 1) return ack({ ok: false, error: `${name} takes one payload object` });
        const parsed = parseRequest(name, args[0]);
        if (!parsed.ok) return ack({ ok: false, error: parsed.error });
        if (controllerOnly.has(name) && socket.data.role !== 'controller') {
          return ack({ ok: false, error: `only a controller can ${name}: open the controller link printed by "hamlet start" (or claimControl with the token)` });
        }
        try {
          const result = (await run(parsed.value as never)) as object;
          ack({ ok: true, ...result });
        } catch (err) {
          if (err instanceof RequestError || err instanceof RangeError) return ack({ ok: false, error: err.message });
          log(`${name} failed`, err);
          ack({ ok: false, error: `${name} failed on the server` });
        }
      }) as never);
    };

    handle('pause', async () => ({ status: await deps.runner.pause() }));
    handle('resume', () => ({ status: deps.runner.resume() }));
    handle('setSpeed', ({ stepsPerSecond }) => ({ status: deps.runner.setSpeed(stepsPerSecond) }));
    handle('stepOnce', async () => {
      if (!deps.runner.status.paused) throw new RequestError('pause the town first; stepOnce runs one step while paused');
      return { status: await deps.runner.stepOnce() };
    });
    handle('resync', () => ({ snapshot: deps.snapshot(socket.data.role) }));
    handle('claimControl', ({ token }) => {
      const check = deps.tokenGuard.check(address, token);
      if (!check.ok) throw new RequestError(check.error);
      socket.data.role = 'controller';
      return { role: socket.data.role };
    });
    handle('inspect', ({ agentId }) => ({ inspection: inspect(deps.sim, agentId, log) }));
    if (deps.act) attachActHandlers(socket, deps.act, handle as never);
    else {
      // A replay shows what happened; acting on it would change nothing stored (forks come later).
      // Interviews are read-only: they ask the agent as it was at the step shown.
      if (deps.pastInterviews) attachPastInterviews(socket, deps.sim, deps.pastInterviews, handle as never);
      for (const name of deps.pastInterviews ? (['inject', 'whisper', 'cancelInput'] as const) : (['interview', 'inject', 'whisper', 'cancelInput'] as const)) {
        handle(name, () => {
          throw new RequestError(`${name} is not available in a replay: it only shows the stored run`);
        });
      }
    }
    handle('timeline', () => {
      if (!deps.replay) throw new RequestError('timeline works only in a replay (hamlet replay <db>)');
      return { markers: deps.replay.markers() };
    });
    handle('experiment', () => {
      if (!deps.experiment) throw new RequestError('no experiment figures: this server has no simulation file to read them from');
      return { experiment: deps.experiment.read() };
    });
    handle('seek', ({ step }) => {
      const replay = deps.replay;
      if (!replay) throw new RequestError('seek works only in a replay (hamlet replay <db>); a live town cannot go back');
      replay.seek(step);
      // "End of the replay" no longer holds once it has moved (another end is said when it comes).
      deps.runner.clearPausedReason();
      // Everyone watches the same playback: each connection starts over from the new step.
      for (const other of io.sockets.sockets.values()) if (other.id !== socket.id) other.emit('snapshot', deps.snapshot(other.data.role));
      const snapshot = deps.snapshot(socket.data.role);
      socket.emit('snapshot', snapshot);
      return { snapshot };
    });

    handle('fork', async ({ step }) => {
      if (!deps.replay || !deps.fork) throw new RequestError(FORK_UNAVAILABLE);
      if (step < deps.replay.firstStep || step > deps.replay.lastStep) throw new RequestError(`fork: step ${step} is outside the run (steps ${deps.replay.firstStep}–${deps.replay.lastStep})`);
      try {
        return { fork: await deps.fork(step) };
      } catch (err) {
        // The reason (no model for a generative run, a record lacking an answer…) is for the person who asked.
        throw new RequestError(`fork failed: ${(err as Error).message}`);
      }
    });

    socket.emit('snapshot', deps.snapshot(socket.data.role));
  });
}

/** The `interview` request in a replay: the agent as it was at the step shown (read-only: nothing is remembered). */
function attachPastInterviews(socket: HamletSocket, sim: ServedTown, past: NonNullable<HandlerDeps['pastInterviews']>, handle: (name: 'interview', run: (payload: InterviewPayload) => unknown) => void): void {
  let asking = false;
  /** The step each agent was last asked at: a question at another step starts a new interview (earlier turns were another time). */
  const askedAt = new Map<string, number>();
  socket.on('disconnect', () => past.desk?.forget(socket.id));
  handle('interview', async ({ agent, question, fresh, remember }) => {
    if (!past.desk) throw new RequestError(past.unavailable);
    const controller = socket.data.role === 'controller';
    if (!controller && !past.open) throw new RequestError('only a controller can interview: open the controller link printed by "hamlet replay" (or claimControl with the token)');
    if (remember) throw new RequestError('a replay is read-only: an interview of the past cannot be remembered');
    const agentId = agentIdOf({ agents: sim.state.agents }, agent);
    if (asking) throw new RequestError('one question at a time: wait for the answer under way');
    asking = true;
    try {
      const interviewer = controller ? 'The town’s keeper' : 'A visitor';
      const step = sim.state.step;
      const elsewhen = askedAt.has(agentId) && askedAt.get(agentId) !== step;
      askedAt.set(agentId, step);
      const result = await past.desk.ask(socket.id, agentId, question, { fresh: fresh || elsewhen, priority: controller, interviewer }, (m) => socket.emit('interview', m));
      return { interview: result };
    } finally {
      asking = false;
    }
  });
}

function inspect(sim: ServedTown, agentId: string, log: (message: string, err?: unknown) => void): Inspection {
  const agent = sim.state.agents.find((a) => a.id === agentId);
  if (!agent) throw new RequestError(`no agent "${agentId}" in this town`);
  let insight: AgentInsight | null = null;
  try {
    insight = sim.mind.inspect(agent.id, sim.time);
  } catch (err) {
    // The inspector still shows the agent's state when the mind cannot answer.
    log(`the mind could not describe ${agentId}`, err);
  }
  return { step: sim.state.step, time: sim.time, agent: agentDetail(agent), insight };
}

/**
 * Socket handlers: every request is rate-limited, validated, checked against the connection's
 * role and only then handed to the runner or the simulation. Failures answer `{ ok: false, error }`.
 */
import type { Server, Socket } from 'socket.io';
import type { AgentInsight } from '../engine/ports';
import { CONTROLLER_REQUESTS, type Ack, type ClientToServerEvents, type Inspection, type Role, type ServerToClientEvents, type Snapshot } from './protocol';
import { TokenBucket, type RateLimitOptions } from './rateLimit';
import type { TokenGuard } from './tokenGuard';
import type { SimulationRunner } from './runner';
import { parseRequest, requestSchemas, type RequestName, type RequestPayload } from './validation';
import { agentDetail } from './views';
import type { Simulation } from '../engine/simulation';

export interface SocketData {
  role: Role;
}

export type HamletIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type HamletSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface HandlerDeps {
  sim: Simulation;
  runner: SimulationRunner;
  /** Checks controller tokens (handshake and claimControl), limiting wrong guesses per client address. */
  tokenGuard: TokenGuard;
  snapshot(role: Role): Snapshot;
  rateLimit: RateLimitOptions;
  /** Clock for the rate limiter (ms). */
  now?: () => number;
  log?: (message: string, err?: unknown) => void;
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

    socket.emit('snapshot', deps.snapshot(socket.data.role));
  });
}

function inspect(sim: Simulation, agentId: string, log: (message: string, err?: unknown) => void): Inspection {
  const agent = sim.state.agents.find((a) => a.id === agentId);
  if (!agent) throw new RequestError(`no agent "${agentId}" in this town`);
  let insight: AgentInsight | null = null;
  try {
    insight = sim.mind.inspect(agentId, sim.time);
  } catch (err) {
    // The inspector still shows the agent's state when the mind cannot answer.
    log(`the mind could not describe ${agentId}`, err);
  }
  return { step: sim.state.step, time: sim.time, agent: agentDetail(agent), insight };
}

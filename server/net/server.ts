/**
 * The app factory: one HTTP server on one port serves the page, the town's art and socket.io.
 * It receives its dependencies (a Simulation, timers, the token) so tests can start it on
 * port 0 with real clients; only `hamlet start` wires the real ones.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Simulation } from '../engine/simulation';
import { townAssets, type TownAssetOptions } from './assets';
import { attachHandlers, type HamletIo } from './handlers';
import { ActDesk } from './requests/handlers';
import { createHttpHandler, type Middleware } from './http';
import { FORK_UNAVAILABLE, PROTOCOL_VERSION, type ForkMade, type Role, type SimInfo, type Snapshot } from './protocol';
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rateLimit';
import { normalizeOrigin, originAllowed, servedOrigins } from './origins';
import { generateToken } from './roles';
import type { StepFailure } from './stepFailure';
import { DEFAULT_TOKEN_GUARD, TokenGuard, type TokenGuardOptions } from './tokenGuard';
import { SimulationRunner, type RunnerOptions } from './runner';
import type { ReplaySource } from './replay';
import { handleRunRoutes, type RunRoutes } from './runRoutes';
import type { LiveExperiment } from '../experiments/live';
import { agentView, conversationViews } from './views';
import { InterviewDesk, type Interviewee } from './requests/interviewDesk';

/** What a replay says when it was given no model for interviews. */
export const PAST_INTERVIEWS_NEED_A_MODEL =
  'interviews of the past need a language model: start "hamlet replay" with the model flags of "hamlet start" (--llm-backend local, or --llm-base-url URL / LLM_BASE_URL)';

/** Inbound socket.io messages are tiny; anything bigger is refused by the transport. */
const MAX_MESSAGE_BYTES = 16 * 1024;

/** What the server serves: a live Simulation, or a stored run played back (ReplaySource). */
export type ServedTown = Simulation | ReplaySource;

export interface HamletServerOptions {
  /** The live town; or leave it out and give `replay`. */
  sim?: Simulation;
  /** A stored run to play back instead of a live town: steps come from the file, `seek` jumps; nothing is written. */
  replay?: ReplaySource;
  /** The stored runs the page can list and open in replay (`hamlet start`; see runRoutes.ts). */
  runs?: RunRoutes;
  /** How often a replay looks for steps another process has added to its file (ms; default 1000; 0: never). */
  replayPollMs?: number;
  /** Controller token; a random one is generated when absent. */
  token?: string;
  /** Speed, initial pause, injected timers. */
  runner?: RunnerOptions;
  /** Built client folder (client/dist); null serves no page (API and art only). */
  clientDir?: string | null;
  assets?: TownAssetOptions;
  rateLimit?: RateLimitOptions;
  /** Lockouts after wrong controller tokens, per client address. */
  tokenGuard?: TokenGuardOptions;
  /** Clock for rate limits and token lockouts (ms). */
  now?: () => number;
  /** Dev mode: Vite's middleware answers page requests (and its HMR socket shares the server). */
  devMiddleware?: Middleware;
  /** An HTTP server to attach to (dev mode creates it first for Vite's HMR). */
  httpServer?: HttpServer;
  log?: (message: string, err?: unknown) => void;
  /**
   * Other web origins whose pages may connect (e.g. "https://town.example" behind a proxy, or
   * "https://my-dashboard.example"); the server's own listen origins are always allowed.
   */
  allowedOrigins?: string[];
  /** Viewers may interview agents too (default: only the controller). */
  openInterviews?: boolean;
  /** Least time between two questions of one viewer (default 15 s). */
  viewerInterviewIntervalMs?: number;
  /** Replays: "Fork from here" (makes the fork and serves it live; see `hamlet replay`). */
  fork?: (step: number) => Promise<ForkMade>;
  /**
   * Replays only: interviews of the past (the agent as it was at the step shown), or why there
   * are none (no model given, a rule-based run). Absent: none, for want of a model.
   */
  pastInterviews?: { interviewee: Interviewee } | { unavailable: string };
  /** The experiment panel's figures, read from the simulation file (the `experiment` request). */
  experiment?: { read(): LiveExperiment };
}

export interface HamletServer {
  readonly http: HttpServer;
  readonly io: HamletIo;
  readonly runner: SimulationRunner;
  readonly token: string;
  /** The snapshot a new connection with this role receives. */
  snapshot(role: Role): Snapshot;
  /** Listens (port 0 = any free port) and starts the runner; resolves with the address. */
  listen(port: number, host?: string): Promise<{ port: number; host: string; url: string }>;
  /** Stops stepping, disconnects everyone and closes the port. */
  close(): Promise<void>;
}

export function createHamletServer(options: HamletServerOptions): HamletServer {
  const live = options.sim ?? null;
  const replay = options.replay ?? null;
  const sim: ServedTown | null = live ?? replay;
  if (!sim || (live && replay)) throw new Error('createHamletServer needs either sim (a live town) or replay (a stored run)');
  const token = options.token ?? generateToken();
  const log = options.log ?? ((message: string, err?: unknown) => console.error(`hamlet: ${message}`, err ?? ''));
  // A failing step pauses the town; the log gets one line (a stack only when it is a bug).
  const onError = (err: unknown, failure: StepFailure) => (failure.expected ? log(failure.reason) : log(`${failure.reason}; the town is paused`, err));
  const runner = new SimulationRunner(sim, { onError, ...options.runner });
  const assets = townAssets(sim.map, options.assets);
  const mapAssets = assets.describe();
  const info: SimInfo = {
    world: sim.map.world,
    mind: sim.mind.label,
    mindKind: sim.mind.kind,
    seed: sim.seed,
    secondsPerStep: sim.clock.secondsPerStep,
    startTime: sim.clock.startMs,
  };

  const handler = createHttpHandler({ assets, clientDir: options.clientDir ?? null, devMiddleware: options.devMiddleware });
  const http = options.httpServer ?? createServer();
  http.on('request', (req, res) => {
    // socket.io answers its own path; everything else is ours.
    if (req.url?.startsWith('/socket.io/')) return;
    if (options.runs && handleRunRoutes(req, res, options.runs, token)) return;
    handler(req, res);
  });
  // Filled in by listen(): the origins of the pages this server serves (see origins.ts).
  let allowedOrigins: ReadonlySet<string> = new Set(options.allowedOrigins?.map(normalizeOrigin) ?? []);
  const io: HamletIo = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // Browsers may connect only from the page this server serves (or listed origins), so another
    // web site open in the same browser — even one rebinding its DNS name to 127.0.0.1 — cannot
    // watch a town. Tools send no Origin.
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin, allowedOrigins)),
    // Dev mode shares upgrades with Vite's HMR socket: leave the ones that are not ours alone.
    destroyUpgrade: !options.devMiddleware,
  });

  const snapshot = (role: Role): Snapshot => {
    const state = sim.state;
    const health = readHealth();
    return {
      protocol: PROTOCOL_VERSION,
      role,
      sim: info,
      status: runner.status,
      map: mapAssets,
      agents: state.agents.map(agentView),
      objects: { ...state.objects },
      conversations: conversationViews(state),
      events: state.events.map((e) => ({ ...e })),
      ...(health ? { health } : {}),
      ...(replay ? { replay: { firstStep: replay.firstStep, lastStep: replay.lastStep, ...(pastDesk ? {} : { interviews: pastUnavailable }), ...(options.fork ? {} : { fork: FORK_UNAVAILABLE }) } } : {}),
    };
  };

  // The mind's health, read only when it offers one; a failing read is a nicety lost, not a stop.
  const readHealth = () => {
    try {
      return sim.mind.health?.();
    } catch {
      return undefined;
    }
  };
  let lastHealth = '';
  // Each message is encoded once and written to every viewer.
  const offStep = sim.onStep((delta) => {
    io.emit('step', delta);
    // After the step it follows, and only when the counts moved (a quiet hour sends nothing).
    const health = readHealth();
    if (!health) return;
    const text = JSON.stringify(health);
    if (text === lastHealth) return;
    lastHealth = text;
    io.emit('health', health);
  });
  const offStatus = runner.onStatus((status) => io.emit('status', status));
  const tokenGuard = new TokenGuard(token, options.tokenGuard ?? DEFAULT_TOKEN_GUARD, options.now, (line) => log(line));
  // A replay only shows what happened: nobody acts on it (interviews, injects and whispers are refused).
  const past = options.pastInterviews;
  const pastDesk = replay && past && 'interviewee' in past ? new InterviewDesk(past.interviewee) : null;
  const pastUnavailable = past && 'unavailable' in past ? past.unavailable : PAST_INTERVIEWS_NEED_A_MODEL;
  const act = live ? new ActDesk(live, { openInterviews: options.openInterviews, viewerIntervalMs: options.viewerInterviewIntervalMs, now: options.now }) : undefined;
  attachHandlers(io, { sim, runner, tokenGuard, snapshot, rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT, now: options.now, log, act, replay: replay ?? undefined, fork: options.fork, pastInterviews: replay ? { desk: pastDesk, unavailable: pastUnavailable, open: options.openInterviews ?? false } : undefined, experiment: options.experiment });

  // A run still being written grows while it is replayed: look for new steps about every second
  // (one indexed MAX(step) read) and tell every page the new span, so the timeline extends.
  const pollMs = options.replayPollMs ?? 1000;
  const growth =
    replay && pollMs > 0
      ? setInterval(() => {
          try {
            if (replay.refresh()) io.emit('replaySpan', { firstStep: replay.firstStep, lastStep: replay.lastStep });
          } catch (err) {
            log(`cannot read how far ${options.runner?.file ?? 'the replayed file'} has grown`, err);
          }
        }, pollMs)
      : null;
  growth?.unref();

  let closed = false;
  return {
    http,
    io,
    runner,
    token,
    snapshot,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolvePromise, reject) => {
        // Each try removes both of its listeners whatever the outcome: `hamlet start` retries on
        // the next port after EADDRINUSE, and a 'listening' callback left by each failed try
        // piled up into a MaxListenersExceededWarning after ten busy ports.
        const onError = (err: Error) => {
          http.off('listening', onListening);
          reject(err);
        };
        const onListening = () => {
          http.off('error', onError);
          const address = http.address() as AddressInfo;
          // The name it was asked to listen on and the address that name resolved to.
          allowedOrigins = new Set([...servedOrigins(host, address.port, options.allowedOrigins), ...servedOrigins(address.address, address.port)]);
          runner.start();
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolvePromise({ port: address.port, host: address.address, url: `http://${shownHost}:${address.port}/` });
        };
        http.once('error', onError);
        http.once('listening', onListening);
        http.listen(port, host);
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      if (growth) clearInterval(growth);
      await runner.stop();
      offStep();
      offStatus();
      io.disconnectSockets(true);
      await new Promise<void>((resolvePromise) => io.close(() => resolvePromise()));
      http.closeAllConnections?.();
    },
  };
}

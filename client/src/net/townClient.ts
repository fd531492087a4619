/**
 * The page's connection to the town: keeps a TownState in step with the server and tells the
 * scenes and panels what changed. Reconnects on its own; every (re)connect brings a fresh snapshot.
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, InterviewMessage, MindHealth, Role, RunStatus, ServerToClientEvents, Snapshot, StepMessage } from '../../../server/net/protocol';
import { TownState } from '../state/townState';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface ClientEvents {
  /** A new TownState from a snapshot (first connect, reconnect, resync). */
  snapshot: (state: TownState) => void;
  /** A step was applied to the current state. */
  step: (delta: StepMessage, state: TownState) => void;
  status: (status: RunStatus, state: TownState) => void;
  /** The mind's model health changed (after a step). */
  health: (health: MindHealth, state: TownState) => void;
  connection: (state: ConnectionState) => void;
  /** A piece of this connection's interview under way (queued, thinking, text, restart, done). */
  interview: (message: InterviewMessage) => void;
  /** This connection's role changed (the controller token was accepted). */
  role: (role: Role) => void;
}

export type Listener<K extends keyof ClientEvents> = ClientEvents[K];

/** The page's listeners of a town source's events (the socket client and the static one alike). */
export class ClientEventHub {
  private readonly listeners = new Map<keyof ClientEvents, Set<unknown>>();

  on<K extends keyof ClientEvents>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof ClientEvents>(event: K, ...args: Parameters<ClientEvents[K]>): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: Parameters<ClientEvents[K]>) => void)(...args);
  }
}
export type Payload<K extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[K]>[0];
export type Answer<K extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[K]>[1]>[0];

const REQUEST_TIMEOUT_MS = 10_000;
/** For requests answered after the step under way (pause, stepOnce): a local model may think for minutes. */
export const STEP_REQUEST_TIMEOUT_MS = 30 * 60_000;

/**
 * What the page needs from its town, wherever it comes from: a Hamlet server (TownClient) or a
 * static site's files (StaticTownClient, for `hamlet export --site`).
 */
export interface TownSource {
  readonly state: TownState | null;
  readonly connection: ConnectionState;
  on<K extends keyof ClientEvents>(event: K, listener: Listener<K>): () => void;
  request<K extends keyof ClientToServerEvents>(name: K, payload: Payload<K>, timeoutMs?: number): Promise<Answer<K>>;
  setRole(role: Role): void;
  close(): void;
}

export class TownClient implements TownSource {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  state: TownState | null = null;
  connection: ConnectionState = 'connecting';
  private resyncing = false;
  private readonly events = new ClientEventHub();

  constructor(options: { url?: string; token?: string } = {}) {
    const opts = { auth: options.token ? { token: options.token } : {}, transports: ['websocket', 'polling'] };
    this.socket = options.url ? io(options.url, opts) : io(opts);
    this.socket.on('connect', () => this.setConnection('connected'));
    this.socket.on('disconnect', () => this.setConnection('disconnected'));
    this.socket.io.on('reconnect_attempt', () => this.setConnection('connecting'));
    this.socket.on('snapshot', (snapshot) => this.adopt(snapshot));
    this.socket.on('step', (delta) => this.onStep(delta));
    this.socket.on('status', (status) => {
      if (!this.state) return;
      this.state.status = { ...status };
      this.events.emit('status', status, this.state);
    });
    this.socket.on('interview', (message) => this.events.emit('interview', message));
    // A replayed run that another process is still writing has grown: the timeline extends.
    this.socket.on('replaySpan', (span) => {
      if (!this.state?.replay) return;
      this.state.replay = { ...span };
      this.events.emit('status', this.state.status, this.state);
    });
    this.socket.on('health', (health) => {
      if (!this.state) return;
      this.state.health = health;
      this.events.emit('health', health, this.state);
    });
  }

  on<K extends keyof ClientEvents>(event: K, listener: Listener<K>): () => void {
    return this.events.on(event, listener);
  }

  /**
   * Sends a request and waits for its ack (an error ack on timeout or disconnection).
   * @param timeoutMs how long to wait; pause and stepOnce wait for the step under way, which a slow model makes long
   */
  request<K extends keyof ClientToServerEvents>(name: K, payload: Payload<K>, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Answer<K>> {
    // socket.io's typed emit cannot follow a generic event name; the types above keep callers honest.
    const timed = this.socket.timeout(timeoutMs) as unknown as {
      emit(event: string, payload: unknown, ack: (err: Error | null, response: Ack<object>) => void): void;
    };
    return new Promise((resolve) => {
      timed.emit(name, payload, (err, response) => {
        resolve((err ? { ok: false, error: 'the server did not answer (connection lost?)' } : response) as Answer<K>);
      });
    });
  }

  /** Records a new role for this connection (after claimControl) and tells the panels. */
  setRole(role: Role): void {
    if (this.state) this.state.role = role;
    this.events.emit('role', role);
  }

  close(): void {
    this.socket.close();
  }

  private adopt(snapshot: Snapshot): void {
    this.state = new TownState(snapshot);
    this.events.emit('snapshot', this.state);
  }

  private onStep(delta: StepMessage): void {
    if (!this.state) return;
    try {
      if (this.state.apply(delta)) this.events.emit('step', delta, this.state);
    } catch {
      // Messages went missing (a stalled tab, say): start over from a fresh snapshot.
      if (this.resyncing) return;
      this.resyncing = true;
      void this.request('resync', {}).then((answer) => {
        this.resyncing = false;
        if (answer.ok) this.adopt(answer.snapshot);
      });
    }
  }

  private setConnection(state: ConnectionState): void {
    this.connection = state;
    this.events.emit('connection', state);
  }

}

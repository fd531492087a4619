/**
 * The page's town when it is a static site (`hamlet export <db> --site <dir>`): no server, only
 * files. It answers the same requests as a replay server — seek, timeline, play, pause, speed,
 * single steps, inspect — by reading run/run.json and the chunk files, and plays the run back in
 * this tab. Every viewer controls their own playback (there is nobody to share it with).
 *
 * A seek fetches the one chunk holding the step (its state, then its step messages applied in
 * order with the same TownState code a live viewer uses); chunks are cached, and the next one is
 * fetched ahead while playing. Interviews, injects, whispers and forks need the Hamlet server:
 * they answer so.
 */
import type { ClientToServerEvents, Inspection, Role, RunStatus, Snapshot, StepMessage } from '../../../server/net/protocol';
import type { StaticAgent, StaticChunk, StaticRunManifest } from '../../../server/net/staticRun';
import { staticInsightAsOf } from '../../../server/net/staticInsight';
import { WalkWorld, type WalkNavigator } from '../../../server/net/walks';
import { TownState } from '../state/townState';
import { ClientEventHub, type Answer, type ClientEvents, type ConnectionState, type Listener, type Payload, type TownSource } from './townClient';

/** Replays start at this speed, as `hamlet replay` does. */
const DEFAULT_SPEED = 16;

/** What the static page says when asked for something only a server can do. */
export const STATIC_COPY =
  'this page is a static copy of the run. Import the run (hamlet export <db> <file>, then hamlet import) and open it with hamlet replay to interview people or fork.';

export class StaticTownClient implements TownSource {
  state: TownState | null = null;
  connection: ConnectionState = 'connecting';
  private manifest: StaticRunManifest | null = null;
  private readonly chunks = new Map<number, Promise<StaticChunk>>();
  private readonly agentFiles = new Map<string, Promise<StaticAgent | null>>();
  private readonly events = new ClientEventHub();
  private paused = true;
  private speed = DEFAULT_SPEED;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by every seek, so a step fetched for an older position is dropped. */
  private generation = 0;
  private pausedReason: string | undefined;
  /** The engine's navigator over the run's map, for the walks the inspector shows (loaded when first asked for). */
  private navigator: Promise<WalkNavigator | null> | null = null;
  /** The walks of the chunk last inspected, carried to the step last shown (inspecting repeats every second). */
  private walks: { index: number; navigator: WalkNavigator | null; world: WalkWorld } | null = null;

  /** @param base the run's folder, relative to the page ("run/") */
  constructor(private readonly base: string) {
    void this.load();
  }

  on<K extends keyof ClientEvents>(event: K, listener: Listener<K>): () => void {
    return this.events.on(event, listener);
  }

  setRole(role: Role): void {
    if (this.state) this.state.role = role;
    this.events.emit('role', role);
  }

  close(): void {
    this.stopTimer();
  }

  async request<K extends keyof ClientToServerEvents>(name: K, payload: Payload<K>): Promise<Answer<K>> {
    try {
      return (await this.answer(name, payload as never)) as Answer<K>;
    } catch (err) {
      return { ok: false, error: (err as Error).message } as Answer<K>;
    }
  }

  private async answer(name: keyof ClientToServerEvents, payload: Record<string, unknown>): Promise<object> {
    const manifest = this.manifest;
    if (!manifest || !this.state) throw new Error('the run is still loading');
    switch (name) {
      case 'seek':
        return { ok: true, snapshot: await this.seek(payload.step as number) };
      case 'timeline':
        return { ok: true, markers: manifest.markers };
      case 'resync':
        return { ok: true, snapshot: await this.seek(this.state.status.step) };
      case 'claimControl':
        return { ok: true, role: 'controller' };
      case 'pause':
        this.paused = true;
        this.stopTimer();
        return { ok: true, status: this.setStatus() };
      case 'resume':
        this.paused = false;
        this.pausedReason = undefined;
        this.schedule();
        return { ok: true, status: this.setStatus() };
      case 'setSpeed':
        this.speed = payload.stepsPerSecond as number;
        if (!this.paused) {
          this.stopTimer();
          this.schedule();
        }
        return { ok: true, status: this.setStatus() };
      case 'stepOnce':
        if (!this.paused) throw new Error('pause the town first; stepOnce runs one step while paused');
        await this.advance(this.generation);
        return { ok: true, status: this.setStatus() };
      case 'inspect':
        return { ok: true, inspection: await this.inspect(payload.agentId as string) };
      case 'interview':
        throw new Error(`Interviews need the Hamlet server: ${STATIC_COPY}`);
      default:
        throw new Error(`${name} needs the Hamlet server: ${STATIC_COPY}`);
    }
  }

  private async load(): Promise<void> {
    try {
      const response = await fetch(`${this.base}run.json`);
      if (!response.ok) throw new Error(`${this.base}run.json: HTTP ${response.status}`);
      this.manifest = (await response.json()) as StaticRunManifest;
      await this.seek(this.manifest.firstStep);
      this.setConnection('connected');
    } catch (err) {
      console.error('hamlet: cannot load the static run', err);
      this.setConnection('disconnected');
    }
  }

  private chunk(index: number): Promise<StaticChunk> {
    let chunk = this.chunks.get(index);
    if (!chunk) {
      chunk = fetch(`${this.base}chunks/${index}.json`).then((r) => {
        if (!r.ok) throw new Error(`${this.base}chunks/${index}.json: HTTP ${r.status}`);
        return r.json() as Promise<StaticChunk>;
      });
      // A failed fetch is tried again next time.
      chunk.catch(() => this.chunks.delete(index));
      this.chunks.set(index, chunk);
    }
    return chunk;
  }

  private chunkIndex(step: number): number {
    const m = this.manifest!;
    return Math.min(m.chunks - 1, Math.floor((step - m.firstStep) / m.chunkSteps));
  }

  private status(step: number): RunStatus {
    const sim = this.manifest!.sim;
    return { paused: this.paused, speed: this.speed, step, time: sim.startTime + step * sim.secondsPerStep * 1000, ...(this.pausedReason ? { pausedReason: this.pausedReason } : {}) };
  }

  /** Rebuilds the state at `step` (clamped to the run) from its chunk and adopts it, as a server's snapshot would be. */
  private async seek(step: number): Promise<Snapshot> {
    const m = this.manifest!;
    const target = Math.max(m.firstStep, Math.min(m.lastStep, Math.floor(step)));
    const generation = ++this.generation;
    const chunk = await this.chunk(this.chunkIndex(target));
    const snapshot: Snapshot = {
      protocol: 1,
      role: 'controller',
      sim: m.sim,
      status: this.status(chunk.step),
      map: m.map,
      agents: chunk.agents,
      objects: chunk.objects,
      conversations: chunk.conversations,
      events: chunk.events,
      // What only a server can do says so where it is offered (the interview box, the fork button).
      replay: { firstStep: m.firstStep, lastStep: m.lastStep, interviews: `Interviews need the Hamlet server: ${STATIC_COPY}`, fork: `Fork from here needs the Hamlet server: ${STATIC_COPY}` },
    };
    const state = new TownState(snapshot);
    for (const message of chunk.steps) {
      if (message.step >= target) break;
      state.apply(message);
    }
    if (generation !== this.generation) return this.snapshotOf(this.state!);
    if (this.pausedReason && target < m.lastStep) this.pausedReason = undefined;
    state.status = this.status(target);
    this.state = state;
    this.events.emit('snapshot', state);
    return this.snapshotOf(state);
  }

  private snapshotOf(state: TownState): Snapshot {
    return {
      protocol: 1,
      role: state.role,
      sim: state.sim,
      status: { ...state.status },
      map: state.map,
      agents: [...state.agents.values()].map((a) => structuredClone(a)),
      objects: { ...state.objects },
      conversations: [...state.conversations.values()].map((c) => structuredClone(c)),
      events: state.events.map((e) => ({ ...e })),
      replay: state.replay ?? undefined,
    };
  }

  /** Plays the next stored step; at the end it pauses and says so, like the server's replay. */
  private async advance(generation: number): Promise<void> {
    const m = this.manifest!;
    const state = this.state!;
    const step = state.status.step;
    if (step >= m.lastStep) {
      this.paused = true;
      this.stopTimer();
      this.pausedReason = `end of the replay (step ${m.lastStep}): drag the timeline back to watch again`;
      this.emitStatus();
      return;
    }
    const index = this.chunkIndex(step);
    const chunk = await this.chunk(index);
    // Fetch the next chunk ahead, so playing never waits at a chunk's edge.
    if (index + 1 < m.chunks && step - chunk.step > m.chunkSteps / 2) void this.chunk(index + 1).catch(() => undefined);
    if (generation !== this.generation || this.state !== state) return;
    const message: StepMessage | undefined = chunk.steps[step - chunk.step];
    if (!message) throw new Error(`step ${step} is missing from ${this.base}chunks/${index}.json`);
    if (state.apply(message)) {
      state.status = { ...this.status(step + 1) };
      this.events.emit('step', message, state);
    }
  }

  private schedule(): void {
    if (this.timer !== null || this.paused) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.advance(this.generation).then(
        () => this.schedule(),
        (err) => {
          this.paused = true;
          this.pausedReason = (err as Error).message;
          this.emitStatus();
        },
      );
    }, 1000 / this.speed);
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private setStatus(): RunStatus {
    const status = this.emitStatus();
    return status;
  }

  private emitStatus(): RunStatus {
    const state = this.state!;
    state.status = this.status(state.status.step);
    this.events.emit('status', state.status, state);
    return state.status;
  }

  /** A person's file (persona and memories); null when the site has none (made before it had them). */
  private agentFile(id: string): Promise<StaticAgent | null> {
    let file = this.agentFiles.get(id);
    if (!file) {
      file = fetch(`${this.base}agents/${encodeURIComponent(id)}.json`).then(
        (r) => (r.ok ? (r.json() as Promise<StaticAgent>) : null),
        () => null,
      );
      this.agentFiles.set(id, file);
    }
    return file;
  }

  /**
   * The engine's navigator over the run's map (server/net/walkMap.ts, loaded apart from the
   * page's main bundle), or null when the map cannot be had: then walks begun after a chunk's
   * start are unknown ("since 14:05"). A failed load is tried again next time.
   */
  private walkNavigator(): Promise<WalkNavigator | null> {
    this.navigator ??= (async () => {
      const m = this.manifest!;
      const response = await fetch(m.map.url);
      if (!response.ok) throw new Error(`${m.map.url}: HTTP ${response.status}`);
      const json: unknown = await response.json();
      const { navigatorForMapJson } = await import('../../../server/net/walkMap');
      return navigatorForMapJson(json, m.sim.world);
    })().catch((err) => {
      console.warn('hamlet: cannot load the map for the walks', err);
      this.navigator = null;
      return null;
    });
    return this.navigator;
  }

  /** The walks at `step` (its chunk's, carried through the messages before it: walks.ts, as `hamlet replay` does). */
  private walksAt(index: number, chunk: StaticChunk, step: number, navigator: WalkNavigator | null): WalkWorld {
    let walks = this.walks;
    if (!walks || walks.index !== index || walks.navigator !== navigator || walks.world.step > step) {
      walks = { index, navigator, world: new WalkWorld(chunk, navigator) };
      this.walks = walks;
    }
    const { world } = walks;
    while (world.step < step) {
      const message = chunk.steps[world.step - chunk.step];
      if (!message) break;
      world.apply(message);
    }
    return world;
  }

  /**
   * The person as of the shown step, as `hamlet replay`'s inspector shows them: what they do and
   * where, since when and how far they still walk (the chunk's walks carried through its
   * messages, the engine's paths planned again where it planned them: server/net/walks.ts), and
   * the plan, memories, reflections and conversations built from their file by the same pure
   * code (server/net/staticInsight.ts).
   */
  private async inspect(agentId: string): Promise<Inspection> {
    const state = this.state!;
    const agent = state.agents.get(agentId);
    if (!agent) throw new Error(`no agent "${agentId}" in this town`);
    const step = state.status.step;
    const time = state.status.time;
    const index = this.chunkIndex(step);
    const [chunk, navigator] = await Promise.all([this.chunk(index), this.walkNavigator()]);
    const walker = this.walksAt(index, chunk, step, navigator).agent(agentId);
    const motion = walker ? { startStep: walker.action.startStep, path: walker.path } : { startStep: chunk.step, path: [] };
    const parts = agent.action.address.split(':');
    const last = motion.path[motion.path.length - 1];
    return {
      step,
      time,
      agent: {
        ...structuredClone(agent),
        action: { ...agent.action, startStep: motion.startStep, durationSteps: 0, event: [agent.name, 'is', agent.action.description] },
        place: (parts.length > 1 ? parts.slice(1) : parts).join(' › '),
        pathLength: motion.path.length,
        destination: last ? { x: last.x, y: last.y } : null,
      },
      insight: await this.agentFile(agentId).then((file) => (file ? staticInsightAsOf(file, step, time) : null)),
    };
  }

  private setConnection(state: ConnectionState): void {
    this.connection = state;
    this.events.emit('connection', state);
  }

}

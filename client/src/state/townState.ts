/**
 * The client's copy of the town: a snapshot with the step messages applied in order.
 * Pure data, no Phaser or DOM, so tests can check that it reproduces the server's state.
 */
import type { AgentView, ConversationView, MapAssets, MindHealth, ReplayInfo, Role, RunStatus, SimInfo, Snapshot, StepMessage } from '../../../server/net/protocol';

type WorldEventView = Snapshot['events'][number];

export class TownState {
  readonly sim: SimInfo;
  readonly map: MapAssets;
  role: Role;
  status: RunStatus;
  readonly agents = new Map<string, AgentView>();
  objects: Record<string, string>;
  readonly conversations = new Map<string, ConversationView>();
  events: WorldEventView[];
  /** How usable the model's answers are (null for a mind that calls no model); `health` messages replace it. */
  health: MindHealth | null;
  /** Set when the server plays back a stored run (hamlet replay): the steps it can show (`replaySpan` messages extend it while the run grows). */
  replay: ReplayInfo | null;

  constructor(snapshot: Snapshot) {
    this.sim = snapshot.sim;
    this.map = snapshot.map;
    this.role = snapshot.role;
    this.status = { ...snapshot.status };
    for (const agent of snapshot.agents) this.agents.set(agent.id, structuredClone(agent));
    this.objects = { ...snapshot.objects };
    for (const c of snapshot.conversations) this.conversations.set(c.id, structuredClone(c));
    this.events = snapshot.events.map((e) => ({ ...e }));
    this.health = snapshot.health ?? null;
    this.replay = snapshot.replay ? { ...snapshot.replay } : null;
  }

  /** The next step this state expects. */
  get step(): number {
    return this.status.step;
  }

  /**
   * Applies one step message. Returns false (and changes nothing) for a step already included
   * in the state; throws on a gap, which means messages were lost and a resync is needed.
   */
  apply(delta: StepMessage): boolean {
    if (delta.step < this.status.step) return false;
    if (delta.step > this.status.step) throw new Error(`missed steps ${this.status.step}…${delta.step - 1}`);
    for (const d of delta.agents ?? []) {
      const agent = this.agents.get(d.id);
      if (!agent) continue;
      if (d.x !== undefined) agent.x = d.x;
      if (d.y !== undefined) agent.y = d.y;
      if (d.facing !== undefined) agent.facing = d.facing;
      if (d.action !== undefined) agent.action = { ...d.action };
      if (d.sleeping !== undefined) agent.sleeping = d.sleeping;
      if (d.conversationId !== undefined) agent.conversationId = d.conversationId;
    }
    for (const s of delta.conversationsStarted ?? []) this.conversations.set(s.id, { id: s.id, participants: [s.participants[0], s.participants[1]], lines: [] });
    for (const line of delta.chats ?? []) this.conversations.get(line.conversationId)?.lines.push({ speaker: line.speaker, text: line.text, step: delta.step });
    for (const id of delta.conversationsEnded ?? []) this.conversations.delete(id);
    if (delta.objects?.length) {
      const objects = { ...this.objects };
      // The server sends the idle state when an object goes back to idle; idle objects are not listed.
      for (const o of delta.objects) objects[o.address] = o.state;
      this.objects = objects;
    }
    // A cancelled scheduled event never starts: it leaves the queue the page shows.
    const cancelled = new Set((delta.inputs ?? []).flatMap((i) => (i.kind === 'cancel' ? [i.eventId] : [])));
    this.events = this.events.filter((e) => e.expiresStep >= delta.step && !cancelled.has(e.id));
    if (delta.events?.length) this.events.push(...delta.events.map((e) => ({ ...e })));
    // The step has landed: whatever was said about it still thinking is over.
    const { thinking: _done, ...status } = this.status;
    this.status = { ...status, step: delta.step + 1, time: delta.time };
    return true;
  }
}

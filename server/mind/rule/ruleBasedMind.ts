/**
 * The mind used when no language model is available: each persona follows its daily routine
 * (with seeded day-to-day jitter) and people who meet exchange a greeting. It makes no model
 * calls, so the town lives from the first run on any machine.
 */
import type { AgentInsight, AgentIntent, Mind, MindStepContext } from '../../engine/ports';
import { startOfDay } from '../../engine/clock';
import type { AgentAction, AgentId, AgentState, Conversation } from '../../engine/types';
import type { TownMap } from '../../world/types';
import type { Persona } from '../persona';
import { greetingLine, replyLine } from './greetings';
import { RoutineSchedule } from './schedule';
import { personaAddressBook } from '../personaPlaces';
import type { RngSource } from '../../engine/rng';

export const RULE_BASED_LABEL = 'rule-based (no language model)';

/** Two people greet each other at most once in this many game minutes. */
export const GREETING_COOLDOWN_MINUTES = 180;
/** People greet when they are this close (tiles, Manhattan) and both awake and free. */
export const GREETING_RADIUS_TILES = 3;
/** Chance per step of greeting an acquaintance / a stranger in range. */
const GREET_CHANCE_KNOWN = 0.5;
const GREET_CHANCE_STRANGER = 0.1;

/** Conversations kept per agent for the inspector. */
const RECENT_CONVERSATIONS = 10;

interface RuleMindState {
  /** "a|b" (ids sorted) → step of their last greeting. */
  lastGreeting: Record<string, number>;
  /** Agent → its latest conversations, newest last. */
  conversations: Record<AgentId, AgentInsight['conversations']>;
}

export class RuleBasedMind implements Mind {
  readonly label = RULE_BASED_LABEL;
  readonly kind = 'rule-based' as const;
  private readonly personas: Map<AgentId, Persona>;
  private readonly schedule: RoutineSchedule;
  private readonly acquaintances = new Map<AgentId, Set<AgentId>>();
  private readonly addressOf: (place: string) => string;
  private state: RuleMindState = { lastGreeting: {}, conversations: {} };

  constructor(personas: Persona[], private readonly map: TownMap, rng: RngSource) {
    this.personas = new Map(personas.map((p) => [p.id, p]));
    this.schedule = new RoutineSchedule(rng);
    this.addressOf = personaAddressBook(personas, map);
    for (const p of personas) {
      for (const r of p.relationships) {
        if (!this.acquaintances.has(p.id)) this.acquaintances.set(p.id, new Set());
        if (!this.acquaintances.has(r.id)) this.acquaintances.set(r.id, new Set());
        this.acquaintances.get(p.id)!.add(r.id);
        this.acquaintances.get(r.id)!.add(p.id);
      }
    }
  }

  async decide(ctx: MindStepContext): Promise<Map<AgentId, AgentIntent>> {
    const intents = new Map<AgentId, AgentIntent>();
    const agents = ctx.state.agents;
    for (const c of ctx.endedConversations) this.remember(c);
    for (const agent of agents) {
      const persona = this.personas.get(agent.id);
      if (!persona) continue;
      const intent: AgentIntent = {};
      this.followRoutine(ctx, agent, persona, intent);
      this.talk(ctx, agent, intent);
      if (Object.keys(intent).length > 0) intents.set(agent.id, intent);
    }
    this.greet(ctx, intents);
    return intents;
  }

  snapshot(): unknown {
    return structuredClone(this.state);
  }

  restore(data: unknown): void {
    const d = data as Partial<RuleMindState> | null;
    this.state = { lastGreeting: { ...(d?.lastGreeting ?? {}) }, conversations: structuredClone(d?.conversations ?? {}) };
  }

  inspect(agentId: AgentId, time: number): AgentInsight | null {
    const persona = this.personas.get(agentId);
    if (!persona) return null;
    const current = this.schedule.current(persona, time);
    const day = this.schedule.day(persona, time);
    const midnight = startOfDay(time);
    const plan = day.map((item, i) => ({
      start: midnight + item.startMinute * 60_000,
      end: day[i + 1] ? midnight + day[i + 1].startMinute * 60_000 : midnight + 86_400_000,
      description: item.activity,
      place: item.place,
      emoji: item.emoji,
      current: current.item.index === item.index && current.startsAt === midnight + item.startMinute * 60_000,
    }));
    // Before today's first item they are still on yesterday's last (asleep since last night):
    // that is the item under way, so it leads the list.
    if (current.startsAt < midnight) {
      plan.unshift({ start: current.startsAt, end: current.endsAt, description: current.item.activity, place: current.item.place, emoji: current.item.emoji, current: true });
    }
    const { name, age, traits, occupation, background, currently, lifestyle } = persona;
    return {
      persona: { name, age, traits, occupation, background, currently, lifestyle },
      plan,
      memories: [],
      reflections: [],
      known: this.knownFacts(persona),
      conversations: [...(this.state.conversations[agentId] ?? [])].reverse(),
    };
  }

  /** Remembers conversations that ended (what decide() does with the step's ended ones): the replay's time travel catches up with it. */
  rememberConversations(ended: readonly Conversation[]): void {
    for (const c of ended) this.remember(c);
  }

  private remember(c: Conversation): void {
    for (const id of c.participants) {
      const other = c.participants.find((p) => p !== id)!;
      const list = (this.state.conversations[id] ??= []);
      list.push({ id: c.id, with: other, startStep: c.startStep, lines: c.lines.map((l) => ({ speaker: l.speaker, text: l.text })) });
      if (list.length > RECENT_CONVERSATIONS) list.shift();
    }
  }

  /** What the persona file says they know: their memories and one line per relationship. */
  private knownFacts(persona: Persona): { description: string }[] {
    const first = persona.name.split(' ')[0];
    const relations = persona.relationships.map((r) => `${this.personas.get(r.id)?.name ?? r.id} is ${first}'s ${r.relation}`);
    return [...persona.memories, ...relations].map((t) => t.trim()).filter((t) => t.length > 0).map((description) => ({ description }));
  }

  private followRoutine(ctx: MindStepContext, agent: AgentState, persona: Persona, intent: AgentIntent): void {
    const { item, endsAt } = this.schedule.current(persona, ctx.time);
    const address = this.addressOf(item.place);
    const onItem = agent.action.description === item.activity && agent.action.address === address;
    if (!onItem) {
      const action: AgentAction = {
        description: item.activity,
        address,
        emoji: item.emoji,
        startStep: ctx.step,
        durationSteps: Math.max(1, Math.round((endsAt - ctx.time) / ctx.clock.stepMs)),
        event: [persona.name, 'is', item.activity],
        objectState: item.objectState ?? (this.map.objects.has(address) ? item.activity : undefined),
      };
      intent.action = action;
      if (agent.sleeping && !item.sleep) intent.sleeping = false;
      // Already in bed (the first step of a run, say): fall asleep at once.
      const bed = this.map.objects.get(address)?.useTile;
      if (item.sleep && !agent.sleeping && bed && bed.x === agent.tile.x && bed.y === agent.tile.y) intent.sleeping = true;
      return;
    }
    // Fall asleep once in bed; wake when the routine moves on (handled above).
    if (item.sleep && !agent.sleeping && agent.path.length === 0 && !agent.conversationId) intent.sleeping = true;
  }

  /** The second speaker answers the greeting and ends the exchange. */
  private talk(ctx: MindStepContext, agent: AgentState, intent: AgentIntent): void {
    if (!agent.conversationId) return;
    const conversation = ctx.state.conversations.find((c) => c.id === agent.conversationId);
    if (!conversation || conversation.nextSpeaker !== agent.id) return;
    const partnerId = conversation.participants.find((id) => id !== agent.id)!;
    const partner = this.personas.get(partnerId);
    const rng = ctx.rng(`reply:${agent.id}`);
    intent.say = { text: replyLine(partner?.name ?? partnerId, this.knows(agent.id, partnerId), ctx.time, rng), end: true };
  }

  private greet(ctx: MindStepContext, intents: Map<AgentId, AgentIntent>): void {
    const agents = ctx.state.agents;
    const busy = new Set<AgentId>();
    const cooldownSteps = Math.round((GREETING_COOLDOWN_MINUTES * 60_000) / ctx.clock.stepMs);
    for (const a of agents) {
      if (!this.free(a, intents) || busy.has(a.id)) continue;
      for (const b of agents) {
        if (b.id <= a.id || busy.has(b.id) || !this.free(b, intents)) continue;
        const distance = Math.abs(a.tile.x - b.tile.x) + Math.abs(a.tile.y - b.tile.y);
        if (distance > GREETING_RADIUS_TILES || !this.sameRoom(a, b)) continue;
        const pair = `${a.id}|${b.id}`;
        const last = this.state.lastGreeting[pair];
        if (last !== undefined && ctx.step - last < cooldownSteps) continue;
        const known = this.knows(a.id, b.id);
        const rng = ctx.rng(`greet:${pair}`);
        if (!rng.chance(known ? GREET_CHANCE_KNOWN : GREET_CHANCE_STRANGER)) continue;
        const [speaker, listener] = rng.chance(0.5) ? [a, b] : [b, a];
        const intent = intents.get(speaker.id) ?? {};
        intent.startConversation = { with: listener.id, firstLine: greetingLine(listener.name, known, ctx.time, rng) };
        intents.set(speaker.id, intent);
        this.state.lastGreeting[pair] = ctx.step;
        busy.add(a.id).add(b.id);
        break;
      }
    }
  }

  private free(agent: AgentState, intents: Map<AgentId, AgentIntent>): boolean {
    const intent = intents.get(agent.id);
    return !agent.sleeping && !agent.conversationId && !intent?.sleeping && !intent?.say;
  }

  /** Walls block greetings: both must stand in the same arena (or both outside every arena). */
  private sameRoom(a: AgentState, b: AgentState): boolean {
    const { width, arenaAt } = this.map;
    return arenaAt[a.tile.y * width + a.tile.x] === arenaAt[b.tile.y * width + b.tile.x];
  }

  private knows(a: AgentId, b: AgentId): boolean {
    return this.acquaintances.get(a)?.has(b) ?? false;
  }
}

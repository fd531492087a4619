/**
 * From plan to engine intents, without a model: the task under way becomes the agent's action
 * (address, emoji, event triple, object state), sleep blocks send the agent to bed and to sleep,
 * a conversation or a wait holds the plan. An action is issued once per task (`actionKey`), so
 * most steps of a walking agent produce no intent at all. Writes nothing but the intent and the
 * control copy it is given (intents.ts chooses; apply.ts writes the outcome).
 */
import { minuteOfDay } from '../../engine/clock';
import type { AgentIntent } from '../../engine/ports';
import type { AgentAction, AgentId, AgentState } from '../../engine/types';
import { fullAddress } from '../../world/spatial';
import type { Address, TownMap } from '../../world/types';
import type { Persona } from '../persona';
import { stepsIn } from './deps';
import { blockAt, chunkIndexAt, taskIndexAt } from './planning';
import type { AgentControl } from './intents';
import { TALKING_WITH } from './talkWords';
import type { DayPlan, PlannedTask } from './scratch';

const SLEEP_EMOJI = '😴';
const TALK_EMOJI = '💬';
const WAIT_EMOJI = '⏳';

/** Resolves world-relative places to full addresses once. */
export class AddressBook {
  private readonly cache = new Map<string, Address | null>();
  constructor(private readonly map: TownMap) {}

  full(place: string): Address | undefined {
    let address = this.cache.get(place);
    if (address === undefined) {
      address = fullAddress(this.map, place) ?? null;
      this.cache.set(place, address);
    }
    return address ?? undefined;
  }

  isObject(address: Address): boolean {
    return this.map.objects.has(address);
  }
}

export interface ActionSettings {
  map: TownMap;
  addresses: AddressBook;
  stepMs: number;
}

function taskAction(s: ActionSettings, agent: AgentState, task: PlannedTask, minute: number, step: number): AgentAction {
  const address = s.addresses.full(task.place) ?? agent.action.address;
  const left = task.start + task.minutes - minute;
  return {
    description: task.description,
    address,
    emoji: task.emoji,
    startStep: step,
    durationSteps: Math.max(1, stepsIn(Math.max(1, left), s.stepMs)),
    event: [...task.event],
    ...(task.objectState && s.addresses.isObject(address) ? { objectState: task.objectState } : {}),
  };
}

/** The action of talking with someone (the opener walks to meet them; the other stands still). */
export function talkAction(agent: AgentState, partner: AgentState, step: number, walkToPartner: boolean): AgentAction {
  // The description is talkWords.ts's: a replay tells the opener's walk to the partner by it (the log has no targetAgent).
  return { ...withOther(agent, TALKING_WITH, partner, TALK_EMOJI, step, 16), ...(walkToPartner ? { targetAgent: partner.id } : {}) };
}

/** Standing by (where the agent is headed already) until someone is free. */
export function waitAction(agent: AgentState, other: AgentState, step: number, untilStep: number): AgentAction {
  return withOther(agent, 'waiting for', other, WAIT_EMOJI, step, Math.max(1, untilStep - step));
}

/** "talking with Bo" / "waiting for Bo", kept where the agent was headed (a place it knows). */
function withOther(agent: AgentState, doing: string, other: AgentState, emoji: string, step: number, durationSteps: number): AgentAction {
  return { description: `${doing} ${other.name}`, address: agent.action.address, emoji, startStep: step, durationSteps, event: [agent.name, `is ${doing}`, other.name] };
}

/**
 * Adds the plan's intent for one agent to `intent`, updating `control` (the copy of the agent's
 * action bookkeeping the intent choice works on: intents.ts). `byId` gives the other agents (for
 * conversations and waits).
 */
export function planIntent(
  s: ActionSettings,
  agent: AgentState,
  persona: Persona,
  plan: DayPlan | null,
  control: AgentControl,
  byId: ReadonlyMap<AgentId, AgentState>,
  step: number,
  time: number,
  intent: AgentIntent,
): void {
  if (agent.conversationId) {
    const key = `talk:${agent.conversationId}`;
    if (control.actionKey !== key && !intent.action) {
      const partner = [...byId.values()].find((a) => a.id !== agent.id && a.conversationId === agent.conversationId);
      if (partner) intent.action = talkAction(agent, partner, step, false);
      control.actionKey = key;
    }
    return;
  }
  if (control.waitUntilStep !== null) {
    const other = control.waitFor ? byId.get(control.waitFor) : undefined;
    if (step < control.waitUntilStep && other && !other.sleeping && !agent.sleeping) return;
    control.waitUntilStep = null;
    control.waitFor = null;
    control.actionKey = null;
  }
  if (!plan) return;
  const minute = minuteOfDay(time);
  const block = blockAt(plan, minute);
  if (!block || block.sleep) {
    sleepIntent(s, agent, persona, control, plan.day, step, intent);
    return;
  }
  if (agent.sleeping) intent.sleeping = false;
  const index = chunkIndexAt(plan, minute);
  const chunk = index >= 0 ? plan.chunks[index] : undefined;
  const t = chunk ? taskIndexAt(chunk, minute) : -1;
  if (!chunk || t < 0) return; // not decomposed (cannot happen after phase A): keep what the agent does
  const key = `${plan.day}:${chunk.start}:${chunk.version}:${t}`;
  if (control.actionKey === key) return;
  intent.action = taskAction(s, agent, chunk.tasks![t], minute, step);
  control.actionKey = key;
}

function sleepIntent(s: ActionSettings, agent: AgentState, persona: Persona, control: AgentControl, day: number, step: number, intent: AgentIntent): void {
  const bed = s.addresses.full(persona.bed);
  const bedTile = bed ? s.map.objects.get(bed)?.useTile : undefined;
  const atBed = bedTile !== undefined && bedTile.x === agent.tile.x && bedTile.y === agent.tile.y;
  const key = `sleep:${day}`;
  if (control.actionKey !== key) {
    control.actionKey = key;
    if (!agent.sleeping) {
      intent.action = {
        description: 'sleeping',
        address: bed ?? agent.action.address,
        emoji: SLEEP_EMOJI,
        startStep: step,
        durationSteps: 1,
        event: [persona.name, 'is', 'sleeping'],
        objectState: 'in use',
      };
    }
  }
  // In bed (or stopped short of an unreachable bed): fall asleep.
  if (!agent.sleeping && (atBed || (!intent.action && agent.path.length === 0))) intent.sleeping = true;
}

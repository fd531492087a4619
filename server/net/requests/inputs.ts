/**
 * From what a person asks for (an inject or whisper payload) to the SimInput the engine
 * applies: names resolved to addresses and agent ids, game times to steps, minutes to steps.
 * Shared by the socket requests and `hamlet inject` / `hamlet whisper`. Mistakes throw an
 * InputError whose message is shown as it is and names the nearest valid choices.
 */
import { parseGameTime, type GameClock } from '../../engine/clock';
import type { AgentId, SimInput } from '../../engine/types';
import { rankKnownPlaces } from '../../world/placeMatch';
import { placeAddresses, resolvePlace, type PlaceKind } from '../../world/spatial';
import type { TownMap } from '../../world/types';
import type { InjectPayload, WhisperPayload } from './schemas';

/** A refusal meant for the person who asked (a RangeError, so the socket handlers show it as-is). */
export class InputError extends RangeError {}

export interface TownView {
  map: TownMap;
  clock: GameClock;
  /** The next step to run. */
  step: number;
  agents: readonly { id: AgentId; name: string }[];
}

/** Up to three nearest names, for "did you mean" errors. */
function nearest(candidate: string, names: readonly string[]): string {
  const ranked = rankKnownPlaces(candidate, names, { minScore: 0.2 }).slice(0, 3).map((m) => `"${m.place}"`);
  return ranked.length ? `; nearest: ${ranked.join(', ')}` : '';
}

/** The full address of a place of one of the given kinds, or an InputError naming the nearest. */
export function placeAddress(map: TownMap, place: string, kinds: readonly PlaceKind[] = ['sector', 'arena', 'object']): string {
  const resolved = resolvePlace(map, place);
  const valid = placeAddresses(map, { relative: true, kinds });
  if (!resolved.ok) throw new InputError(`unknown place "${place}"${nearest(place, valid)}`);
  if (!kinds.includes(resolved.place.kind)) throw new InputError(`"${place}" is a ${resolved.place.kind}, not an ${kinds.join(' or ')}${nearest(place, valid)}`);
  return resolved.place.address;
}

/** An agent by id or name (case-insensitive), or an InputError naming the nearest. */
export function agentIdOf(town: Pick<TownView, 'agents'>, who: string): AgentId {
  const key = who.trim().toLowerCase();
  const hit = town.agents.find((a) => a.id.toLowerCase() === key || a.name.toLowerCase() === key);
  if (hit) return hit.id;
  throw new InputError(`no one called "${who}" in this town${nearest(who, town.agents.map((a) => a.name))}`);
}

function stepsOf(minutes: number | undefined, clock: GameClock): number | undefined {
  return minutes === undefined ? undefined : Math.max(1, Math.round((minutes * 60_000) / clock.stepMs));
}

/** The step a scheduled input starts at; it must lie ahead of the town's clock. */
function startStep(at: string | undefined, town: TownView): number | undefined {
  if (at === undefined) return undefined;
  let ms: number;
  try {
    ms = parseGameTime(at);
  } catch {
    throw new InputError(`bad game time "${at}": use YYYY-MM-DDTHH:MM`);
  }
  const step = town.clock.stepAt(ms);
  if (step < town.step) throw new InputError(`game time ${at} has passed (the town is at step ${town.step}); leave "at" out to inject now`);
  return step;
}

/** The input an inject payload makes; `id` names the event it creates (for cancelInput). */
export function injectInput(payload: InjectPayload, town: TownView, id: string): SimInput {
  const durationSteps = stepsOf(payload.durationMinutes, town.clock);
  const atStep = startStep(payload.at, town);
  const common = { id, ...(durationSteps !== undefined ? { durationSteps } : {}), ...(atStep !== undefined ? { atStep } : {}) };
  switch (payload.kind) {
    case 'event':
      return { kind: 'event', ...common, address: placeAddress(town.map, payload.place), description: payload.description, ...(payload.radius !== undefined ? { radiusTiles: payload.radius } : {}) };
    case 'objectState':
      return { kind: 'objectState', ...common, address: placeAddress(town.map, payload.object, ['object']), state: payload.state };
    case 'announcement':
      return { kind: 'announcement', ...common, text: payload.text };
  }
}

export function whisperInput(payload: WhisperPayload, town: TownView): SimInput {
  return { kind: 'whisper', agentId: agentIdOf(town, payload.agent), text: payload.text };
}

/**
 * Object states: each object has an idle state from the map (Tiled property `state`, default
 * "idle"); the engine keeps only the states that differ from idle (SimState.objects), so a
 * snapshot stays small and an object returns to idle by deleting its entry.
 */
import type { Address, TownMap } from './types';

/** The object's current state: the override if any, else its idle state; undefined for unknown objects. */
export function objectState(map: TownMap, overrides: Readonly<Record<Address, string>>, address: Address): string | undefined {
  const node = map.objects.get(address);
  if (!node) return undefined;
  return Object.prototype.hasOwnProperty.call(overrides, address) ? overrides[address] : node.idleState;
}

/**
 * A copy of `overrides` with the object set to `state`; setting the idle state (or null)
 * removes the entry. Throws for an unknown object address (a bug in the caller).
 */
export function withObjectState(
  map: TownMap,
  overrides: Readonly<Record<Address, string>>,
  address: Address,
  state: string | null,
): Record<Address, string> {
  const node = map.objects.get(address);
  if (!node) throw new Error(`unknown object "${address}"`);
  const next = { ...overrides };
  if (state === null || state === node.idleState) delete next[address];
  else next[address] = state;
  return next;
}

/** Every object's idle state by full address. */
export function idleStates(map: TownMap): Map<Address, string> {
  return new Map([...map.objects].map(([address, node]) => [address, node.idleState]));
}

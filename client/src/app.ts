/**
 * What the scenes and the DOM panels share: the connection to the town and who is selected.
 * Selecting an agent (on the map or in the list) opens the inspector; following moves the camera.
 */
import type { TownClient } from './net/townClient';
import type { PlaceIndex } from './town/placeIndex';

type SelectionListener = (id: string | null) => void;
type FollowListener = (following: boolean) => void;

export class HamletApp {
  private selected: string | null = null;
  private following = false;
  private readonly selectionListeners = new Set<SelectionListener>();
  private readonly followListeners = new Set<FollowListener>();

  /** Where the town's objects are (set once the map has loaded). */
  places: PlaceIndex | null = null;

  constructor(readonly client: TownClient) {}

  get selection(): string | null {
    return this.selected;
  }

  get isFollowing(): boolean {
    return this.following;
  }

  select(id: string | null): void {
    if (id === this.selected) return;
    this.selected = id;
    if (id === null) this.follow(false);
    for (const listener of this.selectionListeners) listener(id);
  }

  follow(on: boolean): void {
    const next = on && this.selected !== null;
    if (next === this.following) return;
    this.following = next;
    for (const listener of this.followListeners) listener(next);
  }

  onSelect(listener: SelectionListener): () => void {
    this.selectionListeners.add(listener);
    return () => this.selectionListeners.delete(listener);
  }

  onFollow(listener: FollowListener): () => void {
    this.followListeners.add(listener);
    return () => this.followListeners.delete(listener);
  }
}

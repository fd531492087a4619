/** Scene keys, texture keys and drawing depths in one place. */
export const SCENES = { boot: 'Boot', preloader: 'Preloader', town: 'Town' } as const;

export const TEXTURES = {
  map: 'town-map',
  characters: 'characters',
  /** Tileset i's texture key. */
  tileset: (i: number) => `tileset-${i}`,
} as const;

/** Drawing order: ground layers, then people (sorted by y), then `above` layers, then labels and bubbles. */
export const DEPTH = {
  layer: 0,
  agents: 1_000,
  aboveLayer: 100_000,
  /** Markers on objects in use: over the map, under names and bubbles. */
  objectMarkers: 150_000,
  labels: 200_000,
  bubbles: 300_000,
} as const;

/** Longest time a walk between two tiles is drawn over (slow speeds still look like walking). */
export const MAX_WALK_MS = 700;
/** A jump longer than this many tiles (after a resync) is a jump, not a walk. */
export const MAX_WALK_TILES = 3;
/** Speech bubbles stay up at least this long. */
export const BUBBLE_MIN_MS = 3_500;
export const BUBBLE_MS_PER_CHAR = 70;
/**
 * Text over the map keeps its on-screen size as the camera zooms out (so names stay readable) and
 * grows a little as it zooms in: on-screen scale = zoom clamped to [min, max].
 */
export const NAME_SCREEN_SCALE = { min: 1, max: 1.5 } as const;
export const EMOJI_SCREEN_SCALE = { min: 0.9, max: 1.5 } as const;

/** World scale that gives something drawn over the map the on-screen scale `zoom` clamped to [min, max]. */
export function screenScale(zoom: number, limits: { readonly min: number; readonly max: number }): number {
  return Math.min(limits.max, Math.max(limits.min, zoom)) / zoom;
}

/** From this zoom down, a name or emoji with no room nearby is hidden (hover shows it). */
export const DECLUTTER_BELOW_ZOOM = 0.7;
/** How fast people slide aside on a shared tile, and labels move out of each other's way (time constants). */
export const FAN_EASE_MS = 160;
export const LABEL_EASE_MS = 90;
/** The first view never opens below this zoom (a whole big town at once is too small to read). */
export const OPENING_MIN_ZOOM = 0.75;
/** Camera flights (whole town and back). */
export const CAMERA_FLIGHT_MS = 600;
/** Speed choices offered to controllers (steps per second). */
export const SPEEDS = [0.5, 1, 2, 5, 10, 20, 50] as const;
/** The inspector refreshes this often while open. */
export const INSPECTOR_REFRESH_MS = 1_000;

export const EMOJI_FONT = "'Apple Color Emoji', 'Segoe UI Emoji', 'Noto Color Emoji', system-ui, sans-serif";
export const LABEL_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";

/**
 * The town's art as the page fetches it. Only an explicit list is served — the map JSON, each
 * tileset image the map names and the character sheet — under fixed URLs, so no request path
 * can reach any other file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { TownMap } from '../world/types';
import type { MapAssets } from './protocol';

export const CHARACTER_FRAME = { frameWidth: 32, frameHeight: 32, columns: 12 } as const;

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

export interface ServedAsset {
  contentType: string;
  /** Either a file to stream or a body held in memory. */
  file?: string;
  body?: string;
}

export interface TownAssets {
  /** What the snapshot tells the client. */
  describe(): MapAssets;
  /** The asset for a request path under /town/, or null (404). */
  lookup(urlPath: string): ServedAsset | null;
}

export interface TownAssetOptions {
  /** The Tiled JSON to serve (default: the map's validated JSON, else the map file). */
  mapJson?: unknown;
  /** Character sheet candidates, first existing wins (default: <map dir>/sprites/characters.png). */
  charactersPaths?: string[];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Character sheet candidates for a town whose map may sit in a folder of its own: that folder's
 * sprites/characters.png first, then `fallbacks` (the project's sheet).
 */
export function charactersBeside(mapSource: string | undefined, fallbacks: string[]): string[] {
  return mapSource ? [resolve(dirname(resolve(mapSource)), 'sprites', 'characters.png'), ...fallbacks] : fallbacks;
}

export function townAssets(map: TownMap, options: TownAssetOptions = {}): TownAssets {
  const mapDir = map.source ? dirname(resolve(map.source)) : process.cwd();
  const json = options.mapJson ?? map.tiled ?? (map.source && existsSync(map.source) ? JSON.parse(readFileSync(map.source, 'utf8')) : null);
  if (!json) throw new Error(`No Tiled JSON to serve for the map ${map.world}`);
  const mapBody = JSON.stringify(json);
  const tiledTilesets = ((json as { tilesets?: { name?: string; image?: string }[] }).tilesets ?? []).map((ts, i) => ({
    name: ts.name ?? `tileset ${i}`,
    image: ts.image,
  }));

  const tilesets = tiledTilesets.map((ts, i) => {
    const ext = ts.image ? extname(ts.image).toLowerCase() : '';
    const file = ts.image ? resolve(mapDir, ts.image) : null;
    const ok = file !== null && IMAGE_TYPES[ext] !== undefined && isFile(file);
    return { name: ts.name, path: `/town/tilesets/${i}${ext}`, file: ok ? file : null, contentType: IMAGE_TYPES[ext] ?? '' };
  });

  const characterCandidates = options.charactersPaths ?? [resolve(mapDir, 'sprites', 'characters.png')];
  const charactersFile = characterCandidates.find(isFile) ?? null;

  return {
    describe: () => ({
      url: '/town/map.json',
      width: map.width,
      height: map.height,
      tileWidth: map.tileWidth,
      tileHeight: map.tileHeight,
      layers: (map.drawLayers ?? []).map((l) => ({ name: l.name, above: l.above, visible: l.visible })),
      tilesets: tilesets.map((t) => ({ name: t.name, url: t.file ? t.path : null })),
      characters: { url: charactersFile ? '/town/characters.png' : null, ...CHARACTER_FRAME },
    }),
    lookup(urlPath) {
      if (urlPath === '/town/map.json') return { contentType: 'application/json; charset=utf-8', body: mapBody };
      if (urlPath === '/town/characters.png') return charactersFile ? { contentType: 'image/png', file: charactersFile } : null;
      const tileset = tilesets.find((t) => t.path === urlPath);
      return tileset?.file ? { contentType: tileset.contentType, file: tileset.file } : null;
    },
  };
}

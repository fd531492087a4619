/**
 * Reads a Tiled JSON map file into the world model (the parsing itself, free of Node, is
 * parseMap.ts: the Hamlet map convention and what it requires are described there).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseTownMap } from './parseMap';
import type { TownMap } from './types';

export { parseTownMap };

/** Reads and parses a map file. Errors start with the path. */
export function loadTownMap(path: string): TownMap {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${path}: cannot read the map file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message}); export the map as JSON (.tmj)`);
  }
  return parseTownMap(json, path);
}

/**
 * Tileset image files to serve with the map: `tilesetImages` resolved against the folder of
 * the map's source path (paths stay relative when the source was relative).
 */
export function tilesetImageFiles(map: TownMap): string[] {
  const folder = dirname(map.source ?? '.');
  return (map.tilesetImages ?? []).map((image) => join(folder, image));
}

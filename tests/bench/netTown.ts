/**
 * The 25-person town the net and client benchmarks run on: the real town (maps/hamlet.tmj with
 * its personas) when it has at least 25 people, else the mini test town (with art) crowded with
 * 25 generated personas — a denser town than the real one, so its figures err on the high side.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPersonasFor, DEFAULT_MAP } from '../../server/cli/town';
import { writeArtTown } from '../e2e/artTown';

export interface BenchTown {
  mapPath: string;
  personasPath: string;
  label: string;
}

export function benchTown(agents = 25): BenchTown {
  const realPersonas = defaultPersonasFor(DEFAULT_MAP);
  if (existsSync(DEFAULT_MAP) && existsSync(realPersonas)) {
    const count = (JSON.parse(readFileSync(realPersonas, 'utf8')) as { personas: unknown[] }).personas.length;
    if (count >= agents) return { mapPath: DEFAULT_MAP, personasPath: realPersonas, label: `maps/hamlet.tmj (${agents} of ${count} personas)` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'hamlet-bench-'));
  const files = writeArtTown(dir);
  const file = JSON.parse(readFileSync(files.personasPath, 'utf8')) as { map: string; personas: Record<string, unknown>[] };
  const templates = file.personas;
  const personas = Array.from({ length: agents }, (_, i) => {
    const t = templates[i % templates.length] as { routine: { at: string }[]; relationships: unknown[] };
    const shift = (at: string) => {
      const [h, m] = at.split(':').map(Number);
      const total = Math.min(23 * 60 + 59, h * 60 + m + (i % 6) * 7);
      return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
    };
    return {
      ...t,
      id: `person-${String(i + 1).padStart(2, '0')}`,
      name: `Person ${i + 1}`,
      sprite: i,
      relationships: [],
      routine: t.routine.map((item) => ({ ...item, at: shift(item.at) })),
    };
  });
  writeFileSync(files.personasPath, JSON.stringify({ ...file, personas }));
  return { mapPath: files.mapPath, personasPath: files.personasPath, label: `mini town crowded with ${agents} generated personas (the real town has no 25-person cast yet)` };
}

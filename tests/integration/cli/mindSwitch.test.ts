/**
 * openTown keeps a stored run's kind of mind: resuming a generative run with the rule-based mind
 * (or the other way round) is refused unless switchMind is set, and the file is left as it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mindFactoryFor } from '../../../server/cli/minds';
import type { ModelChoice } from '../../../server/cli/models';
import { MindSwitchError, openTown } from '../../../server/cli/town';
import { defaultLlmConfig } from '../../../server/llm/config';
import { SimulationStore } from '../../../server/store/simulationStore';
import { writeMiniTown } from '../../support/miniTown';
import { HashEmbedder } from '../../support/scriptedModel';
import { createTownScriptModel } from '../../support/townScript';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-mind-switch-'));
const mini = writeMiniTown(join(dir, 'mini'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readyChoice(): ModelChoice {
  return { kind: 'ready', config: defaultLlmConfig({}), llm: createTownScriptModel(), embedder: new HashEmbedder(32), label: 'town script', notes: [] };
}

async function runFor(dbPath: string, mindFactory?: ReturnType<typeof mindFactoryFor>): Promise<void> {
  const town = await openTown({ ...mini, dbPath, startTime: '2026-02-13T06:30', mindFactory });
  for (let i = 0; i < 30; i++) await town.sim.step();
  town.sim.snapshot();
  town.store.close();
}

describe('resuming with another kind of mind', () => {
  it('refuses a generative run continued rule-based unless switchMind, and leaves the file as it was', async () => {
    const db = join(dir, 'generative.db');
    await runFor(db, mindFactoryFor(readyChoice()));
    await expect(openTown({ dbPath: db, resume: true })).rejects.toThrow(MindSwitchError);
    await expect(openTown({ dbPath: db, resume: true })).rejects.toThrow(/was run with the generative mind \(generative \(town script\)\), but no language model is available now.*\n.*--switch-mind/);
    let store = SimulationStore.open(db, { readonly: true });
    expect(store.meta.mind).toBe('generative (town script)');
    expect(store.stepCount()).toBe(30);
    store.close();

    const switched = await openTown({ dbPath: db, resume: true, switchMind: true });
    expect(switched.sim.mind.label).toBe('rule-based (no language model)');
    switched.store.close();
    store = SimulationStore.open(db, { readonly: true });
    expect(store.meta.mind).toBe('rule-based (no language model)');
    store.close();
  });

  it('refuses a rule-based run continued by a model unless switchMind; switched, the run stores the mind settings asked then', async () => {
    const db = join(dir, 'rule.db');
    await runFor(db);
    const asked = { mind: { reflectionThreshold: 90 } };
    await expect(openTown({ dbPath: db, resume: true, mindFactory: mindFactoryFor(readyChoice(), asked) })).rejects.toThrow(/was run with the rule-based mind .* a language model is configured now/);
    let store = SimulationStore.open(db, { readonly: true });
    expect(store.meta.config.mind, 'a refused switch stores nothing').toBeUndefined();
    store.close();
    const switched = await openTown({ dbPath: db, resume: true, switchMind: true, mindFactory: mindFactoryFor(readyChoice(), asked) });
    expect(switched.sim.mind.label).toBe('generative (town script)');
    switched.store.close();
    store = SimulationStore.open(db, { readonly: true });
    expect(store.meta.config.mind).toMatchObject({ reflectionThreshold: 90 });
    store.close();
  });
});

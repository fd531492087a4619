import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../server/cli/args';
import { formatStats, runStats, statsCommand } from '../../../server/cli/commands/stats';
import { mindFactoryFor } from '../../../server/cli/minds';
import type { ModelChoice } from '../../../server/cli/models';
import { openTown } from '../../../server/cli/town';
import { PROJECT_ROOT } from '../../../server/cli/version';
import { defaultLlmConfig } from '../../../server/llm/config';
import { GenerativeConfigError, GenerativeMind } from '../../../server/mind/generative/index';
import { SimulationStore } from '../../../server/store/simulationStore';
import { HashEmbedder } from '../../support/scriptedModel';
import { writeMiniTown } from '../../support/miniTown';
import { createTownScriptModel } from '../../support/townScript';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-mind-cli-'));
const mini = writeMiniTown(join(dir, 'mini'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readyChoice(): ModelChoice {
  const llm = createTownScriptModel();
  return { kind: 'ready', config: defaultLlmConfig({}), llm, embedder: new HashEmbedder(32), label: 'town script', notes: [] };
}

describe('the generative mind from the command line', () => {
  const dbPath = join(dir, 'run.db');

  it('is built when a model is ready, records every call in the simulation file, and stats reads them', async () => {
    const town = await openTown({ ...mini, dbPath, startTime: '2026-02-13T06:30', mindFactory: mindFactoryFor(readyChoice(), { mind: { concurrency: 2 } }) });
    expect(town.sim.mind).toBeInstanceOf(GenerativeMind);
    expect(town.sim.mind.label).toBe('generative (town script)');
    expect((town.sim.mind as GenerativeMind).config.concurrency).toBe(2);
    for (let i = 0; i < 3 * 360; i++) await town.sim.step();
    town.sim.snapshot();
    const recorded = town.store.db.prepare('SELECT COUNT(*) AS n, COUNT(agent_id) AS tagged, COUNT(step) AS stepped FROM llm_calls').get() as { n: number; tagged: number; stepped: number };
    expect(recorded.n).toBeGreaterThan(20);
    expect(recorded.tagged).toBe(recorded.n);
    expect(recorded.stepped).toBe(recorded.n);
    const embedded = town.store.db.prepare('SELECT COUNT(*) AS calls, SUM(texts) AS texts FROM llm_embedding_calls').get() as { calls: number; texts: number };
    const memories = (town.store.db.prepare('SELECT COUNT(*) AS n FROM memories').get() as { n: number }).n;
    expect(embedded.calls).toBeGreaterThan(0);
    expect(embedded.texts).toBeLessThan(memories); // repeated texts come from the embedding cache
    town.store.close();
    expect(SimulationStore.open(dbPath, { readonly: true }).meta.mind).toBe('generative (town script)');

    const stats = runStats(dbPath);
    expect(stats.agents).toBe(4);
    expect(stats.steps).toBe(3 * 360);
    expect(stats.gameHours).toBe(3);
    expect(stats.agentHours).toBe(12);
    expect(stats.awakeAgentHours).toBeGreaterThan(4);
    expect(stats.awakeAgentHours).toBeLessThan(12);
    expect(stats.totals.calls).toBe(recorded.n);
    expect(stats.byTask.reduce((n, t) => n + t.calls, 0)).toBe(recorded.n);
    expect(stats.byTask.map((t) => t.task)).toEqual(expect.arrayContaining(['planDay', 'decomposeBlock', 'rateImportance']));
    expect(stats.totals.perAwakeAgentHour.calls).toBeCloseTo(recorded.n / stats.awakeAgentHours, 1);
    expect(stats.byHour).toHaveLength(3);
    expect(stats.byHour.reduce((n, h) => n + h.calls, 0)).toBe(recorded.n);
    expect(stats.byAgent).toHaveLength(4);
    const text = formatStats(stats);
    for (const heading of ['Per agent per waking game hour', 'By task', 'By agent', 'By game hour', 'fail-safe', 'embeddings']) expect(text).toContain(heading);
  });

  it('`hamlet stats --json` prints the figures; a rule-based run has none', async () => {
    const out = execFileSync(process.execPath, [join(PROJECT_ROOT, 'server/cli/hamlet.js'), 'stats', dbPath, '--json'], { encoding: 'utf8' });
    const parsed = JSON.parse(out);
    expect(parsed.totals.calls).toBeGreaterThan(0);
    expect(parsed.targets.target).toEqual({ calls: 15, tokens: 8000 });

    const ruleDb = join(dir, 'rule.db');
    const rule = await openTown({ ...mini, dbPath: ruleDb });
    for (let i = 0; i < 10; i++) await rule.sim.step();
    rule.store.close();
    expect(formatStats(runStats(ruleDb))).toContain('none recorded');
    await expect(statsCommand.run({ values: {}, positionals: [] })).rejects.toThrow(UsageError);
  });

  it('reads cognitive parameters from the config file and refuses bad ones', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ mind: { reflectionThreshold: 90, retrievalWeights: 'paper' } }));
    expect(() => mindFactoryFor(readyChoice(), { configPath: good })).not.toThrow();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ mind: { reflectionThreshold: 'high' } }));
    expect(() => mindFactoryFor(readyChoice(), { configPath: bad })).toThrow(GenerativeConfigError);
  });
});

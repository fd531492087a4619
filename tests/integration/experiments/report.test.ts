/**
 * A report end to end from a short run of the party scenario on the scripted town model: Rosa's
 * invitation spreads through conversations (a rising diffusion curve, with conversations as the
 * memory provenance), the report folder holds the page, the SVG charts and the CSVs, and measuring
 * never changed the run (the same steps without any interview give the same step log).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generativeMindFor } from '../../../server/cli/minds';
import { openTown, type MindFactory } from '../../../server/cli/town';
import { runExperiment, seedInputs } from '../../../server/experiments/experiment';
import { liveExperiment, LiveExperimentSource } from '../../../server/experiments/live';
import { figuresTable, writeReport } from '../../../server/experiments/report';
import { loadScenario, parseScenario } from '../../../server/experiments/scenario';
import { resolveGenerativeConfig } from '../../../server/mind/generative/index';
import { SimulationStore } from '../../../server/store/simulationStore';
import { HashEmbedder } from '../../support/scriptedModel';
import { createTownScriptModel } from '../../support/townScript';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-experiment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const party = loadScenario('party');
// The shipped scenario, shortened: six people (Rosa and Emmanuel among them) for eight game hours.
const scenario = parseScenario({ ...JSON.parse(readFileSync(party.file, 'utf8')), hours: 8, agents: 6, measureEveryHours: 2 }, party.file);
const HOURS = 8;
const llm = createTownScriptModel({ talkRate: 0.8, tellNews: true });
const mindFactory: MindFactory = (town) => generativeMindFor(town, { llm, embedder: new HashEmbedder(64), label: llm.name }, resolveGenerativeConfig({}));

describe('hamlet experiment, end to end on the scripted model', () => {
  it('writes a report whose party curve rises through conversations, without changing the run', async () => {
    const out = join(dir, 'report');
    const results = await runExperiment({ scenario, conditions: ['none'], runs: 1, outDir: out, mindFactory, judge: llm, modelLabel: 'town-script' });
    const run = results.runs[0];
    expect(run.agents.map((a) => a.id)).toContain('rosa-delgado');
    expect(run.steps).toBe(HOURS * 360);

    const partyFact = run.facts.find((f) => f.id === 'party')!;
    const curve = partyFact.curve;
    expect(curve.map((p) => p.step)).toEqual([1, 720, 1440, 2160, 2880]);
    // Rosa alone knows at the start, by interview and by memory; more know at the end.
    expect(curve[0]).toMatchObject({ byInterview: 1, byMemory: 1 });
    expect(curve.at(-1)!.byInterview!).toBeGreaterThan(1);
    expect(curve.at(-1)!.byMemory).toBeGreaterThan(1);
    for (let i = 1; i < curve.length; i++) expect(curve[i].byMemory).toBeGreaterThanOrEqual(curve[i - 1].byMemory);
    // Who told them: conversations (with whom), Rosa from her persona.
    expect(partyFact.provenance.find((p) => p.agentId === 'rosa-delgado')).toMatchObject({ kind: 'persona' });
    expect(partyFact.provenance.some((p) => p.kind === 'conversation' && p.from)).toBe(true);
    // Every fact interview was judged by the model (the scripted judge), none fell back to words.
    expect(partyFact.judgments.length).toBe(5 * 6);
    expect(partyFact.judgments.every((j) => j.judge === 'model')).toBe(true);
    // Emmanuel knows his own candidacy from the start.
    const election = run.facts.find((f) => f.id === 'election')!;
    expect(election.judgments.find((j) => j.step === 1 && j.agentId === 'emmanuel-okafor')?.knows).toBe(true);

    // The network: density by memory never falls; the interview graph exists at both ends.
    expect(run.network.end.byMemory.density).toBeGreaterThanOrEqual(run.network.start.byMemory.density);
    expect(run.network.start.byInterview).not.toBeNull();
    expect(run.network.end.byInterview!.density).toBeGreaterThan(0);
    // Cost and activity are there; believability answers for 5 categories × 2 questions × 6 people.
    expect(run.cost.callsPerAgentHour).toBeGreaterThan(0);
    expect(run.activity.reduce((s, a) => s + a.conversations, 0)).toBeGreaterThan(0);
    expect(run.believability).toHaveLength(60);
    // The gathering lies after the run: no attendance is counted, and the table says why (not "0 came").
    expect(run.attendance).toBeNull();
    expect(figuresTable(results).rows.find((r) => r[0] === 'invited who came to the gathering')?.[2]).toBe('not reached: the run ends before 2026-02-14 17:00');

    const report = await writeReport(results, out);
    for (const f of ['index.html', 'diffusion.svg', 'network-start.svg', 'network-end.svg', 'ablations.svg', 'cost.svg', 'results.json', 'believability.csv', 'facts.csv', 'diffusion.vl.json']) {
      expect(report.files, f).toContain(f);
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const svg = readFileSync(join(out, 'diffusion.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Diffusion');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('4% → 48%');
    expect(html).toContain('0.167 → 0.74');
    expect(html).toContain('<img src="diffusion.svg"');
    expect(readFileSync(join(out, 'believability.csv'), 'utf8').split('\n')[0]).toBe('condition,run,agent,category,question,answer');

    // The page's panel reads the same figures from the file (by memory; no interviews), at any step shown.
    const stored = SimulationStore.open(run.db, { readonly: true });
    const live = new LiveExperimentSource(stored, () => 1440).read();
    expect(live.scenario).toEqual({ name: 'party', title: scenario.title });
    expect(live.condition).toBe('full architecture');
    const livePartyAt4h = live.diffusion.filter((d) => d.fact === 'party').at(-1)!;
    expect([livePartyAt4h.hour, livePartyAt4h.share]).toEqual([4, curve.find((p) => p.step === 1440)!.byMemory / 6]);
    expect(liveExperiment(stored, run.steps, scenario).cost.callsPerAgentHour).toBeCloseTo(run.cost.callsPerAgentHour);
    stored.close();

    // Measuring changed nothing: the same steps run bare give the same step log.
    const measured = SimulationStore.open(run.db, { readonly: true });
    const measuredHash = measured.stepLogHash();
    measured.close();
    const bare = await openTown({ mapPath: scenario.mapPath, dbPath: join(dir, 'bare.db'), seed: scenario.seed, startTime: scenario.start, agentLimit: 6, config: { ablation: 'none', scenario: 'party' }, mindFactory });
    for (const { step, input } of seedInputs(bare, scenario)) bare.sim.enqueueAt(step, input);
    for (let i = 0; i < HOURS * 360; i++) await bare.sim.step();
    expect(bare.store.stepLogHash()).toBe(measuredHash);
    bare.store.close();
  }, 300_000);
});

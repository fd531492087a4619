/**
 * `hamlet experiment` and `--ablate` as a user runs them: the real bin against a fake
 * OpenAI-compatible server answering with the scripted town (people tell their news).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { hamletAsync } from '../../support/hamletCli';
import { townScriptWireAnswer } from '../../support/townScript';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-experiment-cli-'));
let server: FakeOpenAiServer;
let env: Record<string, string>;
beforeAll(async () => {
  server = await startFakeOpenAiServer({ chatText: (body) => townScriptWireAnswer(body, { tellNews: true }) });
  env = { LLM_BACKEND: 'openai', LLM_BASE_URL: server.url, LLM_MODEL: 'town-7b', EMBED_MODEL: 'hash' };
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hamlet experiment', () => {
  it('runs a scenario and writes the report, then measures the stored run with --db', async () => {
    const out = join(dir, 'report');
    const r = await hamletAsync(['experiment', 'party', '--hours', '1', '--agents', '5', '--out', out, '--quiet'], env, 180_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`report: ${join(out, 'index.html')}`);
    expect(r.stdout).toMatch(/Rosa's Valentine's Day party: knew at the start → at the end +paper: 4% → 48% +· +Hamlet: 20% → \d+%/);
    expect(r.stdout).toMatch(/network density, start → end +paper: 0\.167 → 0\.74/);
    for (const f of ['index.html', 'diffusion.svg', 'network-end.svg', 'believability.csv', 'runs/none-1.db']) expect(existsSync(join(out, f)), f).toBe(true);

    const measured = join(dir, 'measured');
    const m = await hamletAsync(['experiment', 'election', '--db', join(out, 'runs', 'none-1.db'), '--out', measured, '--quiet'], env, 180_000);
    expect(m.code).toBe(0);
    const results = JSON.parse(readFileSync(join(measured, 'results.json'), 'utf8'));
    expect(results.scenario.name).toBe('election');
    expect(results.runs[0].facts[0].judgments).toHaveLength(5);
    expect(results.runs[0].facts[0].judgments.every((j: { judge: string; step: number }) => j.judge === 'model' && j.step === 360)).toBe(true);
    // Measured by memory too: Emmanuel knows his candidacy from his persona.
    expect(results.runs[0].facts[0].provenance.find((p: { agentId: string }) => p.agentId === 'emmanuel-okafor')).toMatchObject({ kind: 'persona', step: 0 });
  }, 300_000);

  it('names a scenario that does not fit the town (a fact whose source is not simulated)', async () => {
    const r = await hamletAsync(['experiment', 'party', '--hours', '1', '--agents', '4', '--out', join(dir, 'unfit'), '-q'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/party\.scenario\.json does not fit its town:\n {2}- facts "election" source: no one called "emmanuel-okafor" in this town/);
  }, 60_000);

  it('says what is wrong in one line: usage errors exit 2, a missing scenario or model exit 1', async () => {
    const noScenario = await hamletAsync(['experiment'], env);
    expect([noScenario.code, noScenario.stderr]).toEqual([2, 'hamlet: give a scenario: hamlet experiment <scenario> (shipped: party, election)\n']);
    const badAblation = await hamletAsync(['experiment', 'party', '--ablate', 'no-memory'], env);
    expect(badAblation.code).toBe(2);
    expect(badAblation.stderr).toMatch(/^hamlet: --ablate: unknown ablation "no-memory" \(one of: none, no-reflection, /);
    const dbAndRuns = await hamletAsync(['experiment', 'party', '--db', 'x.db', '--runs', '2'], env);
    expect(dbAndRuns.code).toBe(2);
    const missing = await hamletAsync(['experiment', 'picnic', '--llm-backend', 'none'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/scenario "picnic" not found: .*maps\/scenarios\/picnic\.scenario\.json/);
    const noModel = await hamletAsync(['experiment', 'party', '--llm-backend', 'none', '-q'], { ...env, LLM_BASE_URL: '' });
    expect(noModel.code).toBe(1);
    expect(noModel.stderr).toMatch(/^hamlet: an experiment interviews the agents and needs the generative mind/);
  }, 120_000);
});

describe('hamlet run --ablate', () => {
  it('runs the condition, says so in the summary, and refuses it without a model or on a resume', async () => {
    const db = join(dir, 'ablated.db');
    const r = await hamletAsync(['run', '--steps', '30', '--agents', '3', '--ablate', 'no-reflection', '--db', db, '--json', '--quiet'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).mind).toMatch(/^generative \(town-7b · openai-compatible .*\) · ablation: no reflection$/);
    const resumed = await hamletAsync(['run', '--steps', '1', '--db', db, '--resume', '--ablate', 'none'], env);
    expect([resumed.code, resumed.stderr]).toEqual([2, 'hamlet: --ablate applies to a new run: a resumed run keeps the ablation it was run with\n']);
    const bad = await hamletAsync(['run', '--steps', '1', '--ablate', 'no-thinking', '--db', join(dir, 'x.db')], env);
    expect(bad.code).toBe(2);
    const none = await hamletAsync(['run', '--steps', '1', '--ablate', 'no-reflection', '--llm-backend', 'none', '--db', join(dir, 'y.db'), '-q'], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/--ablate no-reflection switches off parts of the generative mind, which needs a language model/);
  }, 120_000);
});

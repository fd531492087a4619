/**
 * A town whose model answers are unusable runs on fail-safes: `hamlet run` (a real process
 * through the real bin, against a real HTTP server speaking the OpenAI API) must say so — the
 * warning once in its log, the summary plainly (human and --json) with the likely cause — and
 * `hamlet stats` must make the run stand out.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { writeMiniTown } from '../../support/miniTown';

const BIN = join(__dirname, '..', '..', '..', 'server', 'cli', 'hamlet.js');
const town = writeMiniTown();
let garbage: FakeOpenAiServer;
let missing: FakeOpenAiServer;

beforeAll(async () => {
  // A model that answers prose, never JSON (a tiny model, or a server ignoring structured output).
  garbage = await startFakeOpenAiServer({ chatText: () => 'Sure! Here is what I think about that: the weather is lovely and bread is nice.' });
  // A server that does not know the model name.
  missing = await startFakeOpenAiServer();
  missing.setDefault('chat', { kind: 'status', status: 404, message: "The model 'qwen-typo' does not exist" });
});
afterAll(async () => {
  await garbage?.close();
  await missing?.close();
  rmSync(town.dir, { recursive: true, force: true });
});

/** Runs the CLI without blocking this process's event loop (the fake server lives here). The vitest config sets LLM_BACKEND=none; LLM_BASE_URL picks the server here. */
function hamlet(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LLM_BACKEND: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function runArgs(db: string, ...extra: string[]): string[] {
  return ['run', '--map', town.mapPath, '--start', '2026-02-13T07:00', '--steps', '20', '--db', db, '--quiet', ...extra];
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('the minds health on the command line', () => {
  it('says plainly, once, that a model answering no JSON leaves the town on fail-safes (human summary, JSON, stats)', async () => {
    const env = { LLM_BASE_URL: garbage.url, LLM_MODEL: 'tiny-chat', EMBED_MODEL: 'fake-embed' };
    const human = await hamlet(runArgs(join(town.dir, 'garbage.db')), env);
    expect(human.code, human.stderr).toBe(0);
    // The warning: once in the log, with the likely cause.
    expect(count(human.stderr, 'unusable'), human.stderr).toBe(1);
    expect(human.stderr).toMatch(/⚠ 100% of the model's answers over the last game hour were unusable.*fail-safes.*Likely cause: the model's answers are not JSON: a model too small .* or a server ignoring structured output/);
    // The summary: shares, per task, and the plain warning.
    expect(human.stdout).toMatch(/answers\s+\d+ task runs: 0% usable \(0% ok, 0% repaired, 0% retried\) · 100% fail-safe {2}⚠/);
    expect(human.stdout).toMatch(/planDay\s+4 runs\s+0% usable\s+100% fail-safe/);
    expect(human.stdout).toMatch(/⚠ 100% of the model's answers .* unusable.*Likely cause: the model's answers are not JSON/);

    const json = await hamlet(runArgs(join(town.dir, 'garbage-json.db'), '--json'), env);
    expect(json.code, json.stderr).toBe(0);
    expect(count(json.stderr, 'unusable')).toBe(1);
    const summary = JSON.parse(json.stdout);
    expect(summary.health).toMatchObject({ shares: { usable: 0, failSafe: 1 }, failSafeHeavy: true, alert: { kind: 'not-json', failSafeShare: 1 } });
    expect(summary.health.runs).toBeGreaterThanOrEqual(10);
    expect(summary.health.counts.byTask.planDay).toEqual({ ok: 0, repaired: 0, retried: 0, failSafe: 4 });
    expect(summary.health.failures['not-json']).toBeGreaterThan(0);

    const stats = await hamlet(['stats', join(town.dir, 'garbage.db')], {});
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toMatch(/answers\s+\d+ task runs: 0% usable .* 100% fail-safe/);
    expect(stats.stdout).toMatch(/⚠ 100% of the model's answers were unusable: this run leaned on fail-safes/);
    expect(stats.stdout).toMatch(/Likely cause: the model's answers are not JSON/);
    const statsJson = JSON.parse((await hamlet(['stats', join(town.dir, 'garbage.db'), '--json'], {})).stdout);
    expect(statsJson.health).toMatchObject({ failSafeHeavy: true, shares: { failSafe: 1 } });
  }, 120_000);

  it('names a wrong model name when the server answers HTTP 404', async () => {
    const out = await hamlet(runArgs(join(town.dir, 'missing.db'), '--json'), { LLM_BASE_URL: missing.url, LLM_MODEL: 'qwen-typo', EMBED_MODEL: 'fake-embed', LLM_MAX_RETRIES: '0' });
    expect(out.code, out.stderr).toBe(0);
    expect(count(out.stderr, 'unusable')).toBe(1);
    expect(out.stderr).toMatch(/Likely cause: the server answers HTTP 404: most likely a wrong model name/);
    expect(JSON.parse(out.stdout).health.alert.kind).toBe('model-not-found');
  }, 120_000);

  it('gives the rule-based mind no health and no warning', async () => {
    const rule = await hamlet(['run', '--map', town.mapPath, '--steps', '5', '--db', join(town.dir, 'rule.db'), '--json', '--quiet', '--llm-backend', 'none'], { LLM_BASE_URL: '' });
    expect(rule.code, rule.stderr).toBe(0);
    expect(JSON.parse(rule.stdout).health).toBeNull();
    expect(rule.stderr).not.toContain('unusable');
  }, 120_000);
});

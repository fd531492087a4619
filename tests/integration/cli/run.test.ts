/**
 * `hamlet run` as a user runs it: a separate process through the real bin, the rule-based mind
 * (--llm-backend none keeps the test offline), real SQLite files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulationStore } from '../../../server/store/simulationStore';

const BIN = join(__dirname, '..', '..', '..', 'server', 'cli', 'hamlet.js');
const dir = mkdtempSync(join(tmpdir(), 'hamlet-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hamlet(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, LLM_BASE_URL: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('hamlet run', () => {
  it('runs a full game day with the rule-based mind, stores 8,640 steps, and a second run gives the identical log', () => {
    const first = hamlet('run', '--hours', '24', '--seed', '1', '--db', join(dir, 'day1.db'), '--json', '--llm-backend', 'none');
    expect(first.code, first.stderr).toBe(0);
    const a = JSON.parse(first.stdout);
    expect(a).toMatchObject({ steps: 8640, fromStep: 0, toStep: 8640, agents: 25, mind: 'rule-based (no language model)', interrupted: false });
    expect(a.gameTime.hours).toBe(24);
    expect(a.conversations).toBeGreaterThan(0);
    expect(first.stderr).toContain('rule-based');

    const second = hamlet('run', '--hours', '24', '--seed', '1', '--db', join(dir, 'day2.db'), '--json', '--llm-backend', 'none');
    expect(second.code, second.stderr).toBe(0);
    const b = JSON.parse(second.stdout);
    expect(b.stepLogSha256).toBe(a.stepLogSha256);

    const store = SimulationStore.open(join(dir, 'day1.db'), { readonly: true });
    expect(store.stepCount()).toBe(8640);
    expect(store.stepLogHash()).toBe(a.stepLogSha256);
    store.close();
  });

  it('continues a stored run with --resume and refuses to overwrite without being asked', () => {
    const db = join(dir, 'resume.db');
    expect(hamlet('run', '--hours', '1', '--db', db, '--json', '--llm-backend', 'none').code).toBe(0);
    const again = hamlet('run', '--hours', '1', '--db', db, '--llm-backend', 'none');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds a simulation.*--resume.*--overwrite/);
    const resumed = hamlet('run', '--hours', '1', '--db', db, '--resume', '--json', '--llm-backend', 'none');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ fromStep: 360, toStep: 720, resumed: true });
  });

  it('runs a small town drawn to the convention with no code change', () => {
    const out = hamlet('run', '--hours', '2', '--map', 'maps/village.tmj', '--db', join(dir, 'village.db'), '--json', '--llm-backend', 'none');
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ steps: 720, agents: 4 });
  });

  it('explains itself and rejects bad flags with exit code 2', () => {
    const help = hamlet('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: hamlet <command>/);
    expect(help.stdout).toContain('run');
    const runHelp = hamlet('run', '--help');
    expect(runHelp.stdout).toMatch(/--hours/);
    expect(runHelp.stdout).toMatch(/--resume/);
    // the config file holds both the model settings and the cognitive parameters
    expect(runHelp.stdout).toMatch(/--config .*"llm" section.*"mind" section/);
    const bad = hamlet('run', '--hourz', '3');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--hourz'/);
    const badValue = hamlet('run', '--hours', 'many');
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toMatch(/--hours expects a number/);
    const unknown = hamlet('fly');
    expect(unknown.code).toBe(2);
  });

  it('names what is wrong with a broken map', () => {
    const out = hamlet('run', '--steps', '1', '--map', 'maps/README.md', '--db', join(dir, 'broken.db'), '--llm-backend', 'none');
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/maps\/README.md/);
  });

  it('stops with an error when --require-model is set and no model can be loaded', () => {
    const out = hamlet('run', '--steps', '1', '--db', join(dir, 'req.db'), '--llm-backend', 'none', '--require-model');
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/rule-based/);
  });
});

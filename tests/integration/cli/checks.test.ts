/**
 * A new user's first hour through the real CLI: bad flags and impossible dates are one line and
 * exit 2; a missing map, a bad "mind" section or an existing file are reported before any model
 * is loaded or asked; a headless run without a model says so in one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { hamletAsync } from '../../support/hamletCli';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-cli-checks-'));
let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** stderr lines, without npm's or node's unrelated warnings. */
function lines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() && !/^\(node:\d+\)|--trace-warnings|npm warn/.test(l));
}

describe('hamlet run checks before it loads', () => {
  it('answers bad numbers and impossible dates with one line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--hours', '-3'], /^hamlet: --hours must be at least 0, got -3$/],
      [['--start', 'banana'], /^hamlet: --start: Invalid start time "banana": use YYYY-MM-DDTHH:MM/],
      [['--start', '2026-13-45T99:00'], /^hamlet: --start: Invalid start time "2026-13-45T99:00": no such date or time/],
      [['--start', '2026-02-30T06:00'], /^hamlet: --start: Invalid start time "2026-02-30T06:00": no such date or time/],
    ];
    for (const [args, expected] of cases) {
      const out = await hamletAsync(['run', ...args, '--db', join(dir, 'flags.db'), '--llm-backend', 'none']);
      expect(out.code, `${args.join(' ')}: ${out.stderr}`).toBe(2);
      expect(lines(out.stderr), args.join(' ')).toHaveLength(1);
      expect(lines(out.stderr)[0]).toMatch(expected);
    }
  });

  it('reports a missing map, a bad "mind" section and an existing file before asking any model', async () => {
    const before = { ...server.counts };
    // (the test config sets LLM_BACKEND=none for commands; these choose the server.)
    const env = { LLM_BASE_URL: server.url, LLM_BACKEND: '' };
    const noMap = await hamletAsync(['run', '--steps', '1', '--map', join(dir, 'missing.tmj'), '--db', join(dir, 'a.db')], env);
    expect(noMap.code).toBe(1);
    expect(lines(noMap.stderr)).toEqual([`hamlet: Map not found: ${join(dir, 'missing.tmj')}`]);

    const config = join(dir, 'bad-mind.json');
    writeFileSync(config, JSON.stringify({ mind: { reflectionThreshold: 'high' } }));
    const badMind = await hamletAsync(['run', '--steps', '1', '--config', config, '--db', join(dir, 'b.db')], env);
    expect(badMind.code).toBe(1);
    expect(badMind.stderr).toMatch(/reflectionThreshold/);
    // …also when the mind would be rule-based anyway (it used to be ignored then).
    const badMindNoModel = await hamletAsync(['run', '--steps', '1', '--config', config, '--db', join(dir, 'b.db'), '--llm-backend', 'none']);
    expect(badMindNoModel.code).toBe(1);
    expect(badMindNoModel.stderr).toMatch(/reflectionThreshold/);

    const existing = join(dir, 'existing.db');
    expect((await hamletAsync(['run', '--steps', '1', '--map', 'maps/village.tmj', '--db', existing, '--llm-backend', 'none'])).code).toBe(0);
    const again = await hamletAsync(['run', '--steps', '1', '--map', 'maps/village.tmj', '--db', existing], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds a simulation/);

    expect(server.counts).toEqual(before); // no model listed, no chat, no embedding request
    for (const out of [noMap, badMind, again]) expect(out.stderr).not.toMatch(/language model/);
  });

  it('says "no language model" in one stderr line on a --json run; the summary holds the details', async () => {
    const out = await hamletAsync(['run', '--steps', '5', '--map', 'maps/village.tmj', '--db', join(dir, 'quiet.db'), '--json', '--offline', '--model-cache', join(dir, 'empty-cache')], { LLM_BACKEND: '' });
    expect(out.code, out.stderr).toBe(0);
    expect(lines(out.stderr)).toHaveLength(1);
    expect(lines(out.stderr)[0]).toMatch(/^no language model \(.*not found locally.*\): running the rule-based mind \(--verbose for details\)$/);
    const summary = JSON.parse(out.stdout);
    expect(summary.mind).toBe('rule-based (no language model)');
    expect(summary.modelMessage).toMatch(/^No language model available:\n.*Three ways out/s);

    const verbose = await hamletAsync(['run', '--steps', '5', '--map', 'maps/village.tmj', '--db', join(dir, 'verbose.db'), '--json', '--verbose', '--offline', '--model-cache', join(dir, 'empty-cache')], { LLM_BACKEND: '' });
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(/language model: local/);
    expect(verbose.stderr).toMatch(/Three ways out/);
  });
});

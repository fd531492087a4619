/**
 * The generative mind on the real local backend (transformers.js + onnxruntime, CPU), offline,
 * with tiny random-weight models the test builds: `hamlet run` must load them through
 * --models-dir and run a few steps without crashing. Random weights answer gibberish (and long
 * prompts overflow the tiny model's positions), so the tasks' fail-safes carry the agents.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulationStore } from '../../../server/store/simulationStore';
import { writeMiniTown } from '../../support/miniTown';
import { buildTinyModels } from '../../support/tinyOnnx';

const BIN = join(__dirname, '..', '..', '..', 'server', 'cli', 'hamlet.js');
const models = buildTinyModels();
const town = writeMiniTown();
afterAll(() => {
  rmSync(models.root, { recursive: true, force: true });
  rmSync(town.dir, { recursive: true, force: true });
});

describe('generative mind on tiny local ONNX models', () => {
  it('loads them offline through --models-dir and runs steps, falling back safely on unusable answers', () => {
    const db = join(town.dir, 'tiny.db');
    const args = [
      BIN, 'run', '--llm-backend', 'local', '--offline', '--models-dir', models.root,
      '--local-model', models.decoderId, '--local-embed-model', models.encoderId,
      '--device', 'cpu', '--dtype', 'fp32', '--embed-dtype', 'fp32',
      '--map', town.mapPath, '--start', '2026-02-13T07:00', '--steps', '4', '--db', db, '--json', '--quiet',
    ];
    const result = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 });
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.mind).toBe('generative (tiny-llama · local cpu fp32)');
    expect(summary.steps).toBe(4);
    // Gibberish answers: the summary says the town ran on fail-safes.
    expect(summary.health.counts.all.failSafe).toBeGreaterThan(0);
    expect(summary.health.shares.failSafe).toBeGreaterThan(0.3);

    const store = SimulationStore.open(db, { readonly: true });
    const calls = store.db.prepare("SELECT COUNT(*) AS n, SUM(outcome = 'fail-safe') AS failSafe FROM llm_calls").get() as { n: number; failSafe: number };
    const embedded = store.db.prepare('SELECT SUM(texts) AS texts FROM llm_embedding_calls').get() as { texts: number };
    store.close();
    expect(calls.n).toBeGreaterThan(0);
    expect(calls.failSafe).toBeGreaterThan(0);
    expect(embedded.texts).toBeGreaterThan(0);
  });
});

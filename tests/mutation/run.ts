/**
 * `npm run mutate -- <area> [<area> …]`: mutation testing with StrykerJS and its vitest runner over
 * one area of the core at a time (see areas.ts), then prints the score per area. Not part of CI:
 * an area takes minutes on two cores. Reports land in tests/.artifacts/mutation/<area>/.
 *   npm run mutate -- engine          one area
 *   npm run mutate                    every area, one after the other
 *   npm run mutate -- engine --force  every mutant again (by default a re-run is incremental: only
 *                                     mutants whose code or covering tests changed are tested again,
 *                                     from tests/.artifacts/mutation/<area>/incremental.json)
 */
import { Stryker } from '@stryker-mutator/core';
import { MUTATION_AREAS } from './areas';

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !(a in MUTATION_AREAS));
if (unknown.length) {
  console.error(`unknown area ${unknown.join(', ')}; areas: ${Object.keys(MUTATION_AREAS).join(', ')}`);
  process.exit(2);
}
const areas = asked.length ? asked : Object.keys(MUTATION_AREAS);
const force = process.argv.includes('--force');
const concurrency = Number(process.env.HAMLET_MUTATE_CONCURRENCY ?? 2);

interface Score {
  area: string;
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
  errors: number;
  score: number;
  survivors: string[];
}

const scores: Score[] = [];
for (const area of areas) {
  const { mutate, tests } = MUTATION_AREAS[area];
  process.env.HAMLET_MUTATE_TESTS = tests.join(',');
  console.log(`\n=== mutating ${area}: ${mutate.join(', ')} (${concurrency} workers) ===`);
  const stryker = new Stryker({
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    vitest: { configFile: 'tests/mutation/vitest.mutation.config.ts', related: false },
    mutate,
    coverageAnalysis: 'perTest',
    concurrency,
    timeoutMS: 10_000,
    reporters: ['progress-append-only', 'clear-text', 'html', 'json'],
    htmlReporter: { fileName: `tests/.artifacts/mutation/${area}/index.html` },
    jsonReporter: { fileName: `tests/.artifacts/mutation/${area}/report.json` },
    clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
    incremental: true,
    incrementalFile: `tests/.artifacts/mutation/${area}/incremental.json`,
    force,
    tempDirName: `.stryker-tmp/${area}`,
    cleanTempDir: 'always',
    ignorePatterns: ['data', 'tests/.artifacts', 'tests/.models', 'client/dist', '.stryker-tmp'],
    disableTypeChecks: true,
  });
  const results = await stryker.runMutationTest();
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const killed = count('Killed');
  const timeout = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const errors = count('RuntimeError') + count('CompileError');
  const valid = killed + timeout + survived + noCoverage;
  scores.push({
    area,
    killed,
    survived,
    noCoverage,
    timeout,
    errors,
    score: valid ? (100 * (killed + timeout)) / valid : 0,
    survivors: results
      .filter((r) => r.status === 'Survived' || r.status === 'NoCoverage')
      .map((r) => `${r.fileName}:${r.location.start.line} ${r.mutatorName}${r.replacement ? ` → ${r.replacement.replace(/\s+/g, ' ').slice(0, 60)}` : ''}`),
  });
}

console.log('\nMutation score per area (killed + timed out, of all valid mutants):');
for (const s of scores) {
  console.log(`  ${s.area.padEnd(8)} ${s.score.toFixed(1).padStart(5)} %   killed ${s.killed}, timed out ${s.timeout}, survived ${s.survived}, no coverage ${s.noCoverage}, errors ${s.errors}`);
}
console.log('\nSurvivors (also in each area\'s HTML report):');
for (const s of scores) for (const line of s.survivors) console.log(`  [${s.area}] ${line}`);

/**
 * The vitest config Stryker runs under: the project's own, limited to the test files of the area
 * being mutated (HAMLET_MUTATE_TESTS, a comma-separated list of globs set by tests/mutation/run.ts).
 * (mergeConfig would concatenate the include lists, so the test section is replaced instead.)
 */
import base from '../../vite.config';

const include = (process.env.HAMLET_MUTATE_TESTS ?? '').split(',').filter(Boolean);

export default {
  ...base,
  test: {
    ...base.test,
    include: include.length ? include : ['tests/unit/**/*.test.ts'],
    // A mutant that leaves a request unanswered or a loop unended fails its test in 10 s instead of
    // waiting for the suite's minute (the area's tests take a second or two each).
    testTimeout: 10_000,
  },
};

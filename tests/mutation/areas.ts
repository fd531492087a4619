/**
 * The areas `npm run mutate` covers: the files whose mutants are made and the tests that should
 * kill them. Scoped so that one area runs in minutes on two cores (the whole suite would take
 * hours under mutation).
 */
export interface MutationArea {
  /** Source files (globs) to mutate. */
  mutate: string[];
  /** Test files (globs) that run against each mutant. */
  tests: string[];
}

export const MUTATION_AREAS: Record<string, MutationArea> = {
  engine: {
    mutate: ['server/engine/intents.ts', 'server/engine/movement.ts', 'server/engine/stateDiff.ts', 'server/engine/rng.ts', 'server/engine/clock.ts'],
    tests: ['tests/unit/engine/**/*.test.ts'],
  },
  memory: {
    mutate: ['server/mind/memory/scoring.ts', 'server/mind/memory/memoryStream.ts', 'server/mind/memory/agentIndex.ts'],
    // The unit tests score and retrieve; the SQLite one covers flush, reload, index files and rewind.
    tests: ['tests/unit/memory/**/*.test.ts', 'tests/integration/memory/memoryStore.test.ts'],
  },
  tasks: {
    mutate: ['server/llm/task.ts', 'server/llm/jsonRepair.ts'],
    tests: ['tests/unit/llm/task.test.ts', 'tests/unit/llm/jsonRepair.test.ts', 'tests/unit/tasks/**/*.test.ts'],
  },
  net: {
    mutate: ['server/net/handlers.ts', 'server/net/roles.ts', 'server/net/validation.ts', 'server/net/rateLimit.ts'],
    // The unit tests drive attachHandlers through real socket.io sockets already; the whole-server
    // test adds ten seconds per mutant and, for a mutant that leaves a request unanswered, a timeout.
    tests: ['tests/unit/net/**/*.test.ts'],
  },
  store: {
    mutate: ['server/store/simulationStore.ts'],
    // The focused file on real SQLite; the town and CLI tests cover the same paths end to end but
    // take minutes per mutant.
    tests: ['tests/integration/store/simulationStore.test.ts'],
  },
};

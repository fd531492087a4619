import { defineConfig } from 'vitest/config';

// One config for the client build (vite) and the test runner (vitest).
export default defineConfig({
  root: 'client',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/bench/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['tests/support/buildClientOnce.ts'],
    // Tests never download models: commands they start run without a language model unless a
    // test configures a backend (or test double) itself.
    env: { LLM_BACKEND: 'none', HAMLET_OFFLINE: '1' },
  },
});

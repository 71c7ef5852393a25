import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The check corpus holds test files of its own projects, never run here.
    exclude: ['test/fixtures/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 600_000,
  },
});

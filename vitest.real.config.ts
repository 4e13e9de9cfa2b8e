import { defineConfig } from 'vitest/config';

/**
 * `npm run test:real`: the end-to-end suite against a real Twenty 2.21 server (test/real/, skipped without
 * TWENTY_REAL_KEYS + TWENTY_REAL_RESET or TWENTY_REAL_ROOT). One file at a time (they reset the same fixture),
 * tests in order, long timeouts; run it under `flock <ROOT>.lock`.
 */
export default defineConfig({
  test: {
    include: ['test/real/**/*.real.test.ts'],
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 3 * 60 * 60_000,
    hookTimeout: 30 * 60_000,
    reporters: ['verbose'],
  },
});

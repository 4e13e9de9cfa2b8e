import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the real-server suite has its own config (vitest.real.config.ts, `npm run test:real`); it is let in only when
    // named on the command line (`npx vitest run test/real`), where it skips unless TWENTY_REAL_* are set
    exclude: ['**/node_modules/**', ...(process.argv.some((a) => /(^|\/)test\/real(\/|$)/.test(a)) ? [] : ['test/real/**'])],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

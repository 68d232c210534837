import { defineConfig } from 'vitest/config';

/** `npm run test:chaos`: the long fault-injection and fuzz runs, apart from `npm test`. */
export default defineConfig({
  test: {
    include: ['tests/chaos/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});

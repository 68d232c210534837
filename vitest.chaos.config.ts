import { defineConfig } from 'vitest/config';

/** `npm run test:chaos`: the long fault-injection and fuzz runs, apart from `npm test`. */
export default defineConfig({
  test: {
    include: ['tests/chaos/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // PGlite's WebAssembly compiled once by V8's baseline compiler, never tiered up: ~28% less CPU
    // for the database-heavy files (tests/features/notes and stakeholders: 55 s against 75–80 s).
    execArgv: ['--liftoff-only'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});

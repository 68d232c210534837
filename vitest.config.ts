import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The long chaos and fuzz runs have their own command: npm run test:chaos.
    exclude: ['tests/chaos/**', 'node_modules/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    // PGlite's WebAssembly compiled once by V8's baseline compiler, never tiered up: ~28% less CPU
    // for the database-heavy files (tests/features/notes and stakeholders: 55 s against 75–80 s).
    execArgv: ['--liftoff-only'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

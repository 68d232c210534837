#!/usr/bin/env node
/**
 * What `npm start` runs, in one process: build dist/ if the sources changed
 * (a hash check of a few ms, see build.mjs), then the bundled bot. One Node
 * start instead of two (npm's prestart used to run the check in a process
 * of its own).
 */
import { buildIfStale } from './build.mjs';

process.setSourceMapsEnabled(true);
await buildIfStale();
const { runMain } = await import('../dist/main.js');
runMain();

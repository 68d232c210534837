#!/usr/bin/env node
// Runs the built CLI (dist/cli.js), building it first if the sources changed
// since the last build; see scripts/build.mjs.
import { buildIfStale } from '../scripts/build.mjs';

process.setSourceMapsEnabled(true);
await buildIfStale();
await import('../dist/cli.js');

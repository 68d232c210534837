#!/usr/bin/env node
// Runs the TypeScript CLI directly: Hallway ships its sources, not a build.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');

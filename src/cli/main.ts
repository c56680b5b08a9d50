#!/usr/bin/env node
import { run } from './cli';
import { processIo } from './cli-io';

// process.exitCode rather than process.exit(): stdout is flushed before the process ends.
void run(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});

#!/usr/bin/env node
// The mflow command: runs the compiled CLI (npm run build produces dist/).
import { main } from '../dist/packer/src/cli.js';

process.exitCode = await main(process.argv);

/* Writes docs/ops.md from the code (see packer/src/ops/support.ts). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderOpsMarkdown } from '../packer/src/ops/support.js';

const out = fileURLToPath(new URL('../docs/ops.md', import.meta.url));
writeFileSync(out, renderOpsMarkdown());
console.log(`wrote ${out}`);

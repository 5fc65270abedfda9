/* Runs the CLI in-process and captures stdout, stderr and the exit code. */
import { main } from '../../packer/src/cli.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function mflow(...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'mflow', ...args], (s) => {
      stdout += s;
    });
    return { code, stdout, stderr };
  } finally {
    process.stderr.write = write;
  }
}

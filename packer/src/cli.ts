/*
 * The mflow command line. Exit codes: 0 ok, 1 usage, 2 invalid or unsupported model, 3 I/O,
 * 4 internal error (a bug: the stack is printed).
 * Errors print one line each on stderr.
 */
import { Command, CommanderError, Option } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { MfbError } from '../../runtime/src/errors.js';
import { PackError } from './errors.js';
import { formatReport, inspectModel } from './inspect.js';
import { renderInspectHtml } from './inspect_html.js';
import { isTflite, loadModelBytes, loadModelFile, type LoadedModel } from './load.js';
import { formatSupportReport, supportReport } from './support_report.js';
import { checkPageSize, packTflite } from './pack.js';
import { describeOutput, InputSizeError, runNode } from './run.js';
import { runXs } from './run_xs.js';
import { genC, MCUS } from './gen_c/index.js';
import { readTflite, TfliteFormatError } from './tflite/index.js';
import { generateKeyPair, privateKeyPem, publicKeyPem, readPrivateKey, toHex } from './sign/keys.js';
import { signMfb } from './sign/sign_mfb.js';
import { pagedPlan } from '../../runtime/src/store/paged_plan.js';

export const EXIT = Object.freeze({ OK: 0, USAGE: 1, MODEL: 2, IO: 3, INTERNAL: 4 });

class UsageError extends Error {}

function intOption(name: string, check: (n: number) => number = (n) => n) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value)) throw new UsageError(`"${name}" must be a non-negative integer, got "${value}"`);
    return check(n);
  };
}

function readInput(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

function exitCodeOf(e: unknown): number {
  if (e instanceof UsageError || e instanceof InputSizeError) return EXIT.USAGE;
  if (e instanceof PackError) return e.code === 'BAD_OPTION' ? EXIT.USAGE : EXIT.MODEL;
  if (e instanceof TfliteFormatError || e instanceof MfbError) return EXIT.MODEL;
  if (e instanceof Error && 'code' in e && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return EXIT.IO;
  return -1;
}

function program(out: (s: string) => void): Command {
  const cli = new Command('mflow')
    .description('TinyML inference for microcontrollers that run JavaScript: pack TFLite models, inspect and run them')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: (s) => process.stderr.write(s) });

  cli
    .command('pack')
    .description('pack a .tflite model into an .mfb file')
    .argument('<model.tflite>', 'TFLite flatbuffer')
    .requiredOption('-o, --output <file.mfb>', 'where to write the packed model')
    .option('--page-size <bytes>', 'page size, a power of two (flash sector: 4096)', intOption('--page-size', checkPageSize), 4096)
    .option('--model-version <n>', 'model version stored in the header (for anti-rollback)', intOption('--model-version'), 0)
    .option('--target <bits>', 'kernel-set bits the model requires (header TARGET, 0 = any)', intOption('--target'), 0)
    .option(
      '--self-test-input <file>',
      'raw bytes of a self-test input (repeat, in input order; default: inputs at their zero points)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--no-self-test', 'do not embed a self-test vector')
    .option('--sign <key>', 'sign with this Ed25519 private key file (see mflow keygen)')
    .action(
      (
        model: string,
        o: {
          output: string;
          pageSize: number;
          modelVersion: number;
          target: number;
          selfTestInput: string[];
          selfTest: boolean;
          sign?: string;
        },
      ) => {
        if (!o.selfTest && o.selfTestInput.length > 0) throw new UsageError('"--self-test-input" and "--no-self-test" exclude each other');
        const selfTest = !o.selfTest ? false : o.selfTestInput.length > 0 ? { inputs: o.selfTestInput.map(readInput) } : true;
        const key = o.sign !== undefined ? readPrivateKey(readInput(o.sign), o.sign) : null;
        const packed = packTflite(readInput(model), { pageSize: o.pageSize, modelVersion: o.modelVersion, target: o.target, selfTest });
        const mfb = key ? signMfb(packed.mfb, key) : packed.mfb;
        writeFileSync(o.output, mfb);
        out(
          `${o.output}: ${mfb.length} bytes, ${packed.graph.ops.length} ops, arena ${packed.plan.arenaSize} bytes (lower bound ${packed.plan.lowerBound})${key ? ', signed' : ''}\n`,
        );
      },
    );

  cli
    .command('keygen')
    .description('make an Ed25519 key pair for signing models: KEY (PKCS#8 PEM, keep secret) and KEY.pub (SPKI PEM)')
    .requiredOption('-o, --output <key>', 'private key file; the public key goes to <key>.pub')
    .action((o: { output: string }) => {
      const k = generateKeyPair();
      writeFileSync(o.output, privateKeyPem(k), { mode: 0o600, flag: 'wx' });
      writeFileSync(`${o.output}.pub`, publicKeyPem(k.publicKey));
      out(`${o.output}, ${o.output}.pub: Ed25519 public key ${toHex(k.publicKey)}\n`);
    });

  cli
    .command('sign')
    .description('sign an .mfb with an Ed25519 private key (adds or replaces the signature trailer)')
    .argument('<in.mfb>', 'packed model')
    .requiredOption('--key <key>', 'Ed25519 private key file (see mflow keygen)')
    .requiredOption('-o, --output <out.mfb>', 'signed model')
    .action((input: string, o: { key: string; output: string }) => {
      const key = readPrivateKey(readInput(o.key), o.key);
      const signed = signMfb(readInput(input), key);
      writeFileSync(o.output, signed);
      out(`${o.output}: ${signed.length} bytes, signed by public key ${toHex(key.publicKey)}\n`);
    });

  cli
    .command('inspect')
    .description('show ops, tensors, the memory plan and sizes of a .tflite or .mfb')
    .argument('<model>', '.tflite or .mfb')
    .option('--json', 'print JSON')
    .option('--page-size <bytes>', 'page size used when packing a .tflite', intOption('--page-size', checkPageSize), 4096)
    .option(
      '--cache-pages <n>',
      'also show the RAM and page reads of running the model paged, through a cache of n pages',
      intOption('--cache-pages', (n) => {
        if (n < 1) throw new UsageError('"--cache-pages" must be at least 1');
        return n;
      }),
    )
    .option('--html <file>', 'also write the report as a self-contained HTML page (memory plan picture, op table, sizes)')
    .action((model: string, o: { json?: boolean; pageSize: number; cachePages?: number; html?: string }) => {
      const bytes = new Uint8Array(readFileSync(model));
      let loaded: LoadedModel;
      try {
        loaded = loadModelBytes(model, bytes, { pageSize: o.pageSize });
      } catch (e) {
        // A .tflite mflow cannot run: list every op and what runs it, then fail with the packer's error.
        if (e instanceof PackError && e.code.startsWith('UNSUPPORTED_') && isTflite(bytes)) {
          const lines = supportReport(readTflite(bytes), e);
          out(o.json ? `${JSON.stringify({ file: model, supported: false, ops: lines }, null, 2)}\n` : `${formatSupportReport(lines)}\n`);
        }
        throw e;
      }
      const p = loaded.packed;
      const extras = p
        ? {
            tfliteBytes: loaded.fileBytes,
            tensorNames: new Map([...p.layout.tensorIndex].map(([id, ti]) => [ti, p.graph.tensors[id]!.name])),
            sourceNames: p.tflite.subgraphs[0]!.operators.map((op) => op.opName),
            elided: p.graph.elided,
          }
        : {};
      const report = inspectModel(loaded.model, model, extras);
      if (o.html !== undefined) writeFileSync(o.html, renderInspectHtml(report));
      const paged = o.cachePages !== undefined ? pagedPlan(loaded.model, o.cachePages) : null;
      out(o.json ? `${JSON.stringify(paged ? { ...report, paged } : report, null, 2)}\n` : `${formatReport(report)}\n`);
      if (paged && !o.json)
        out(
          `paged (${paged.cachePages} x ${paged.pageSize}-byte cache): RAM ${paged.ramBytes} bytes (tables ${paged.tablesBytes}, cache ${paged.cacheBytes}, ` +
            `constant scratch ${paged.scratchBytes}) + arena; ${paged.readsPerInference} page reads (${paged.bytesReadPerInference} bytes) per inference\n`,
        );
    });

  cli
    .command('gen-c')
    .description('generate static C (NAME.h, NAME.c) for a microcontroller, using the mflow C kernels')
    .argument('<model.tflite>', 'TFLite flatbuffer')
    .requiredOption('-o, --output <dir>', 'directory for NAME.h and NAME.c')
    .option('--name <NAME>', 'C identifier prefix and file name', 'model')
    .option('--mcu <mcu>', `target whose flash and RAM the model must fit (${Object.keys(MCUS).join(', ')}, or host)`, 'atmega328p')
    .action((model: string, o: { output: string; name: string; mcu: string }) => {
      const r = genC(readInput(model), o.output, { name: o.name, mcu: o.mcu });
      out(`${r.files.join(', ')}: about ${r.flashEstimate} bytes of flash and ${r.ramEstimate} of RAM\n`);
    });

  cli
    .command('run')
    .description('run one inference on the host: raw little-endian tensors in and out')
    .argument('<model>', '.tflite or .mfb')
    .option('-i, --input <file>', 'raw bytes of an input tensor (repeat, in input order)', (v: string, acc: string[]) => [...acc, v], [])
    .option(
      '-o, --output <file>',
      'where to write an output tensor (repeat, in output order)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .addOption(
      new Option('--engine <engine>', 'node: TS kernels in Node; xs: the runtime inside the XS host with C kernels')
        .choices(['node', 'xs'])
        .default('node'),
    )
    .addOption(
      new Option('--cores <n>', "xs: cores the heavy ops are split across (default: the host's, 2 when it has two)").choices(['1', '2']),
    )
    .option('--json', 'print JSON')
    .action((model: string, o: { input: string[]; output: string[]; engine: 'node' | 'xs'; cores?: '1' | '2'; json?: boolean }) => {
      const loaded = loadModelFile(model);
      const inputs = o.input.map(readInput);
      if (o.output.length > loaded.model.outputs.length)
        throw new UsageError(`${o.output.length} --output files given, the model has ${loaded.model.outputs.length} output(s)`);
      if (o.cores && o.engine !== 'xs') throw new UsageError('--cores needs --engine xs (the TS kernels run on one core)');
      const result =
        o.engine === 'xs'
          ? runXs(loaded, inputs, o.input, o.cores ? { cores: o.cores === '2' ? 2 : 1 } : {})
          : runNode(loaded.model, inputs, o.input);
      o.output.forEach((f, i) => writeFileSync(f, result.outputs[i] as Uint8Array));
      const described = loaded.model.outputs.map((io, i) => ({
        name: io.name,
        dtype: io.dtype,
        shape: io.shape,
        ...describeOutput(io, result.outputs[i] as Uint8Array),
      }));
      if (o.json)
        out(`${JSON.stringify({ engine: o.engine, outputs: described, ...('report' in result ? { xs: result.report } : {}) })}\n`);
      else {
        for (const [i, d] of described.entries()) {
          out(`output ${i} "${d.name}" ${d.dtype} [${d.shape.join(', ')}]: ${d.values.join(' ')}\n`);
          if (d.real) out(`  dequantized: ${d.real.map((v) => Number(v.toPrecision(6))).join(' ')}\n`);
        }
      }
    });
  return cli;
}

/** Runs the CLI; returns the exit code (never calls process.exit, so tests can call it in-process). */
export async function main(argv: readonly string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  try {
    await program(out).parseAsync(argv as string[]);
    return EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.OK : EXIT.USAGE;
    }
    const code = exitCodeOf(e);
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`mflow: ${message}\n`);
    if (code < 0) {
      process.stderr.write(`${e instanceof Error ? e.stack : ''}\n`);
      return EXIT.INTERNAL;
    }
    return code;
  }
}

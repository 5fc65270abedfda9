/*
 * What a device accepts, checked twice: on the header as soon as its CRC holds (so a refused update
 * stops before the payload is downloaded) and on the verified model in finish() (the decision that
 * counts, made after the signature check).
 */
import type { KernelTable } from '../kernels/types.js';
import type { Model } from '../model.js';
import { UpdateError } from './errors.js';

export interface UpdatePolicy {
  /** Ed25519 public key built into the firmware; null = signatures are not checked. */
  readonly publicKey: Uint8Array | null;
  /** Refuse unsigned files (default: true when a public key is given). */
  readonly requireSignature: boolean;
  /** Kernel-set bits this device provides; a model's TARGET must be a subset (0 = needs nothing). */
  readonly targets: number;
  /** Largest activation arena the device can give, in bytes. */
  readonly arenaLimit: number;
  /** The device's kernel tables: every op of a model must have a kernel in one of them. Null = not checked. */
  readonly kernels: readonly KernelTable[] | null;
}

export interface PolicyFacts {
  readonly signed: boolean;
  readonly modelVersion: number;
  readonly target: number;
  readonly arenaSize: number;
}

/** Version floor: the installed (active) model's version, or null when nothing is installed. */
export function checkPolicy(f: PolicyFacts, policy: UpdatePolicy, installedVersion: number | null): void {
  if (!f.signed && policy.requireSignature)
    throw new UpdateError('SIGNATURE_MISSING', 'the file is not signed and this device requires a signature');
  if (installedVersion !== null && f.modelVersion < installedVersion)
    throw new UpdateError('ROLLBACK', `model version ${f.modelVersion} is older than the installed ${installedVersion}`);
  if ((f.target & ~policy.targets) >>> 0 !== 0)
    throw new UpdateError(
      'WRONG_TARGET',
      `the model needs kernel sets 0x${f.target.toString(16)}, this device has 0x${(policy.targets >>> 0).toString(16)}`,
    );
  if (f.arenaSize > policy.arenaLimit)
    throw new UpdateError('ARENA_TOO_LARGE', `the model needs a ${f.arenaSize}-byte arena, this device gives at most ${policy.arenaLimit}`);
}

/** Every op has a kernel on this device. */
export function checkKernels(model: Model, policy: UpdatePolicy): void {
  if (!policy.kernels) return;
  for (const op of model.ops) {
    if (!policy.kernels.some((t) => t[op.spec.code] !== undefined))
      throw new UpdateError('UNSUPPORTED_OP', `op ${op.index} (${op.spec.name}) has no kernel on this device`);
  }
}

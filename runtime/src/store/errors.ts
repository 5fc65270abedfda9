/*
 * Typed errors of the model store. Each rejection of an update has its own code so an app (or its
 * server, through a status report) can tell a corrupt download from a policy refusal.
 */
import type { MfbErrorCode } from '../errors.js';

export type UpdateErrorCode =
  /** Header fields unusable: magic, format version, geometry (openModel's MFB_BAD_MAGIC/VERSION/BAD_HEADER). */
  | 'BAD_HEADER'
  /** A CRC or the payload SHA-256 does not match: a corrupt download or flash (MFB_HEADER_CRC/PAGE_CRC/DIGEST). */
  | 'CORRUPT'
  /** Tables that fail openModel's structural checks (MFB_BAD_TENSOR/OP/PARAMS/IO/TABLES). */
  | 'BAD_MODEL'
  /** finish() before the whole file arrived, or a file shorter than its header says. */
  | 'TRUNCATED'
  /** The file does not fit in a slot. */
  | 'TOO_LARGE'
  /** write() given bytes that leave a gap after what the session has. */
  | 'OUT_OF_ORDER'
  /** The store requires a signature and the file has none. */
  | 'SIGNATURE_MISSING'
  /** The signature does not verify with the built-in public key (wrong key, or bytes changed). */
  | 'BAD_SIGNATURE'
  /** MODEL_VERSION is lower than the installed model's (anti-rollback). */
  | 'ROLLBACK'
  /** TARGET asks for kernel-set bits this device does not have. */
  | 'WRONG_TARGET'
  /** ARENA_SIZE exceeds what the device can give. */
  | 'ARENA_TOO_LARGE'
  /** An opcode this runtime does not know, or one with no kernel in this build. */
  | 'UNSUPPORTED_OP'
  /** A model awaits confirm()/reject(): finish that before the next update. */
  | 'UPDATE_PENDING'
  /** A call out of order: write() after finish(), activate() before finish(), confirm() with nothing pending... */
  | 'BAD_STATE'
  /** The installed model's self-test produced other outputs than the file carries. */
  | 'SELF_TEST_FAILED'
  /** A model was booted for its trial and never confirmed (reset or power loss during the check). */
  | 'NOT_CONFIRMED'
  /** The app rejected the pending model itself. */
  | 'REJECTED'
  /** A committed slot no longer verifies at boot (flash corruption): skipped. */
  | 'SLOT_CORRUPT';

export class UpdateError extends Error {
  /** A class field, not an assignment: XS freezes Error.prototype after a Moddable preload. */
  override readonly name = 'UpdateError';
  readonly code: UpdateErrorCode;
  /** The openModel error behind a format rejection. */
  readonly mfbCode: MfbErrorCode | null;
  /** File offset of the problem, when known (-1 otherwise). */
  readonly offset: number;

  constructor(code: UpdateErrorCode, message: string, options: { mfbCode?: MfbErrorCode; offset?: number } = {}) {
    super(`${message} (${code})`);
    this.code = code;
    this.mfbCode = options.mfbCode ?? null;
    this.offset = options.offset ?? -1;
  }
}

const MFB_TO_UPDATE: Readonly<Record<MfbErrorCode, UpdateErrorCode>> = Object.freeze({
  MFB_TRUNCATED: 'TRUNCATED',
  MFB_BAD_MAGIC: 'BAD_HEADER',
  MFB_VERSION: 'BAD_HEADER',
  MFB_BAD_HEADER: 'BAD_HEADER',
  MFB_HEADER_CRC: 'CORRUPT',
  MFB_PAGE_CRC: 'CORRUPT',
  MFB_DIGEST: 'CORRUPT',
  MFB_BAD_TABLES: 'BAD_MODEL',
  MFB_BAD_TENSOR: 'BAD_MODEL',
  MFB_BAD_OP: 'BAD_MODEL',
  MFB_UNSUPPORTED_OP: 'UNSUPPORTED_OP',
  MFB_BAD_PARAMS: 'BAD_MODEL',
  MFB_BAD_IO: 'BAD_MODEL',
});

/** The store's code for an openModel failure. */
export function updateCodeOf(mfbCode: MfbErrorCode): UpdateErrorCode {
  return MFB_TO_UPDATE[mfbCode];
}

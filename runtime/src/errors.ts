/*
 * Typed errors of the runtime. Format problems carry the byte offset where the reader found them so
 * a corrupt flash slot or a bad download can be located; codes are stable strings for programs.
 */

export type MfbErrorCode =
  | 'MFB_TRUNCATED'
  | 'MFB_BAD_MAGIC'
  | 'MFB_VERSION'
  | 'MFB_BAD_HEADER'
  | 'MFB_HEADER_CRC'
  | 'MFB_PAGE_CRC'
  | 'MFB_DIGEST'
  | 'MFB_BAD_TABLES'
  | 'MFB_BAD_TENSOR'
  | 'MFB_BAD_OP'
  | 'MFB_UNSUPPORTED_OP'
  | 'MFB_BAD_PARAMS'
  | 'MFB_BAD_IO';

export class MfbError extends Error {
  /** A class field, not an assignment: XS freezes Error.prototype after a Moddable preload. */
  override readonly name = 'MfbError';
  readonly code: MfbErrorCode;
  /** Byte offset in the file where the problem was found. */
  readonly offset: number;

  constructor(code: MfbErrorCode, offset: number, message: string) {
    super(`${message} (${code} at byte ${offset})`);
    this.code = code;
    this.offset = offset;
  }
}

export type RuntimeErrorCode = 'NO_KERNEL' | 'BAD_INDEX' | 'ARENA_TOO_SMALL' | 'ARENA_ALLOC' | 'BAD_ARGUMENT';

/** Misuse of a valid model: a missing kernel, an input index out of range, a too-small arena. */
export class MflowRuntimeError extends Error {
  /** A class field, not an assignment: XS freezes Error.prototype after a Moddable preload. */
  override readonly name = 'MflowRuntimeError';
  readonly code: RuntimeErrorCode;

  constructor(code: RuntimeErrorCode, message: string) {
    super(`${message} (${code})`);
    this.code = code;
  }
}

/*
 * Typed packer errors. Each names what is wrong and where (op index, op name, tensor) and, for
 * unsupported input, what is supported — the message a user needs before anything reaches a device.
 */

export type PackErrorCode = 'UNSUPPORTED_OP' | 'UNSUPPORTED_DTYPE' | 'UNSUPPORTED_PARAMS' | 'BAD_MODEL' | 'TOO_LARGE' | 'BAD_OPTION';

export interface PackErrorDetails {
  readonly opIndex?: number;
  readonly opName?: string;
  readonly tensor?: string;
  readonly supported?: readonly string[];
}

export class PackError extends Error {
  readonly code: PackErrorCode;
  readonly details: PackErrorDetails;

  constructor(code: PackErrorCode, message: string, details: PackErrorDetails = {}) {
    const where = details.opIndex !== undefined ? `op ${details.opIndex} (${details.opName ?? '?'}): ` : '';
    const tensor = details.tensor !== undefined ? ` [tensor "${details.tensor}"]` : '';
    const supported = details.supported?.length ? `; supported: ${details.supported.join(', ')}` : '';
    super(`${where}${message}${tensor}${supported}`);
    this.name = 'PackError';
    this.code = code;
    this.details = details;
    this.reason = message;
  }

  /** The message without the op, tensor and supported list (which `details` holds). */
  readonly reason: string;

  /** The same error, naming the op it happened in. */
  at(opIndex: number, opName: string): PackError {
    return new PackError(this.code, this.reason, { ...this.details, opIndex, opName });
  }
}

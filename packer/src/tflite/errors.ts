/* The typed error for malformed TFLite files: a stable code, the byte offset, and what is wrong. */

export type TfliteErrorCode =
  | 'TFLITE_TRUNCATED'
  | 'TFLITE_BAD_IDENTIFIER'
  | 'TFLITE_BAD_OFFSET'
  | 'TFLITE_BAD_VTABLE'
  | 'TFLITE_BAD_INDEX'
  | 'TFLITE_BAD_SHAPE'
  | 'TFLITE_BAD_DATA'
  | 'TFLITE_UNSUPPORTED_VERSION';

export class TfliteFormatError extends Error {
  readonly code: TfliteErrorCode;
  readonly offset: number;

  constructor(code: TfliteErrorCode, offset: number, message: string) {
    super(`malformed TFLite file: ${message} (${code} at byte ${offset})`);
    this.name = 'TfliteFormatError';
    this.code = code;
    this.offset = offset;
  }
}

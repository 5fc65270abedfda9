/*
 * Loads a model file for the CLI: an .mfb is opened as is; a .tflite is packed in memory first, so
 * every command accepts either. The kind is told by content (magic), not by extension.
 */
import { readFileSync } from 'node:fs';
import { MAGIC } from '../../runtime/src/format/constants.js';
import { openModel, type Model } from '../../runtime/src/model.js';
import { packTflite, type PackOptions, type Packed } from './pack.js';
import { PackError } from './errors.js';

export interface LoadedModel {
  readonly path: string;
  readonly model: Model;
  /** Present when the file was a .tflite. */
  readonly packed: Packed | null;
  readonly fileBytes: number;
}

export function isMfb(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === MAGIC;
}

export function isTflite(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && String.fromCharCode(...bytes.subarray(4, 8)) === 'TFL3';
}

export function loadModelBytes(path: string, bytes: Uint8Array, options: PackOptions = {}): LoadedModel {
  if (isMfb(bytes)) return { path, model: openModel(bytes), packed: null, fileBytes: bytes.length };
  if (isTflite(bytes)) {
    const packed = packTflite(bytes, options);
    return { path, model: openModel(packed.mfb), packed, fileBytes: bytes.length };
  }
  throw new PackError('BAD_MODEL', `${path} is neither an .mfb (magic "MFLW") nor a .tflite (identifier "TFL3")`);
}

export function loadModelFile(path: string, options: PackOptions = {}): LoadedModel {
  return loadModelBytes(path, new Uint8Array(readFileSync(path)), options);
}

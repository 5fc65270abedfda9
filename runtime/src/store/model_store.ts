/*
 * Two model slots and their records (docs/ota.md). open() is the boot step: it selects the committed
 * slot with the highest sequence that still verifies, and runs the pending-verify protocol (a new
 * model is booted once on trial; confirmed by its self-test, or rejected and never selected again).
 * begin() starts a download into the other slot; only its commit record, written last, makes it
 * bootable, so a power cut at any point leaves the previous model selected.
 */
import { crc32 as tsCrc32 } from '../crc32.js';
import { SIGNATURE_SIZE } from '../format/constants.js';
import type { Flash } from '../flash/flash.js';
import type { KernelTable } from '../kernels/types.js';
import { openModel, type Model } from '../model.js';
import { UpdateError, type UpdateErrorCode } from './errors.js';
import { openPagedModel, type Sha256Stream } from './paged_model.js';
import { flashSource, type PageSource } from './page_source.js';
import type { UpdatePolicy } from './policy.js';
import {
  encodeRecord,
  KIND_COMMIT,
  KIND_CONFIRM,
  KIND_REJECT,
  KIND_TRIAL,
  readRecords,
  REASON_APP,
  REASON_NOT_CONFIRMED,
  REASON_SELF_TEST,
  summarize,
  type SlotRecord,
  type SlotSummary,
} from './records.js';
import { runSelfTest, type SelfTestResult } from './self_test.js';
import { verifyEd25519, type SignatureVerifier } from './signature.js';
import { UpdateSession, type VerifiedImage } from './update_session.js';

export interface StoreOptions {
  /** The two slots: two data partitions on ESP32, two simulator partitions elsewhere. */
  readonly slots: readonly [Flash, Flash];
  /** Ed25519 public key (32 bytes) built into the firmware. */
  readonly publicKey?: Uint8Array | null;
  /** Refuse unsigned files (default: true when publicKey is given). */
  readonly requireSignature?: boolean;
  /** Kernel-set bits this device provides (default 0: only models with TARGET 0). */
  readonly targets?: number;
  /** Largest arena the device gives, in bytes (default: no limit). */
  readonly arenaLimit?: number;
  /** The device's kernel tables, to refuse models with ops it cannot run (default: not checked). */
  readonly kernels?: readonly KernelTable[] | null;
  /** Check the signature again at every boot (default false: it was checked before the commit). */
  readonly verifySignatureAtBoot?: boolean;
  /** Native implementations (ESP32: ROM CRC, mbedTLS SHA-256); the TS ones by default. */
  readonly crc32?: (bytes: Uint8Array, start: number, end: number, crc: number) => number;
  readonly sha256?: (bytes: Uint8Array) => Uint8Array;
  readonly sha256Stream?: () => Sha256Stream;
  readonly verifySignature?: SignatureVerifier;
}

export type SlotStatus = 'empty' | 'confirmed' | 'pending' | 'rejected' | 'corrupt';

export interface SlotState {
  readonly status: SlotStatus;
  /** Of the slot's commit record; -1 when none. */
  readonly sequence: number;
  readonly modelVersion: number;
}

export interface StoreState {
  /** Slot of the model in use, -1 when no slot holds a valid model (use the firmware's own). */
  readonly active: number;
  /** The active model is on trial: confirm() or reject() it (verifyPending() does either). */
  readonly pending: boolean;
  /** Slot holding a committed, unconfirmed model (on trial now, or selected at the next open()); -1 when none. */
  readonly pendingSlot: number;
  /** Slot selected if the active one is rejected, -1 when none. */
  readonly previous: number;
  readonly activeVersion: number | null;
  readonly slots: readonly [SlotState, SlotState];
  readonly lastFailure: { readonly code: UpdateErrorCode; readonly message: string } | null;
}

/** The model in use and where it lives. */
export interface ActiveImage {
  readonly slot: number;
  /** Mapped: the whole file, zero-copy. Otherwise paged: `bytes` holds [0, CONST_OFFSET) and `source` the rest. */
  readonly model: Model;
  readonly source: PageSource;
  readonly mapped: boolean;
}

const REASON_CODES: Readonly<Record<number, UpdateErrorCode>> = Object.freeze({
  [REASON_SELF_TEST]: 'SELF_TEST_FAILED',
  [REASON_NOT_CONFIRMED]: 'NOT_CONFIRMED',
  [REASON_APP]: 'REJECTED',
});

export class ModelStore {
  readonly #slots: readonly [Flash, Flash];
  readonly #policy: UpdatePolicy;
  readonly #o: StoreOptions;
  readonly #crc32: NonNullable<StoreOptions['crc32']>;
  #active: ActiveImage | null = null;
  #pending = false;
  #summaries: SlotSummary[] = [];
  #status: SlotStatus[] = ['empty', 'empty'];
  #lastFailure: StoreState['lastFailure'] = null;
  /** Identifies the one session allowed to write (a fresh object per begin()). */
  #sessionToken: object | null = null;

  constructor(options: StoreOptions) {
    this.#o = options;
    this.#slots = options.slots;
    const key = options.publicKey ?? null;
    if (key && key.length !== 32) throw new UpdateError('BAD_STATE', `an Ed25519 public key has 32 bytes, got ${key.length}`);
    this.#policy = Object.freeze({
      publicKey: key,
      requireSignature: options.requireSignature ?? key !== null,
      targets: options.targets ?? 0,
      arenaLimit: options.arenaLimit ?? Infinity,
      kernels: options.kernels ?? null,
    });
    if (this.#policy.requireSignature && !key) throw new UpdateError('BAD_STATE', 'requireSignature needs a public key');
    this.#crc32 = options.crc32 ?? tsCrc32;
  }

  /** The boot step: reads both slots' records, selects and verifies the model to use. Call once at start. */
  open(): StoreState {
    this.#sessionToken = null;
    this.#active = null;
    this.#pending = false;
    this.#summaries = this.#slots.map((f) => summarize(readRecords(f)));
    this.#status = this.#summaries.map((s) => (!s.commit ? 'empty' : s.rejected ? 'rejected' : s.confirmed ? 'confirmed' : 'pending'));
    const order = [0, 1]
      .filter((i) => this.#status[i] === 'confirmed' || this.#status[i] === 'pending')
      .sort((a, b) => (this.#commit(b)?.sequence ?? 0) - (this.#commit(a)?.sequence ?? 0));
    for (const i of order) {
      const image = this.#load(i);
      if (!image) continue;
      const s = this.#summaries[i] as SlotSummary;
      if (!s.confirmed) {
        if (s.tried) {
          // Booted once on trial and never confirmed: the check crashed or power failed. Fall back.
          this.#reject(i, REASON_NOT_CONFIRMED, 'the model was tried and never confirmed');
          continue;
        }
        this.#append(i, KIND_TRIAL, 0);
        this.#pending = true;
      }
      this.#active = image;
      break;
    }
    this.#lastFailure ??= this.#recordedFailure();
    return this.state;
  }

  #commit(i: number): SlotRecord | null {
    return this.#summaries[i]?.commit ?? null;
  }

  /** The slot's image if it still verifies as its commit record describes; null (slot marked corrupt) otherwise. */
  #load(i: number): ActiveImage | null {
    const flash = this.#slots[i] as Flash;
    const c = this.#commit(i) as SlotRecord;
    try {
      if (c.imageOffset + c.fileSize > flash.size) throw new UpdateError('SLOT_CORRUPT', 'the commit record points outside the slot');
      const source = flashSource(flash, c.imageOffset, c.fileSize);
      const mapped = flash.map();
      const o = this.#o;
      const model = mapped
        ? openModel(mapped.subarray(c.imageOffset, c.imageOffset + c.fileSize), {
            crc32: this.#crc32,
            ...(o.sha256 ? { sha256: o.sha256 } : {}),
          })
        : openPagedModel(source, { crc32: this.#crc32, ...(o.sha256Stream ? { sha256: o.sha256Stream } : {}) }).model;
      const crc = new DataView(model.bytes.buffer, model.bytes.byteOffset + 124, 4).getUint32(0, true);
      if (crc !== c.headerCrc || model.fileSize !== c.fileSize || model.modelVersion !== c.modelVersion)
        throw new UpdateError('SLOT_CORRUPT', 'the image is not the one the commit record describes');
      if (o.verifySignatureAtBoot && this.#policy.publicKey && !this.#signatureOk(model, source))
        throw new UpdateError('SLOT_CORRUPT', 'the signature no longer verifies');
      return { slot: i, model, source, mapped: mapped !== null };
    } catch (e) {
      this.#status[i] = 'corrupt';
      this.#lastFailure = { code: 'SLOT_CORRUPT', message: `slot ${i}: ${e instanceof Error ? e.message : String(e)}` };
      return null;
    }
  }

  #signatureOk(model: Model, source: PageSource): boolean {
    if (!model.signed || model.fileSize - model.payloadEnd !== SIGNATURE_SIZE) return false;
    const verify = this.#o.verifySignature ?? verifyEd25519;
    return verify(source.read(model.payloadEnd, SIGNATURE_SIZE), source.read(0, 128), this.#policy.publicKey as Uint8Array);
  }

  #recordedFailure(): StoreState['lastFailure'] {
    let best: { code: UpdateErrorCode; message: string } | null = null;
    let seq = -1;
    this.#summaries.forEach((s, i) => {
      if (s.commit && s.rejected && s.commit.sequence > seq) {
        seq = s.commit.sequence;
        best = { code: REASON_CODES[s.rejected] ?? 'REJECTED', message: `slot ${i} (model version ${s.commit.modelVersion}) was rejected` };
      }
    });
    return best;
  }

  /** Appends a record about slot i's current commit (one write into erased space). */
  #append(i: number, kind: number, reason: number, image: VerifiedImage | null = null, sequence = 0): void {
    const flash = this.#slots[i] as Flash;
    const log = readRecords(flash);
    if (log.next < 0) throw new UpdateError('BAD_STATE', `slot ${i}: the record sector is full`);
    const c = this.#commit(i);
    const base = image
      ? { sequence, imageOffset: image.imageOffset, fileSize: image.fileSize, modelVersion: image.modelVersion, headerCrc: image.headerCrc }
      : (c as SlotRecord);
    flash.write(log.next, encodeRecord({ ...base, kind, reason }));
    this.#summaries[i] = summarize(readRecords(flash));
  }

  #reject(i: number, reason: number, message: string): void {
    this.#append(i, KIND_REJECT, reason);
    this.#status[i] = 'rejected';
    this.#lastFailure = { code: REASON_CODES[reason] ?? 'REJECTED', message: `slot ${i}: ${message}` };
  }

  get state(): StoreState {
    const active = this.#active?.slot ?? -1;
    const slot = (i: number): SlotState => ({
      status: this.#status[i] as SlotStatus,
      sequence: this.#commit(i)?.sequence ?? -1,
      modelVersion: this.#commit(i)?.modelVersion ?? 0,
    });
    const other = 1 - active;
    const previous = active >= 0 && this.#status[other] === 'confirmed' ? other : -1;
    return Object.freeze({
      active,
      pending: this.#pending,
      pendingSlot: this.#status.indexOf('pending'),
      previous,
      activeVersion: this.#active?.model.modelVersion ?? null,
      slots: Object.freeze([slot(0), slot(1)] as const),
      lastFailure: this.#lastFailure,
    });
  }

  /** The model selected by open(), null when no slot holds one. */
  get active(): ActiveImage | null {
    return this.#active;
  }

  /**
   * Starts (or resumes) an update into the slot not in use. `header` = at least the file's first 128
   * bytes (more is fine: they are stored too). Read `session.offset` for where to continue the stream.
   */
  begin(header: Uint8Array): UpdateSession {
    if (this.#pending) throw new UpdateError('UPDATE_PENDING', 'the active model awaits confirm() or reject()');
    const slot = this.#targetSlot();
    const token = {};
    this.#sessionToken = token;
    const o = this.#o;
    const report = (e: UpdateError): void => {
      this.#lastFailure = { code: e.code, message: e.message };
    };
    let session: UpdateSession;
    try {
      session = new UpdateSession(
        {
          flash: this.#slots[slot] as Flash,
          slot,
          policy: this.#policy,
          installedVersion: this.#active?.model.modelVersion ?? null,
          crc32: this.#crc32,
          sha256: o.sha256,
          sha256Stream: o.sha256Stream,
          verifySignature: o.verifySignature ?? verifyEd25519,
          report,
          current: () => this.#sessionToken === token,
          commit: (image) => this.#commitImage(image),
        },
        header,
      );
    } catch (e) {
      if (e instanceof UpdateError) report(e);
      throw e;
    } finally {
      // The session may have erased the slot's records before it failed: report what flash says.
      const s = summarize(readRecords(this.#slots[slot] as Flash));
      this.#summaries[slot] = s;
      if (!s.commit) this.#status[slot] = 'empty';
    }
    return session;
  }

  /** The slot to download into: never the active one; with none active, the older (or empty) slot. */
  #targetSlot(): number {
    if (this.#active) return 1 - this.#active.slot;
    const seq = (i: number): number => this.#commit(i)?.sequence ?? -1;
    return seq(0) <= seq(1) ? 0 : 1;
  }

  #commitImage(image: VerifiedImage): void {
    // Read both slots afresh: the sequence must exceed every commit on flash, not only what open() saw.
    const seqs = this.#slots.map((f) => summarize(readRecords(f)).commit?.sequence ?? 0);
    this.#append(image.slot, KIND_COMMIT, 0, image, Math.max(...seqs) + 1);
    this.#status[image.slot] = 'pending';
    this.#sessionToken = null;
  }

  /** The active model passed its check: keep it. */
  confirm(): StoreState {
    if (!this.#active || !this.#pending) throw new UpdateError('BAD_STATE', 'no model awaits confirmation');
    this.#append(this.#active.slot, KIND_CONFIRM, 0);
    this.#status[this.#active.slot] = 'confirmed';
    this.#pending = false;
    return this.state;
  }

  /** The active model failed its check: never select it again, and fall back (open() runs again). */
  reject(code: 'SELF_TEST_FAILED' | 'REJECTED' = 'REJECTED', message = 'rejected by the application'): StoreState {
    if (!this.#active || !this.#pending) throw new UpdateError('BAD_STATE', 'no model awaits confirmation');
    this.#reject(this.#active.slot, code === 'SELF_TEST_FAILED' ? REASON_SELF_TEST : REASON_APP, message);
    const failure = this.#lastFailure;
    this.open();
    this.#lastFailure = failure;
    return this.state;
  }

  /**
   * Pending-verify in one call: runs the active model's self-test (if it is on trial) with the
   * device's kernels, then confirms it or rejects it and falls back. A model with no self-test record
   * is confirmed (apps that check otherwise call confirm()/reject() themselves).
   */
  verifyPending(options: { kernels: readonly KernelTable[]; cachePages?: number }): SelfTestResult | null {
    const a = this.#active;
    if (!a || !this.#pending) return null;
    const result = runSelfTest(a.model, {
      kernels: options.kernels,
      source: a.mapped ? null : a.source,
      cachePages: options.cachePages ?? 1,
    });
    if (result.passed) this.confirm();
    else this.reject('SELF_TEST_FAILED', `self-test failed: ${result.message}`);
    return result;
  }
}

/*
 * Model storage and OTA updates (docs/ota.md): the two-slot store, its update sessions, signature
 * checks, self-tests, and running a model paged from storage that cannot be memory-mapped.
 */
export { ModelStore } from './model_store.js';
export type { StoreOptions, StoreState, SlotState, SlotStatus, ActiveImage } from './model_store.js';
export { UpdateSession } from './update_session.js';
export type { SessionState, VerifiedImage } from './update_session.js';
export { UpdateError } from './errors.js';
export type { UpdateErrorCode } from './errors.js';
export { verifyEd25519, setEd25519Window, DEFAULT_ED25519_WINDOW, PUBLIC_KEY_SIZE } from './signature.js';
export type { SignatureVerifier } from './signature.js';
export { readSelfTest, runSelfTest } from './self_test.js';
export type { SelfTestVector, SelfTestOptions, SelfTestResult } from './self_test.js';
export { bytesSource, flashSource } from './page_source.js';
export type { PageSource } from './page_source.js';
export { openPagedModel } from './paged_model.js';
export type { PagedModel, PagedOpenOptions, Sha256Stream } from './paged_model.js';
export { PageCache } from './page_cache.js';
export { createPagedInterpreter } from './paged_interpreter.js';
export type { PagedInterpreter, PagedInterpreterOptions } from './paged_interpreter.js';
export { pagedPlan, constScratch } from './paged_plan.js';
export type { PagedPlan, ScratchEntry } from './paged_plan.js';

/* Flash partitions for the model store: the interface, the ESP32 adapter, the simulator and its fault injector. */
export { FlashError, checkRange } from './flash.js';
export type { Flash, FlashErrorCode } from './flash.js';
export { SimFlash } from './sim_flash.js';
export type { SimFlashOptions } from './sim_flash.js';
export { FaultFlash, PowerCut } from './fault_flash.js';
export type { CutMode, FaultPlan } from './fault_flash.js';
export { partition } from './partition.js';
export { Esp32Flash } from './esp32_flash.js';

// Moddable's "Resource" (modules/files/resource): a file of the manifest's "data", in flash.
declare module 'Resource' {
  /** A read-only host buffer over the resource's bytes in flash (never copied, never moves). */
  export default class Resource extends ArrayBuffer {
    /** Throws when the firmware has no resource of that name. */
    constructor(path: string);
    static exists(path: string): boolean;
  }
}

// The client side of Moddable's "http" module (modules/network/http).
declare module 'http' {
  export interface RequestOptions {
    host: string;
    port?: number;
    path: string;
    method?: string;
    /** Alternating names and values: ["Range", "bytes=0-127"]. */
    headers?: (string | number)[];
    /** Collect the whole body and pass it with responseComplete. */
    response?: typeof ArrayBuffer | typeof String;
  }

  export class Request {
    constructor(options: RequestOptions);
    /**
     * status (value: the status code), header (value: name, etc: value), headersComplete,
     * responseFragment (value: bytes available, take them with read()), responseComplete, error (< 0).
     */
    callback?: (this: Request, message: number, value?: unknown, etc?: unknown) => void;
    read(type: typeof ArrayBuffer, limit?: number): ArrayBuffer;
    read(type: typeof String, limit?: number): string;
    close(): void;
    static readonly requestFragment: 0;
    static readonly status: 1;
    static readonly header: 2;
    static readonly headersComplete: 3;
    static readonly responseFragment: 4;
    static readonly responseComplete: 5;
    static readonly error: -2;
  }
}

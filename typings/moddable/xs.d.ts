// Globals of a Moddable XS machine that mflow's examples use.
/** Writes to the debugger console (xsbug, or the serial port); adds no newline. */
declare function trace(...values: (string | number | boolean | bigint)[]): void;

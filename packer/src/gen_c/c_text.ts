/* Small pieces of C source text: safe comments, integer literals, array initializers. */

/**
 * Text from the model (tensor and op names) made safe inside a C block comment: a name holding
 * "*\/" must not end the comment, and "/*" inside one is a -Wcomment error under -Werror.
 */
export function commentText(s: string): string {
  return s
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/\*\//g, '*_/')
    .replace(/\/\*/g, '/_*');
}

/**
 * A C integer literal of an int32 value. INT32_MIN is spelled as an expression: "-2147483648" is the
 * negation of 2147483648, which has no 32-bit type and would be widened (and warned about) first.
 */
export function int32Literal(v: number): string {
  return v === -2147483648 ? '(-2147483647 - 1)' : String(v);
}

/** Array initializer body: 16 values per line, each line indented with one tab. */
export function arrayBody(values: readonly number[]): string {
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += 16)
    lines.push(
      `\t${values
        .slice(i, i + 16)
        .map(int32Literal)
        .join(', ')},`,
    );
  return lines.join('\n');
}

/** Elements of a constant tensor's little-endian bytes, read as int8 or int32. */
export function elements(data: Uint8Array, dtype: 'int8' | 'int32'): number[] {
  if (dtype === 'int8') return Array.from(data, (b) => (b << 24) >> 24);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return Array.from({ length: data.byteLength >> 2 }, (_, i) => dv.getInt32(4 * i, true));
}

/** Whether s can be a C identifier prefix (and, so, a safe file name stem). */
export function isCIdentifier(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(s);
}

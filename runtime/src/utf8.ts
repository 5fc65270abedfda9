/*
 * UTF-8 decoding without TextDecoder (not a global in every XS build). Invalid sequences become
 * U+FFFD; names are for display only.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const c = bytes[i] as number;
    let cp = 0xfffd;
    let len = 1;
    if (c < 0x80) cp = c;
    else if (c >= 0xc2 && c < 0xe0) len = 2;
    else if (c >= 0xe0 && c < 0xf0) len = 3;
    else if (c >= 0xf0 && c < 0xf5) len = 4;
    if (len > 1) {
      let v = c & (0xff >> (len + 1));
      let ok = i + len <= bytes.length;
      for (let k = 1; ok && k < len; k++) {
        const n = bytes[i + k] as number;
        if ((n & 0xc0) !== 0x80) ok = false;
        else v = (v << 6) | (n & 0x3f);
      }
      if (ok && v <= 0x10ffff && !(v >= 0xd800 && v < 0xe000)) cp = v;
      else len = 1;
    }
    out += String.fromCodePoint(cp);
    i += len;
  }
  return out;
}

/** UTF-8 encoding, the inverse of decodeUtf8 for well-formed strings. */
export function encodeUtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return new Uint8Array(out);
}

/*
 * AVR tests need gcc-avr, avr-libc and libsimavr-dev. Without them a test is skipped on a laptop and
 * fails under CI=true, naming what to install, so CI can never pass by skipping.
 */
import test, { type ExecutionContext } from 'ava';
import { missingAvrTools } from '../../boards/avr/toolchain.js';

export function avrTest(title: string, body: (t: ExecutionContext) => void): void {
  const missing = missingAvrTools();
  if (missing.length && process.env.CI !== 'true') {
    test.skip(`${title} (missing: ${missing.join(', ')})`, () => {});
    return;
  }
  test.serial(title, (t) => {
    if (missing.length) return t.fail(`missing: ${missing.join(', ')} (apt-get install -y gcc-avr avr-libc libsimavr-dev)`);
    body(t);
  });
}

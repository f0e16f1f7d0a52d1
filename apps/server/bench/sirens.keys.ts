/** The benchmark's terminals and their keys, derived from one secret so both sides of the benchmark agree on them. */
import { hmacSm3Hex } from '../src/lib/crypto.ts';

export const benchTerminalId = (i: number) => `BENCH-${String(i).padStart(5, '0')}`;

export function benchTerminals(secret: string, count: number): Array<{ terminalId: string; key: string }> {
  return Array.from({ length: count }, (_, i) => {
    const terminalId = benchTerminalId(i);
    return { terminalId, key: hmacSm3Hex(secret, terminalId) };
  });
}

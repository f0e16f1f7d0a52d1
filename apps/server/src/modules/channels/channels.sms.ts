/**
 * The SMS gateway behind one small interface (docs/protocols/sms-gateway.md): the channels dispatcher hands it one
 * message for a list of numbers and learns which were accepted. `createHttpSmsGateway` speaks the documented HTTP
 * protocol (JSON, signed HMAC-SM3 over timestamp and body); a carrier's own API (China Mobile's 云MAS, Aliyun SMS…)
 * is another adapter of the same interface, or a small bridge that speaks this protocol.
 */
import { hmacSm3Hex } from '../../lib/crypto.ts';

export interface SmsRequest {
  /** Idempotency key: the same reference sent twice is one message to the gateway. */
  reference: string;
  to: string[];
  text: string;
}
export interface SmsResult {
  accepted: number;
  rejected: Array<{ to: string; reason: string }>;
}
export interface SmsGateway {
  /** Resolves when the gateway answered (some numbers may be rejected); rejects when it could not be reached or refused the request. */
  send(request: SmsRequest): Promise<SmsResult>;
}

/** The signature both HTTP channels use: HMAC-SM3 (hex) of `timestamp + "\n" + body` under the shared key. */
export const signBody = (keyHex: string, timestamp: string, body: string) => `hmac-sm3=${hmacSm3Hex(keyHex, `${timestamp}\n${body}`)}`;

export function createHttpSmsGateway(settings: { url: string; key: string; sender: string }, fetchImpl: typeof fetch = fetch): SmsGateway {
  return {
    async send(request) {
      const body = JSON.stringify({ reference: request.reference, sender: settings.sender, to: request.to, text: request.text });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const res = await fetchImpl(settings.url, {
        method: 'POST', body, signal: AbortSignal.timeout(10_000),
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-civdef-timestamp': timestamp, 'x-civdef-signature': signBody(settings.key, timestamp, body) },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const answer = (await res.json().catch(() => null)) as Partial<SmsResult> | null;
      if (!answer || typeof answer.accepted !== 'number') throw new Error('gateway answer is not {accepted, rejected}');
      return { accepted: answer.accepted, rejected: Array.isArray(answer.rejected) ? answer.rejected.slice(0, 1000) : [] };
    },
  };
}

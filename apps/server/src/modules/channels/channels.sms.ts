/**
 * The SMS gateway behind one small interface (docs/protocols/sms-gateway.md): the channels dispatcher hands it one
 * message for a list of numbers and learns which were accepted. `createHttpSmsGateway` speaks the documented HTTP
 * protocol (JSON, signed HMAC-SM3 over timestamp and body under each key that still signs, each entry named by its
 * key id, as the CAP pushes are: keys rotate with a grace period); a carrier's own API (China Mobile's 云MAS, Aliyun
 * SMS…) is another adapter of the same interface, or a small bridge that speaks this protocol.
 */
import { pushSignature } from './channels.signature.ts';

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

/** The keys a request is signed with at the moment it is sent, newest (current) first. */
export type SmsSigningKeys = () => Promise<ReadonlyArray<{ id: number; keyHex: string }>>;

export function createHttpSmsGateway(settings: { url: string; sender: string; keys: SmsSigningKeys }, fetchImpl: typeof fetch = fetch): SmsGateway {
  return {
    async send(request) {
      const body = JSON.stringify({ reference: request.reference, sender: settings.sender, to: request.to, text: request.text });
      // Asked per request: a retry after a rotation carries the new key, and a retired key stops signing at its end.
      const keys = await settings.keys();
      if (keys.length === 0) throw new Error('no SMS gateway key stored (SMS_GATEWAY_KEY)');
      const timestamp = String(Math.floor(Date.now() / 1000));
      const res = await fetchImpl(settings.url, {
        method: 'POST', body, signal: AbortSignal.timeout(10_000),
        headers: {
          'content-type': 'application/json; charset=utf-8', 'x-civdef-timestamp': timestamp,
          'x-civdef-key-id': String(keys[0]!.id), 'x-civdef-signature': pushSignature(keys, timestamp, body),
        },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const answer = (await res.json().catch(() => null)) as Partial<SmsResult> | null;
      if (!answer || typeof answer.accepted !== 'number') throw new Error('gateway answer is not {accepted, rejected}');
      return { accepted: answer.accepted, rejected: Array.isArray(answer.rejected) ? answer.rejected.slice(0, 1000) : [] };
    },
  };
}

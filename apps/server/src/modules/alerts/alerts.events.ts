/**
 * Events the alerts module emits, inside the transaction that publishes a CAP message (issue, all-clear, cancel,
 * update). The channels module subscribes to write one delivery per subscribed agency and SMS list in that same
 * transaction: the outbox its dispatcher sends from, so a crash after the commit loses no delivery.
 */
declare module '../../lib/events.ts' {
  interface DomainEvents {
    'alert.message_published': {
      alertId: number;
      identifier: string;
      msgType: 'Alert' | 'Update' | 'Cancel';
      /** CAP status: Actual, Exercise or Test. */
      status: string;
      /** The CAP document exactly as published. */
      xml: string;
      /** The alert's own jurisdiction and the region codes of its area (empty when it names only siren groups). */
      regionCode: string;
      regionCodes: string[];
      /** The regions the area reaches: its region codes, those of its groups' sirens, and the districts a drawn area crosses. */
      areaRegionCodes: string[];
      headline: string;
      messageZh: string;
      senderName: string;
    };
  }
}

export {};

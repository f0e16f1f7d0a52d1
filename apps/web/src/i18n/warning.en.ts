import type { warningZhCN } from './warning.zh-CN.ts';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** English strings of the warning pages: the same keys as warning.zh-CN.ts. */
export const warningEn: DeepStrings<typeof warningZhCN> = {
  warning: {
    sirens: {
      title: 'Sirens',
      search: 'Code, name, host unit or terminal',
      count: '{{count}} sirens',
      code: 'Code', name: 'Name', region: 'Region', kind: 'Kind', status: 'Status', rating: 'Rated power / level', host: 'Host unit', contact: 'Contact',
      terminal: 'Terminal', installed: 'Installed', faults: 'Fault tickets', overdue: '{{count}} overdue', manual: 'Manual on site',
      defaults: 'Kind default: {{source}}', history: 'State history', groups: 'Groups', none: 'None', reportFault: 'Report fault', setStatus: 'Set state',
      reason: 'Reason', saved: 'Saved',
    },
    faults: {
      title: 'Fault tickets', openOnly: 'Open only', overdueOnly: 'Overdue only', siren: 'Siren', category: 'Category', description: 'Description',
      state: 'State', deadline: 'Deadline', overdue: 'Overdue', reportedBy: 'Reported by', assignee: 'Assignee', resolution: 'Resolution',
      toRepairing: 'Start repair', toRepaired: 'Repaired', toCancelled: 'Cancel', reported: 'Reported; the siren is now marked faulty',
    },
    alerts: {
      title: 'Alerts', draft: 'Draft an alert', kind: 'Kind', program: 'Signal', area: 'Area (regions)', headline: 'Headline', messageZh: 'Message (Chinese)',
      messageEn: 'Message (English, optional)', instruction: 'Instructions', submitDraft: 'Submit for a second officer\'s confirmation',
      drafted: 'Drafted: another duty officer must confirm it before it is issued', list: 'Alerts', confirm: 'Confirm and issue', allClear: 'All clear',
      cancel: 'Cancel draft', confirmTitle: 'Confirm and issue this alert?',
      confirmText: 'Sirens in the area will sound at once; the CAP message is published and pushed to every agency.',
      twoPerson: 'Two-person rule: the officer who drafted an alert cannot confirm it.',
      live: 'Live status', cap: 'CAP document', drafter: 'Drafted by', confirmer: 'Confirmed by', issuedAt: 'Issued', pushes: 'Agency pushes',
      state: { awaiting_confirmation: 'Awaiting confirmation', issued: 'Issued', cleared: 'Cleared', cancelled: 'Cancelled' },
      kinds: { air_raid: 'Air raid', disaster: 'Disaster', exercise: 'Exercise', test: 'Test' },
      delivery: { pending: 'Pending', sent: 'Sent', accepted: 'Sounding', finished: 'Finished', rejected: 'Rejected', failed: 'No answer', skipped: 'Operate on site' },
      empty: 'No alerts yet',
      followUp: {
        requestAllClear: 'Ask for all clear', requestUpdate: 'Ask to update', requestCancel: 'Ask to cancel',
        pending: '{{who}} asked for: {{kind}}. Another duty officer must confirm it', confirm: 'Confirm {{kind}}', withdraw: 'Withdraw request',
        mine: 'Two-person rule: a request you made must be confirmed by another duty officer.',
        confirmTitle: 'Confirm {{kind}}?',
        confirmText: {
          all_clear: 'Sirens in the area will sound the all-clear and a CAP Update is published.',
          cancel: 'Sirens in the area will stop and a CAP Cancel is published with the reason.',
          update: 'The new text is published as a CAP Update (no siren sounds).',
        },
        kind: { all_clear: 'all clear', cancel: 'cancel', update: 'update' },
        state: { awaiting_confirmation: 'Awaiting confirmation', done: 'Done', withdrawn: 'Withdrawn' },
        reason: 'Reason', reasonRequired: 'Cancelling an issued alert needs a reason (it is published)', history: 'Follow-ups', requestedBy: 'Asked by',
        decidedBy: 'Confirmed / withdrawn by', updateTitle: 'Ask to update the alert\'s text', cancelTitle: 'Ask to cancel an issued alert',
        requested: 'Request made: another duty officer must confirm it',
      },
    },
  },
};

import type { warningZhCN } from './warning.zh-CN.ts';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** English strings of the warning pages: the same keys as warning.zh-CN.ts. */
export const warningEn: DeepStrings<typeof warningZhCN> = {
  warning: {
    sirens: {
      title: 'Sirens',
      exportXlsx: 'Export XLSX', exportCsv: 'Export CSV', template: 'Import template', importFile: 'Import XLSX/CSV',
      imported: 'Imported: {{created}} new, {{updated}} updated, {{unchanged}} unchanged',
      search: 'Code, name, host unit or terminal',
      count: '{{count}} sirens',
      code: 'Code', name: 'Name', region: 'Region', kind: 'Kind', status: 'Status', rating: 'Rated power / level', host: 'Host unit', contact: 'Contact',
      terminal: 'Terminal', installed: 'Installed', faults: 'Fault tickets', overdue: '{{count}} overdue', manual: 'Manual on site',
      defaults: 'Kind default: {{source}}', history: 'State history', groups: 'Groups', none: 'None', reportFault: 'Report fault', setStatus: 'Set state',
      reason: 'Reason', saved: 'Saved',
      lastSeen: 'Last heard', neverSeen: 'Never', terminalState: { idle: 'idle', sounding: 'sounding', fault: 'terminal reports a fault' },
    },
    faults: {
      title: 'Fault tickets', openOnly: 'Open only', overdueOnly: 'Overdue only', siren: 'Siren', category: 'Category', description: 'Description',
      state: 'State', deadline: 'Deadline', overdue: 'Overdue', reportedBy: 'Reported by', assignee: 'Assignee', resolution: 'Resolution',
      toRepairing: 'Start repair', toRepaired: 'Repaired', toCancelled: 'Cancel', reported: 'Reported; the siren is now marked faulty',
    },
    tests: {
      title: 'Siren tests', list: 'Test campaigns', empty: 'No test campaigns yet', name: 'Name', defaultName: '{{year}} 9·18 air-defence siren test', firstStep: 'First signal',
      workingPercent: 'Working', verifiedWorkingPercent: 'Working, of the verified', schedule: 'Schedule a test', regions: 'Area (regions, with those below)', groups: 'Siren groups', steps: 'Signals (in time order)',
      addStep: 'Add a signal', preset918: '9·18: the three signals', scheduleHint: 'Sent on time by the server through the signed control path; or schedule it and run it now.',
      submit: 'Schedule', scheduled: 'Scheduled', runNow: 'Run now', runTitle: 'Start the test now?', runText: 'Sirens in the area sound each signal in turn (the spacing is kept).',
      finish: 'Close and report', finishTitle: 'Close the test and make the report?', finishText: 'Each siren\'s result is fixed; failed sirens get fault tickets.',
      cancel: 'Cancel campaign', export: 'Export XLSX', print: 'Print', createdBy: 'Scheduled by', at: 'Time', answers: 'Answers', notYet: 'Not yet due',
      observe: 'Observer report', locate: 'Use my position', noLocation: 'No position yet', noPosition: 'No position: allow location access and retry',
      note: 'Note (optional)', sendObservation: 'Send report', observed: 'Recorded (nearest siren: {{code}})', observations: '{{count}} observer reports so far',
      report: 'Test report', total: 'Sirens', faultTickets: 'Fault tickets', breakdown: '{{working}} working, {{weak}} weak, {{failed}} failed, {{unverified}} unverified.',
      previous: 'The previous test, {{name}}: {{pct}}% working.', noPrevious: 'No earlier closed test in this jurisdiction.',
      unverifiedHint: 'Unverified: sirens without a remote terminal that no observer reported on; "Working" counts them as not working, "Working, of the verified" leaves them out.', all: 'All', outcome: 'Result',
      cause: 'Cause', heardCounts: 'Heard / weak / not heard',
    },
    alerts: {
      title: 'Alerts', draft: 'Draft an alert', kind: 'Kind', program: 'Signal', area: 'Area', areaRegions: 'Area: regions', groups: 'Area: siren groups', areaRequired: 'Choose at least one region or siren group, or draw an area on the map', areaDrawn: 'Area: drawn on the map', areaDrawnHelp: 'Grey dots are sirens; a drawn area must lie inside your jurisdiction\'s boundary', sirensInside: '{{n}} sirens inside the drawn area', headline: 'Headline', messageZh: 'Message (Chinese)',
      messageEn: 'Message (English, optional)', instruction: 'Instructions', submitDraft: 'Submit for a second officer\'s confirmation',
      drafted: 'Drafted: another duty officer must confirm it before it is issued', list: 'Alerts', confirm: 'Confirm and issue', allClear: 'All clear',
      cancel: 'Cancel draft', confirmTitle: 'Confirm and issue this alert?',
      confirmText: 'Sirens in the area will sound at once; the CAP message is published and pushed to every agency.',
      twoPerson: 'Two-person rule: the officer who drafted an alert cannot confirm it.',
      live: 'Live status', report: 'Export report (XLSX)', cap: 'CAP document', msgType: { Alert: 'alert', Update: 'update', Cancel: 'cancel' }, total: 'Total', attempts: 'Sends', district: 'District', drafter: 'Drafted by', confirmer: 'Confirmed by', issuedAt: 'Issued', pushes: 'Agency pushes',
      state: { awaiting_confirmation: 'Awaiting confirmation', issued: 'Issued', cleared: 'Cleared', cancelled: 'Cancelled' },
      kinds: { air_raid: 'Air raid', disaster: 'Disaster', exercise: 'Exercise', test: 'Test' },
      unreachable: 'Unreachable',
      liveMode: { connecting: 'Connecting', stream: 'Live (pushed)', polling: 'Polling (no push)', complete: 'Complete' },
      timeline: { answered: 'Answered (sounding)', finished: 'Finished', remote: 'Remote {{n}}' },
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

/** English strings of the CAP exchange and channel pages and the alert's channel deliveries. */
export const channelsEn = {
  channels: {
    title: 'Incoming CAP and channels',
    // The side menu is narrow: its entry names the page in fewer words than the title.
    menu: 'CAP & channels',
    name: 'Name', region: 'Jurisdiction', active: 'Active', add: 'Add', saved: 'Saved', required: 'Required', yes: 'Yes', no: 'No', createdAt: 'Created',
    incoming: {
      tab: 'Incoming CAP',
      intro: 'CAP alerts pushed by or polled from other agencies (weather, emergency management). Each document was checked in full before it was stored; invalid ones were refused with the reason. Relaying one to the sirens makes a draft alert that another officer must confirm before anything sounds.',
      receivedAt: 'Received', source: 'Source', status: 'Status', event: 'Event', headline: 'Headline', area: 'Area', relayed: 'Relayed', relayedAs: 'Relayed as alert #{{id}} ({{by}})',
      sent: 'Sent', severity: 'Urgency / severity / certainty', description: 'Description', instruction: 'Instruction', xml: 'CAP document',
      relayTitle: 'Relay to the sirens', relayHint: 'Makes a draft alert for the message\'s region codes in your jurisdiction; another officer with alerts:issue must confirm it before the sirens sound and it is published.',
      program: 'Signal', relay: 'Make a draft alert', relayedOk: 'Draft alert #{{id}} made; another officer confirms it under Alerts',
    },
    sources: {
      tab: 'Sources',
      intro: 'Agencies that push CAP to us (the API key is shown once; only its hash is kept) and feeds polled on a schedule (Atom or CAP URL).',
      add: 'Add a source', push: 'Push', feedUrl: 'Feed URL', interval: 'Poll every (s)', counts: 'Received / refused', countsValue: '{{received}} / {{refused}}',
      lastError: 'Last problem', poll: 'Poll now', polled: '{{documents}} read, {{stored}} stored, {{refused}} refused {{error}}',
      keyTitle: 'API key', keyOnce: 'Give this key to the agency (header X-Cap-Key); it cannot be shown again:',
    },
    subscriptions: {
      tab: 'Subscriptions',
      intro: 'Agencies subscribed to our alerts: each issue, all-clear, cancel or update is POSTed to them as CAP, signed HMAC-SM3 over timestamp and body (naming the key id, kid), retried with back-off; the outcome is on the alert\'s live view.',
      add: 'Add a subscription', url: 'URL', keyTitle: 'Shared key', keyOnce: 'Give this key to the agency to verify signatures; it cannot be shown again:',
      keys: 'Signing keys', keyCurrent: 'current #{{id}}', keyRetiring: '#{{id}} signs until {{at}}', keyId: 'Key id (kid): {{id}}', imported: 'imported from configuration',
      rotate: 'Rotate key', rotateTitle: 'Rotate the signing key of "{{name}}"?',
      rotateText: 'A new key is generated and signs at once; the old key keeps signing beside it for 72 hours, so the agency can install the new one without failing to verify any push. The rotation is audited.',
    },
    sms: {
      tab: 'SMS lists',
      intro: 'SMS recipient lists per jurisdiction (grid officers, building heads, key units). A list receives an alert whose area overlaps its jurisdiction; numbers are kept encrypted and never shown again.',
      add: 'Add a list', phones: 'Mobile numbers', phonesHint: '11-digit numbers separated by spaces, commas or new lines', count: 'Numbers',
    },
    smsKeys: {
      tab: 'SMS gateway keys',
      intro: 'Every request to the SMS gateway is signed HMAC-SM3, naming the key id (kid). On rotation the new key signs at once and the replaced key keeps signing beside it for the grace period, so the gateway\'s operator can install the new one in that time. Only key ids are shown here; a key itself is shown once, right after its rotation. The gateway serves the whole city: only city-level users manage it.',
      notConfigured: 'No SMS gateway is configured (SMS_GATEWAY_URL), so there is no key to rotate.',
      url: 'Gateway URL', id: 'Key id (kid)', source: 'Source', sources: { configuration: 'configuration (SMS_GATEWAY_KEY)', rotation: 'rotated in the console' },
      createdAt: 'Created', state: 'State', current: 'current', retiring: 'grace period until {{at}}', hoursLeft: 'about {{hours}} h left', lastSigned: 'Last signed a request', neverSigned: 'not yet',
      rotate: 'Rotate key', rotateTitle: 'Rotate the SMS gateway key', rotateText: 'A new key is generated (or the one you enter is used) and signs at once; the current key #{{id}} keeps signing beside it for the grace period. The rotation is audited (key ids only).',
      grace: 'Grace period of the old key', graceOptions: { h0: 'none: retire at once (a leaked key)', h24: '24 hours', h72: '72 hours (default)', h168: '7 days', h720: '30 days' },
      ownKey: 'Key issued by the operator (optional)', ownKeyHint: '64 hex digits; leave empty to have one generated', ownKeyRule: 'key: must be 64 hex digits (0-9, a-f)',
      newKeyTitle: 'New SMS gateway key #{{id}}', onceWarning: 'Shown only once: it cannot be shown again after you close this. Copy it now and give it to the gateway\'s operator over a safe channel.',
      copied: 'I have copied and stored it',
      retire: 'Retire now', retireTitle: 'Retire old key #{{id}} now?', retireText: 'The key stops signing at once instead of at the end of its grace period. Make sure the gateway\'s operator has installed the current key, or the gateway will refuse SMS requests. The change is audited.',
      retired: 'Key #{{id}} retired', cityOnly: 'The SMS gateway serves the whole city: only city-level users may see or rotate its keys.',
    },
    deliveries: {
      title: 'Other channels', channel: 'Channel', target: 'To', message: 'CAP message', state: 'State', attempts: 'Attempts', lastError: 'Last error',
      updatedAt: 'Updated / delivered', nextAt: 'Next retry',
      kind: { agency: 'Agency push', sms: 'SMS' },
      states: { pending: 'Sending', delivered: 'Delivered', failed: 'Failed' },
    },
  },
};

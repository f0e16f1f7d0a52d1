/** English strings of the command-and-response pages. */
export const commandEn = {
  command: {
    menu: { group: 'Command & response', hq: 'Command structure', teams: 'Teams and equipment', rollcall: 'Roll-call', dispatch: 'Emergency dispatch' },
    hq: {
      title: 'Three-level command', commander: 'Commander', onDuty: 'On duty today', onDutyNow: 'On duty now', noDuty: 'No duty officer today', detail: 'Command',
      persons: 'Leaders and members', memberUnits: 'Member units', peacetime: 'Peacetime duty', wartime: 'Wartime duty', contact: 'Contact', posts: 'Command posts',
      work: 'Command works', roster: 'Duty roster', date: 'Date', shift: 'Shift', name: 'Name', role: 'Role', unit: 'Unit', phone: 'Mobile',
      office: 'Duty line', address: 'Address', noPost: 'No command post linked yet', synthetic: 'Demo data',
    },
    vehicles: { title: 'Mobile command vehicles', code: 'Code', generation: 'Generation', crew: 'Crew', state: 'State', position: 'Position', live: 'Live', lastKnown: 'Last known', home: 'At base', speed: 'Speed km/h' },
    teams: {
      title: 'Teams and equipment', readiness: 'Readiness', overall: 'City', people: 'People present', equipment: 'Equipment working', checked: '{{checked}}/{{teams}} teams checked',
      qualificationsFlagged: 'Qualifications due', upkeepFlagged: 'Upkeep due', code: 'Code', name: 'Team', category: 'Category', kind: 'Speciality', baseUnit: 'Base unit',
      region: 'Region', members: 'Members', equipmentCount: 'Equipment', lastRollcall: 'Last roll-call', never: 'Never', leader: 'Leader',
      memberList: 'Members', equipmentList: 'Equipment', rollcalls: 'Roll-calls', qualification: 'Qualification', expires: 'Valid until', count: 'Count', location: 'Kept at',
      state: 'State', maintenanceDue: 'Upkeep due', flag: { expired: 'Expired', expiring: 'Expiring', ok: 'Valid', none: '—' }, exportXlsx: 'Export XLSX', importXlsx: 'Import XLSX', imported: 'Imported {{teams}} teams, {{members}} members, {{equipment}} items of equipment', rollcallButton: 'Roll-call',
      importPreview: 'Import preview: teams updated by code', importApply: 'Import', status: { new: 'New', changed: 'Changed', unchanged: 'Unchanged' },
      removeMissing: 'Also remove members and equipment the file no longer lists (those in roll-call records are kept)', importDone: 'Imported: {{created}} teams created, {{updated}} updated, {{unchanged}} unchanged',
      changes: 'Team fields', added: 'Added', changed: 'Changed', missing: 'Not in the file', pinned: 'In roll-call records: kept', noChanges: 'The file matches the teams: nothing to import',
      previewSummary: '{{new}} new, {{changed}} changed, {{unchanged}} unchanged', showUnchanged: 'Show unchanged teams',
      fields: {
        name: 'Name', category: 'Category', kind: 'Speciality', baseUnit: 'Base unit', regionCode: 'Region code', leaderName: 'Leader', leaderPhone: 'Leader phone', lng: 'Longitude', lat: 'Latitude',
        role: 'Role', phone: 'Mobile', qualification: 'Qualification', qualificationExpires: 'Valid until', volunteer: 'Volunteer', count: 'Count', location: 'Kept at', state: 'State', maintenanceDue: 'Upkeep due',
      },
    },
    form: {
      save: 'Save', cancel: 'Cancel', saved: 'Saved', required: '{{field}} is required', tooLong: '{{field}}: at most {{max}} characters',
      phoneRule: 'Mobile: digits, spaces, +, - and brackets only, 3–30 characters', phoneMasked: 'Shown masked in the lists to those who may not edit', countRule: 'Count: a whole number from 0 to 100000',
      addPerson: 'Add person', addUnit: 'Add member unit', addDuty: 'Set duty', addMember: 'Add member', addEquipment: 'Add equipment',
      title: 'Title', unitName: 'Unit name', contactPhone: 'Contact phone', dutyPerson: 'Duty officer', dutyReplaces: 'Replaces whoever is on that date and shift; the roster shows 14 days from today',
      noPersons: 'Add a person first', memberRole: 'Role', memberRoleHint: 'e.g. leader, repairer, driver', volunteer: 'Volunteer',
      edit: 'Edit', delete: 'Delete', actions: 'Actions', deleteConfirm: 'Delete "{{name}}"?', deleted: 'Deleted',
      editPerson: 'Edit person', editUnit: 'Edit member unit', editMember: 'Edit member', editEquipment: 'Edit equipment', editTeam: 'Edit team', phoneKept: 'Left as is, the number is kept; cleared, it is removed',
      equipmentKind: 'Kind', equipmentKindHint: 'e.g. drainage, lighting, communications', equipmentName: 'Name',
    },
    rollcall: {
      title: 'Roll-call', team: 'Team', pickTeam: 'Choose a team', date: 'Date', present: 'Present', counted: 'Counted', working: 'Working', note: 'Note',
      submit: 'Record roll-call', recorded: 'Roll-call recorded: people {{people}}, equipment {{equipment}}', people: 'People (tick who is present)', equipment: 'Equipment (counted / working)',
      allPresent: 'All present',
    },
    dispatch: {
      title: 'Emergency dispatch', report: 'Report an incident', kind: 'Kind', titleField: 'Title', description: 'Description', region: 'Region', location: 'Location (click the map)',
      submit: 'Report', incidents: 'Incidents', open: 'Open', closed: 'Closed', etaTitle: 'Travel time', candidates: 'Nearest teams (by estimated travel time)', eta: '{{min}} min', distance: 'Straight line',
      dispatch: 'Dispatch', busy: 'Dispatched', tasks: 'Tasks', timeline: 'Timeline', works: 'Works and shelters nearby', draftWarning: 'Draft a warning for the area',
      warningDrafted: 'Warning #{{id}} drafted: a second officer confirms it under Alerts', close: 'Close incident', next: { en_route: 'En route', on_site: 'On site', done: 'Done', cancelled: 'Cancel' },
      travel: 'Estimate: straight line × {{factor}} at {{speed}} km/h', pick: 'Choose an incident to see the nearest resources', events: {
        reported: 'Reported', dispatched: 'Dispatched', state: 'State', warning_drafted: 'Warning draft', closed: 'Closed',
      },
    },
  },
};

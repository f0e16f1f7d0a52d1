/** English strings of the regulation pages. */
import type { regulationZhCN } from './regulation.zh-CN.ts';

export const regulationEn: typeof regulationZhCN = {
  regulation: {
    title: 'Regulation',
    tabEnterprises: 'Enterprises',
    tabInspections: 'Random inspections',
    enterprise: {
      uscc: 'Unified social credit code', name: 'Name', kind: 'Kind', region: 'Region code', contact: 'Contact', phone: 'Phone',
      create: 'Register enterprise', created: 'Registered {{name}}', search: 'Name or credit code', synthetic: 'Demo data',
      usccInvalid: 'The unified social credit code fails its check (GB 32100-2015)',
    },
    kinds: { builder: 'Builder', supervisor: 'Supervisor', designer: 'Designer', equipment_maker: 'Protective-equipment maker', user_unit: 'User unit of works' },
    task: {
      counts: 'Counts', countLine: '{{targets}} enterprises, {{inspectors}} inspectors each', poolLabel: 'Pool',
      create: 'New inspection task', title: 'Title', item: 'Inspection item', region: 'Scope (region code)', targetCount: 'Targets to draw', inspectorsPerTarget: 'Inspectors per target',
      status: 'Status', commit: 'Commit (freeze the pool)', draw: 'Draw', publish: 'Publish', created: 'Task created',
      commitHash: 'Seed commitment SM3(seed)', poolDigest: 'Pool digest', seed: 'Seed (revealed by the draw)', drawn: 'Drawn', target: 'Target', inspectors: 'Inspectors',
      none: 'Select or create a task on the left', verifyHint: 'Anyone can re-check this draw from the published data: node verify-draw.mjs <published data URL>',
      drawOnce: 'A task is drawn once and cannot be drawn again. Draw now?', publicLink: 'Published data',
      pool: 'Pool: {{targets}} enterprises, {{inspectors}} officers',
    },
    approval: {
      tab: 'Approval clocks', create: 'Register case', created: 'Case registered', kind: 'Approval', title: 'Case', region: 'Region code', receivedOn: 'Received',
      promisedDueOn: 'Promised by', legalDueOn: 'Legal limit', left: 'Working days to the limit', clock: 'Clock', status: 'Status',
      views: { open: 'Open', due_soon: 'Due soon', overdue: 'Overdue', all: 'All' },
      clocks: { on_time: 'On time', due_soon: 'Due soon', past_promise: 'Past the promise', past_legal_limit: 'Past the legal limit' },
      statuses: { open: 'Open', approved: 'Approved', rejected: 'Rejected' },
      note: 'Clocks run in working days (public holidays and adjusted working weekends included), from the day after receipt: 7 promised, 20 legal.',
    },
    approvalKinds: {
      attached_construction: 'Attached shelter construction', relocated_construction: 'Relocated construction', protection_zone_works: 'Works in a protection zone',
      dual_use_underground: 'Dual-use underground space', demolition: 'Demolition', alteration: 'Alteration', scrapping: 'Scrapping',
      peacetime_use: 'Peacetime use of public works',
    },
    statuses: { draft: 'Draft', committed: 'Committed', drawn: 'Drawn', published: 'Published' },
    items: {
      works_maintenance: 'Maintenance of works', construction_quality: 'Construction quality', supervision_quality: 'Supervision',
      design_quality: 'Design quality', equipment_quality: 'Protective-equipment quality',
    },
  },
};

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
    statuses: { draft: 'Draft', committed: 'Committed', drawn: 'Drawn', published: 'Published' },
    items: {
      works_maintenance: 'Maintenance of works', construction_quality: 'Construction quality', supervision_quality: 'Supervision',
      design_quality: 'Design quality', equipment_quality: 'Protective-equipment quality',
    },
  },
};

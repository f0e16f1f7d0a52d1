/** Chinese strings of the regulation pages (enterprise register, 双随机一公开 inspections). */
export const regulationZhCN = {
  regulation: {
    title: '监管执法',
    tabEnterprises: '企业名录',
    tabInspections: '双随机抽查',
    enterprise: {
      uscc: '统一社会信用代码', name: '企业名称', kind: '类别', region: '区划代码', contact: '联系人', phone: '联系电话',
      create: '登记企业', created: '已登记 {{name}}', search: '名称或信用代码', synthetic: '演示数据',
      usccInvalid: '统一社会信用代码校验未通过（GB 32100-2015）',
    },
    kinds: { builder: '建设（施工）单位', supervisor: '监理单位', designer: '设计单位', equipment_maker: '防护设备生产企业', user_unit: '工程使用（管理）单位' },
    task: {
      counts: '抽取数量', countLine: '{{targets}} 家企业，每家 {{inspectors}} 名检查人员', poolLabel: '抽取池',
      create: '新建抽查任务', title: '任务名称', item: '抽查事项', region: '抽查范围（区划代码）', targetCount: '抽取对象数', inspectorsPerTarget: '每个对象的检查人员数',
      status: '状态', commit: '提交承诺（冻结抽取池）', draw: '抽取', publish: '公示', created: '已新建任务',
      commitHash: '种子承诺值 SM3(seed)', poolDigest: '抽取池摘要', seed: '随机种子（抽取后揭示）', drawn: '抽取结果', target: '检查对象', inspectors: '检查人员',
      none: '请在左侧选择或新建任务', verifyHint: '任何人可用公开数据和 scripts/verify-draw.mjs 复核本次抽取：node verify-draw.mjs <公示数据网址>',
      drawOnce: '每个任务只能抽取一次，抽取后不可重抽。确定抽取？', publicLink: '公示数据',
      pool: '抽取池：{{targets}} 家企业，{{inspectors}} 名执法人员',
    },
    approval: {
      tab: '审批时限', create: '受理审批', created: '已受理', kind: '审批事项', title: '案件名称', region: '区划代码', receivedOn: '受理日期',
      promisedDueOn: '承诺办结日', legalDueOn: '法定期限', left: '距法定期限（工作日）', clock: '时限状态', status: '状态',
      views: { open: '在办', due_soon: '即将到期', overdue: '已逾期', all: '全部' },
      clocks: { on_time: '正常', due_soon: '即将到期', past_promise: '超承诺时限', past_legal_limit: '超法定时限' },
      statuses: { open: '在办', approved: '准予许可', rejected: '不予许可' },
      note: '时限按工作日计算（含法定节假日与调休安排），受理当日不计入；承诺 7 个工作日，法定 20 个工作日。',
    },
    approvalKinds: {
      attached_construction: '结合民用建筑修建防空地下室审批', relocated_construction: '易地建设审批', protection_zone_works: '人防工程保护范围内施工审批',
      dual_use_underground: '兼顾人防需要的地下空间审批', demolition: '拆除人防工程审批', alteration: '改造人防工程审批', scrapping: '人防工程报废审批',
      peacetime_use: '公用人防工程平时使用审批',
    },
    statuses: { draft: '草稿', committed: '已承诺', drawn: '已抽取', published: '已公示' },
    items: {
      works_maintenance: '人防工程维护管理情况', construction_quality: '人防工程施工质量', supervision_quality: '人防工程监理履职情况',
      design_quality: '人防工程设计质量', equipment_quality: '人防防护设备产品质量',
    },
  },
};

/** Chinese strings of the zoning pages (建设管控: 结建规则、项目核算、控规地块、易地统筹台账). */
export const zoningZhCN = {
  zoning: {
    menu: '结建与地块',
    title: '结建规则与控规地块',
    synthetic: '含合成示例数据（非真实统计）',
    tabs: { rules: '结建规则', calculator: '项目核算', parcels: '控规地块', ledger: '易地统筹台账' },
    rules: {
      region: '适用区划', national: '全国（基准）', from: '生效日期', to: '失效日期', open: '至今', basis: '依据', source: '来源', thresholds: '修建条件',
      thresholdText: '≥{{storeys}} 层或基础埋深 ≥{{depth}} m：首层面积；其他民用建筑 ≥{{area}} m²：{{ratio}}', residential: '住宅按首层', grade: '防护等级',
      rate: '易地建设费（元/m²）', noRate: '未规定', reductions: '减免/下浮', inForce: '现行', closed: '已失效', future: '未生效',
      create: '新增版本', createTitle: '新增结建规则版本', createHint: '新版本自生效日期起替代该区划现行（无失效日期）的版本，原版本保留并于前一日失效；与其他版本生效期重叠的将被拒绝。',
      created: '已新增版本 {{code}}', closedOld: '，原版本 {{code}} 于 {{to}} 失效',
      highRiseStoreys: '高层层数阈值', deepFoundationM: '基础埋深阈值（m）', minAboveGroundM2: '其他民用建筑面积阈值（m²）', ratio: '修建比例（%）',
      feeYuanPerM2: '易地建设费（元/m²）', feeBasis: '收费依据', reductionCode: '代码', reductionZh: '中文名称', reductionEn: '英文名称', reductionShare: '减免比例（%）',
      reductionBasis: '依据', addReduction: '添加减免', submit: '保存版本',
    },
    calc: {
      name: '项目名称', parcel: '所在地块', region: '区划', date: '申报日期', uses: '用途', storeys: '层数', aboveGroundAreaM2: '地上建筑面积（m²）',
      groundFloorAreaM2: '首层建筑面积（m²）', foundationDepthM: '基础埋深（m）', plannedM2: '拟建人防面积（m²）', reductions: '减免/下浮', submit: '核算',
      required: '应建人防面积', planned: '拟建', shortfall: '差额', fee: '易地建设费', gross: '应缴（减免前）', reduced: '减免', rate: '费率',
      rule: '适用规则：{{code}}（{{region}}，{{from}} 起；依据 {{basis}}）', onDate: '按 {{date}} 有效的规则', noRate: '该规则未规定费率：不计费', step: '计算过程',
      parcelHint: '地块控规应建 {{required}} m²{{pooling}}', poolingOk: '，允许易地统筹', poolingNo: '，不允许易地统筹',
    },
    parcels: {
      code: '地块编号', name: '名称', region: '区划', landUse: '用地性质', area: '用地面积（m²）', required: '应建人防（m²）', pooled: '已统筹（m²）',
      pooling: '允许统筹', yes: '是', no: '否', import: '导入地块（XLSX / GeoJSON）', imported: '已导入：新增 {{created}}，更新 {{updated}}', map: '地块分布',
      synthetic: '合成',
    },
    ledger: {
      add: '登记易地统筹', parcel: '地块', work: '统筹至工程', workId: '工程编号（ID）', area: '统筹面积（m²）', date: '日期', saving: '节约单价（元/m²）',
      saved: '节约资金（元）', basis: '依据', reference: '文号', export: '导出 XLSX', totals: '按区县汇总', total: '合计', parcels: '地块数', entries: '笔数',
      headline: '{{parcels}} 个地块，统筹 {{area}} m²，节约资金 {{yuan}} 元（约 {{yi}} 亿元）', added: '已登记',
    },
  },
};

/** Chinese strings of 一张图's additions: the mobile command vehicle layer. */
export const mapxZhCN = {
  mapx: {
    vehicles: {
      layer: '机动指挥车',
      legend: '机动指挥车（实时定位）',
      staleLegend: '灰色：定位超过 5 分钟未更新',
      homeLegend: '空心灰圈：从未上报，显示驻地',
      count: '机动指挥车 {{total}} 辆，实时定位 {{live}} 辆',
      code: '编号',
      generation: '代次',
      crew: '乘员',
      state: '状态',
      fix: '定位',
      speed: '速度',
      stale: '已过时',
      neverReported: '从未上报（显示驻地）',
      ageSeconds: '{{n}} 秒前',
      ageMinutes: '{{n}} 分钟前',
      ageHours: '{{n}} 小时前',
      ageDays: '{{n}} 天前',
      loadFailed: '机动指挥车位置加载失败：{{message}}',
    },
  },
};

/** Chinese strings of the quiz pages (题库 and the dashboard's results). */
export const quizZhCN = {
  quiz: {
    title: '人防知识题库',
    intro: '公众端「学习」栏目的练习和测试从这里抽题。全国通用题目只读；本单位可新增、修改或停用自己的题目。',
    create: '新增题目', edit: '修改', save: '保存', cancel: '取消', created: '已新增题目', saved: '已保存',
    category: '分类', kind: '题型', stem: '题干', options: '选项', option: '选项 {{key}}', answer: '正确答案', explanation: '解析', active: '启用',
    scope: '来源', nationwide: '全国通用', own: '本单位', single: '单选', multiple: '多选', on: '启用', off: '停用',
    stemRequired: '请填写题干', optionRequired: '请填写选项内容', answerRequired: '请选择正确答案',
    loadFailed: '题库加载失败：{{message}}',
    orgs: '学校和社区名单', orgsIntro: '公众参加测试时先选所在区县，再从这份名单中选择学校或社区，成绩按名单中的单位统计（不在名单中的可手动填写）。停用后不再供选择，已有成绩保留。',
    orgRegion: '所在区县或街道（乡镇）', orgKind: '类型', orgName: '名称', orgAdd: '加入名单', orgAdded: '已加入名单', orgNameRequired: '请填写名称', orgRegionRequired: '请选择区划',
    importOpen: '从文件导入', importTitle: '导入学校和社区名单', importHint: '上传 XLSX 或 CSV 文件（列：区划代码、类别、名称、在用）。先逐行检查并列出全部问题，不写入任何内容；确认后整份导入：新单位加入名单，已有单位按「在用」停用或恢复。同一文件再次导入不会有任何改变。',
    importPick: '选择文件', importExport: '导出名单（XLSX）', importBadFormat: '只接受 .xlsx 或 .csv 文件', importPreviewing: '正在检查…',
    importSummary: '有效 {{records}} 行：新增 {{created}}，更改在用 {{updated}}，不变 {{unchanged}}', importErrors: '有 {{count}} 处问题，改正后才能导入',
    importApply: '导入', importApplied: '已导入：新增 {{created}}，更改 {{updated}}，不变 {{unchanged}}',
    school: '学校', community: '社区', retire: '停用', restore: '恢复',
    results: '人防知识测试成绩（按学校、社区）', resultsEmpty: '暂无测试成绩', averageScore: '平均分', passRate: '及格率', tests: '参加次数',
  },
};

/** Chinese strings of the command-and-response pages (指挥部, 队伍装备, 整组点验, 应急调度). */
export const commandZhCN = {
  command: {
    menu: { group: '指挥与应急', hq: '三级指挥部', teams: '队伍与装备', rollcall: '整组点验', dispatch: '应急调度' },
    hq: {
      title: '三级指挥部', commander: '指挥长', onDuty: '今日值班', onDutyNow: '当前在岗', noDuty: '今日未排班', detail: '指挥部详情',
      persons: '领导与成员', memberUnits: '成员单位', peacetime: '平时职责', wartime: '战时职责', contact: '联系人', posts: '指挥所',
      work: '指挥工程', roster: '值班表', date: '日期', shift: '班次', name: '姓名', role: '职务', unit: '单位', phone: '手机',
      office: '值班电话', address: '地址', noPost: '尚未关联指挥所', synthetic: '演示数据',
    },
    vehicles: { title: '机动指挥车', code: '编号', generation: '代次', crew: '乘员', state: '状态', position: '位置', live: '实时', lastKnown: '最后位置', home: '驻地', speed: '速度 km/h' },
    teams: {
      title: '队伍与装备', readiness: '战备状态', overall: '全市', people: '人员到位', equipment: '装备完好', checked: '已点验 {{checked}}/{{teams}} 支',
      qualificationsFlagged: '资质到期', upkeepFlagged: '装备待保养', code: '编号', name: '队伍', category: '类别', kind: '专业', baseUnit: '组建单位',
      region: '区划', members: '人数', equipmentCount: '装备数', lastRollcall: '最近点验', never: '未点验', leader: '队长',
      memberList: '队员', equipmentList: '装备', rollcalls: '点验记录', qualification: '资质', expires: '有效期至', count: '数量', location: '存放地点',
      state: '状态', maintenanceDue: '保养到期', flag: { expired: '已过期', expiring: '即将到期', ok: '有效', none: '—' }, exportXlsx: '导出 XLSX', importXlsx: '导入 XLSX', imported: '已导入 {{teams}} 支队伍、{{members}} 名队员、{{equipment}} 项装备', rollcallButton: '整组点验',
      importPreview: '导入预览：按编号更新队伍', importApply: '确认导入', status: { new: '新增', changed: '有修改', unchanged: '无变化' },
      removeMissing: '同时删除文件中没有的队员和装备（有点验记录的保留）', importDone: '导入完成：新增 {{created}} 支、更新 {{updated}} 支、无变化 {{unchanged}} 支队伍',
      changes: '队伍字段', added: '新增', changed: '修改', missing: '文件中没有', pinned: '有点验记录，保留', noChanges: '文件与现有数据一致，无需导入',
      previewSummary: '新增 {{new}} 支、有修改 {{changed}} 支、无变化 {{unchanged}} 支', showUnchanged: '显示无变化的队伍',
      fields: {
        name: '名称', category: '类别', kind: '专业', baseUnit: '组建单位', regionCode: '区划代码', leaderName: '队长', leaderPhone: '队长电话', lng: '经度', lat: '纬度',
        role: '职务', phone: '手机', qualification: '资质', qualificationExpires: '资质有效期至', volunteer: '志愿者', count: '数量', location: '存放地点', state: '状态', maintenanceDue: '保养到期',
      },
    },
    form: {
      save: '保存', cancel: '取消', saved: '已保存', required: '请填写{{field}}', tooLong: '{{field}}不能超过 {{max}} 个字',
      phoneRule: '手机：只能包含数字、空格、+、-、括号，3–30 位', phoneMasked: '保存后列表中按权限脱敏显示', countRule: '数量：须为 0–100000 的整数',
      addPerson: '添加人员', addUnit: '添加成员单位', addDuty: '排班', addMember: '添加队员', addEquipment: '添加装备',
      title: '职务名称', unitName: '单位名称', contactPhone: '联系电话', dutyPerson: '值班人员', dutyReplaces: '同一日期与班次已有排班时将被替换；值班表显示今日起 14 天',
      noPersons: '请先添加人员', memberRole: '岗位', memberRoleHint: '如：队长、抢修员、驾驶员', volunteer: '志愿者',
      edit: '编辑', delete: '删除', actions: '操作', deleteConfirm: '确定删除「{{name}}」？', deleted: '已删除',
      editPerson: '修改人员', editUnit: '修改成员单位', editMember: '修改队员', editEquipment: '修改装备', editTeam: '修改队伍', phoneKept: '不改动则保留原号码；清空则删除号码',
      equipmentKind: '装备类别', equipmentKindHint: '如：排水、照明、通信', equipmentName: '装备名称',
    },
    rollcall: {
      title: '整组点验', team: '队伍', pickTeam: '选择队伍', date: '点验日期', present: '到场', counted: '清点', working: '完好', note: '备注',
      submit: '提交点验', recorded: '点验已记录：人员到位 {{people}}，装备完好 {{equipment}}', people: '人员（勾选到场）', equipment: '装备（清点数 / 完好数）',
      allPresent: '全部到场',
    },
    dispatch: {
      title: '应急调度', report: '报告事件', kind: '事件类型', titleField: '事件名称', description: '情况描述', region: '所在区划', location: '位置（点击地图）',
      submit: '报告', incidents: '事件', open: '处置中', closed: '已结束', etaTitle: '预计到达', candidates: '就近队伍（按预计到达时间）', eta: '预计 {{min}} 分钟', distance: '直线距离',
      dispatch: '派遣', busy: '已派遣', tasks: '调度任务', timeline: '时间线', works: '附近工程与掩蔽场所', draftWarning: '起草区域警报',
      warningDrafted: '已起草警报 #{{id}}，请在“警报发布”中由第二人确认', close: '结束事件', next: { en_route: '出发', on_site: '到场', done: '完成', cancelled: '取消' },
      travel: '估算：直线距离 × {{factor}}，平均 {{speed}} km/h', pick: '选择左侧事件查看就近资源', events: {
        reported: '报告', dispatched: '派遣', state: '状态', warning_drafted: '警报草稿', closed: '结束',
      },
    },
  },
};

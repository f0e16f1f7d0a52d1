/** Chinese strings of the siren registry, fault tickets and alert pages. */
export const warningZhCN = {
  warning: {
    sirens: {
      title: '警报器',
      search: '编号、名称、设置单位或终端号',
      count: '共 {{count}} 台警报器',
      code: '编号', name: '名称', region: '区划', kind: '类型', status: '状态', rating: '额定功率 / 声级', host: '设置单位', contact: '联系人',
      terminal: '终端号', installed: '安装年份', faults: '故障工单', overdue: '{{count}} 张逾期', manual: '现场手动',
      defaults: '按类型默认值：{{source}}', history: '状态记录', groups: '所属分组', none: '无', reportFault: '报修', setStatus: '变更状态',
      reason: '原因', saved: '已保存',
    },
    faults: {
      title: '故障工单', openOnly: '仅看未完成', overdueOnly: '仅看逾期', siren: '警报器', category: '故障类别', description: '故障描述',
      state: '状态', deadline: '修复期限', overdue: '逾期', reportedBy: '报修人', assignee: '维修人', resolution: '处理结果',
      toRepairing: '开始维修', toRepaired: '修复完成', toCancelled: '撤销', reported: '已报修，警报器已置为故障',
    },
    alerts: {
      title: '警报发布', draft: '起草警报', kind: '类别', program: '警报信号', area: '区域（区划）', headline: '标题', messageZh: '警报内容（中文）',
      messageEn: '警报内容（英文，可选）', instruction: '行动指引', submitDraft: '提交，等待第二人确认', drafted: '已起草，须另一位值班员确认后发布',
      list: '警报记录', confirm: '确认发布', allClear: '解除警报', cancel: '撤销草稿', confirmTitle: '确认发布这条警报？',
      confirmText: '确认后，区域内警报器将立即鸣响，CAP 消息将公开发布并推送至各部门。', twoPerson: '双人确认：起草人不能确认自己起草的警报。',
      live: '执行情况', cap: 'CAP 文档', drafter: '起草', confirmer: '确认', issuedAt: '发布时间', pushes: '部门推送',
      state: { awaiting_confirmation: '待确认', issued: '已发布', cleared: '已解除', cancelled: '已撤销' },
      kinds: { air_raid: '防空警报', disaster: '灾情警报', exercise: '演习', test: '测试' },
      delivery: { pending: '待发送', sent: '已发送', accepted: '鸣响中', finished: '已完成', rejected: '被拒绝', failed: '无响应', skipped: '须现场操作' },
      empty: '暂无警报',
      followUp: {
        requestAllClear: '申请解除警报', requestUpdate: '申请更新', requestCancel: '申请撤销',
        pending: '{{who}} 申请「{{kind}}」，待另一位值班员确认后执行', confirm: '确认{{kind}}', withdraw: '撤回申请',
        mine: '双人确认：您提出的申请须由另一位值班员确认。',
        confirmTitle: '确认{{kind}}？',
        confirmText: { all_clear: '确认后，区域内警报器将鸣放解除警报，并公开发布 CAP 更新消息。', cancel: '确认后，区域内警报器将停止鸣放，并公开发布 CAP 撤销消息及原因。', update: '确认后，更新后的警报内容将作为 CAP 更新消息公开发布（警报器不鸣放）。' },
        kind: { all_clear: '解除警报', cancel: '撤销警报', update: '更新警报' },
        state: { awaiting_confirmation: '待确认', done: '已执行', withdrawn: '已撤回' },
        reason: '原因', reasonRequired: '撤销已发布的警报须说明原因（将公开发布）', history: '后续操作', requestedBy: '申请', decidedBy: '确认/撤回',
        updateTitle: '申请更新警报内容', cancelTitle: '申请撤销已发布的警报', requested: '已提交申请，须另一位值班员确认',
      },
    },
  },
};

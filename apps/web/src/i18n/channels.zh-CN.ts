/** Chinese strings of the CAP exchange and channel pages (外部预警、接入来源、推送订阅、短信名单) and the alert's channel deliveries. */
export const channelsZhCN = {
  channels: {
    title: '外部预警与发布渠道',
    menu: '外部预警与渠道',
    name: '名称', region: '所属区划', active: '启用', add: '新增', saved: '已保存', required: '必填', yes: '是', no: '否', createdAt: '创建时间',
    incoming: {
      tab: '外部预警',
      intro: '气象、应急管理等部门推送或经订阅源接收的 CAP 预警。每份文档入库前已完整校验，不合格的已拒收并记录原因。转发至警报器将生成一份警报草稿，须由另一名值班员确认后才会鸣放。',
      receivedAt: '接收时间', source: '来源', status: '状态', event: '事件', headline: '标题', area: '区域', relayed: '转发', relayedAs: '已转发为警报 #{{id}}（{{by}}）',
      sent: '发送时间', severity: '紧急/严重/确定程度', description: '内容', instruction: '措施建议', xml: 'CAP 原文',
      relayTitle: '转发至警报器', relayHint: '将按消息中的行政区划（本辖区内）生成警报草稿；须由另一名有发布权限的值班员确认后才会鸣放并发布。',
      program: '信号', relay: '生成警报草稿', relayedOk: '已生成警报草稿 #{{id}}，请另一名值班员在「警报发布」中确认',
    },
    sources: {
      tab: '接入来源',
      intro: '向本平台推送 CAP 的部门（接入密钥只显示一次，仅保存其摘要），以及定时轮询的订阅源（Atom 或 CAP 地址）。',
      add: '新增来源', push: '推送接入', feedUrl: '订阅地址', interval: '轮询间隔（秒）', counts: '接收/拒收', countsValue: '{{received}} / {{refused}}',
      lastError: '最近问题', poll: '立即轮询', polled: '读取 {{documents}} 份，入库 {{stored}} 份，拒收 {{refused}} 份 {{error}}',
      keyTitle: '接入密钥', keyOnce: '请将此密钥交给对方（请求头 X-Cap-Key），关闭后无法再次查看：',
    },
    subscriptions: {
      tab: '推送订阅',
      intro: '订阅本平台警报的部门：每次发布、解除、撤销或更新时，CAP 文档以 HMAC-SM3 签名（时间戳 + 正文，注明密钥编号 kid）推送到其地址，失败自动退避重试，结果显示在警报实况中。',
      add: '新增订阅', url: '推送地址', keyTitle: '共享密钥', keyOnce: '请将此密钥安全地交给对方用于验签，关闭后无法再次查看：',
      keys: '签名密钥', keyCurrent: '当前 #{{id}}', keyRetiring: '#{{id}} 签名至 {{at}}', keyId: '密钥编号（kid）：{{id}}', imported: '由配置导入',
      rotate: '轮换密钥', rotateTitle: '轮换“{{name}}”的签名密钥？',
      rotateText: '将生成新密钥并立即用于签名；旧密钥在 72 小时内继续同时签名，对方在此期间换装新密钥即可，不会漏验任何推送。此操作记入审计。',
    },
    sms: {
      tab: '短信名单',
      intro: '按区划维护的短信接收名单（网格员、楼长、重点单位联系人等）。警报区域与名单区划重叠时发送短信；号码加密保存，录入后不再显示。',
      add: '新增名单', phones: '手机号', phonesHint: '11 位手机号，用空格、逗号或换行分隔', count: '号码数',
    },
    deliveries: {
      title: '其他渠道送达情况', channel: '渠道', target: '对象', message: 'CAP 消息', state: '状态', attempts: '尝试次数', lastError: '最近错误',
      updatedAt: '更新/送达时间', nextAt: '下次重试',
      kind: { agency: '部门推送', sms: '短信' },
      states: { pending: '发送中', delivered: '已送达', failed: '失败' },
    },
  },
};

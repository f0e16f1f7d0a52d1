import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

const s = (v: unknown) => String(v);

/**
 * Error codes of the sirens module. Each rule breach gets its own code naming the field, with a zh-CN and an
 * English text; `defineErrors` registers them and the `declare module` below adds them to the closed
 * `ErrorCode` union, so a misspelt code does not compile.
 */
export const SirensErrors = defineErrors({
  SIRENS_REGION_UNKNOWN: t(
    (p) => `警报器 ${s(p.code)} 的区划代码 regionCode ${s(p.regionCode)} 不存在`,
    (p) => `Siren ${s(p.code)}: unknown region code regionCode ${s(p.regionCode)}`,
  ),
  SIRENS_REGION_OUT_OF_SCOPE: t(
    (p) => `${s(p.field)}：区划 ${s(p.regionCode)} 不在您的管辖范围内`,
    (p) => `${s(p.field)}: region ${s(p.regionCode)} is outside your jurisdiction`,
  ),
  SIRENS_IMPORT_UNREADABLE: t((p) => `文件 file：${s(p.zh)}`, (p) => `file: ${s(p.en)}`),
  SIRENS_IMPORT_INVALID: t(
    (p) => `文件 file：${s(p.count)} 处错误，未导入任何警报器；第一处 ${s(p.at)}：${s(p.zh)}`,
    (p) => `file: ${s(p.count)} errors, no siren imported; the first at ${s(p.at)}: ${s(p.en)}`,
  ),
  SIRENS_NOT_FOUND: t('警报器不存在或不在您的管辖范围内', 'Siren not found, or outside your jurisdiction'),
  SIRENS_CODE_TAKEN: t((p) => `编号 code：${s(p.code)} 已被其他警报器使用`, (p) => `code: ${s(p.code)} is already used by another siren`),
  SIRENS_TERMINAL_TAKEN: t(
    (p) => `终端编号 terminalId：${s(p.terminalId)} 已被其他警报器使用`,
    (p) => `terminalId: ${s(p.terminalId)} is already used by another siren`,
  ),
  SIRENS_TERMINAL_NEEDS_MQTT: t(
    '终端编号 terminalId：只有控制方式为网络遥控（mqtt）的警报器才有遥控终端',
    'terminalId: only a siren controlled over the network (controlChannel mqtt) has a remote terminal',
  ),
  SIRENS_NO_TERMINAL: t('该警报器没有遥控终端（terminalId 为空），无法生成终端密钥', 'This siren has no remote terminal (terminalId is empty): there is no terminal key to make'),
  SIRENS_VERSION_CONFLICT: t(
    (p) => `版本 version：记录已被他人修改（当前版本 ${s(p.current)}，提交版本 ${s(p.sent)}），请刷新后重试`,
    (p) => `version: the record was changed by someone else (now ${s(p.current)}, you sent ${s(p.sent)}); reload and retry`,
  ),
  SIRENS_HAS_COMMANDS: t(
    '该警报器已有遥控指令记录，不能删除（指令记录须保留）；请将其状态设为维护中',
    'This siren has remote-command records, which must be kept, so it cannot be deleted; set its status to maintenance instead',
  ),
  SIRENS_STATUS_UNCHANGED: t((p) => `状态 status：警报器已是 ${s(p.status)}`, (p) => `status: the siren is already ${s(p.status)}`),
  SIRENS_GROUP_NOT_FOUND: t('警报器分组不存在或不在您的管辖范围内', 'Siren group not found, or outside your jurisdiction'),
  SIRENS_GROUP_NAME_TAKEN: t(
    (p) => `名称 name：本区划已有名为「${s(p.name)}」的分组`,
    (p) => `name: this region already has a group called "${s(p.name)}"`,
  ),
  SIRENS_GROUP_MEMBER_UNKNOWN: t(
    (p) => `成员 sirenIds[${s(p.index)}]：警报器 ${s(p.sirenId)} 不存在或不在分组所属区划 ${s(p.regionCode)} 内`,
    (p) => `sirenIds[${s(p.index)}]: siren ${s(p.sirenId)} does not exist or is outside the group's region ${s(p.regionCode)}`,
  ),
  SIRENS_FAULT_NOT_FOUND: t('故障工单不存在或不在您的管辖范围内', 'Fault ticket not found, or outside your jurisdiction'),
  SIRENS_FAULT_ILLEGAL_TRANSITION: t(
    (p) => `目标状态 to：故障工单不能从「${s(p.fromZh)}」转为「${s(p.toZh)}」（可转为：${s(p.allowedZh) || '无'}）`,
    (p) => `to: a fault ticket cannot go from ${s(p.from)} to ${s(p.to)} (allowed: ${s(p.allowed) || 'none'})`,
  ),
  SIRENS_FAULT_DEADLINE_PAST: t('修复期限 deadline：须晚于报修时间', 'deadline: must be after the time of the report'),
  SIRENS_FAULT_RESOLUTION_REQUIRED: t('处理结果 resolution：工单修复或撤销时必填', 'resolution: required when a ticket is repaired or cancelled'),
  SIRENS_COMMAND_PROGRAM_REQUIRED: t('信号 program：鸣放指令须指定警报信号', 'program: a sound command needs a signal program'),
  SIRENS_COMMAND_PROGRAM_NOT_ALLOWED: t(
    (p) => `信号 program：${s(p.action)} 指令不带警报信号`,
    (p) => `program: a ${s(p.action)} command takes no signal program`,
  ),
  SIRENS_COMMAND_NO_TARGETS: t(
    '目标 target：须至少指定一个警报器、分组、区划或自绘区域，且其中至少有一台警报器',
    'target: name at least one siren, group, region or drawn area, with at least one siren in it',
  ),
  SIRENS_COMMAND_TARGET_UNKNOWN: t(
    (p) => `目标 ${s(p.field)}：${s(p.value)} 不存在或不在您的管辖范围内`,
    (p) => `${s(p.field)}: ${s(p.value)} does not exist or is outside your jurisdiction`,
  ),
  SIRENS_COMMAND_AREA_INVALID: t(
    (p) => `目标 target.polygon：${s(p.zh)}`,
    (p) => `target.polygon: ${s(p.en)}`,
  ),
  SIRENS_COMMAND_ID_REUSED: t(
    (p) => `指令编号 id：${s(p.id)} 已用于另一条内容不同的指令`,
    (p) => `id: ${s(p.id)} was already used for a different command`,
  ),
  SIRENS_COMMAND_NOT_FOUND: t('遥控指令不存在或不在您的管辖范围内', 'Command not found, or outside your jurisdiction'),
  SIRENS_STREAM_NOT_ACCEPTED: t(
    '请求头 Accept 须包含 text/event-stream：此地址是服务器推送事件流（EventSource），一般请求请用 /api/siren-commands/{id}?since=',
    'Header Accept must include text/event-stream: this is a server-sent event stream (EventSource); plain requests use /api/siren-commands/{id}?since=',
  ),
  SIRENS_STREAM_FULL: t(
    (p) => `实时推送连接已满（上限 ${s(p.max)} 个）：请改用轮询 /api/siren-commands/{id}?since=，稍后再试推送`,
    (p) => `Live stream full (limit ${s(p.max)} connections): poll /api/siren-commands/{id}?since= instead and try the stream later`,
  ),
  SIRENS_TEST_NOT_FOUND: t('试鸣计划不存在或不在您的管辖范围内', 'Test campaign not found, or outside your jurisdiction'),
  SIRENS_TEST_STEPS_ORDER: t(
    (p) => `鸣放时间 steps[${s(p.index)}].at：须晚于上一步`,
    (p) => `steps[${s(p.index)}].at: must be later than the step before it`,
  ),
  SIRENS_TEST_STEP_PAST: t('鸣放时间 steps[0].at：不能早于现在（要立即试鸣，请安排后点“立即试鸣”）', 'steps[0].at: must not be in the past (to test now, schedule it and run it now)'),
  SIRENS_TEST_WRONG_STATE: t(
    (p) => `状态 state：试鸣计划当前为「${s(p.stateZh)}」，不能${s(p.actionZh)}`,
    (p) => `state: the campaign is ${s(p.state)}, so it cannot be ${s(p.action)}`,
  ),
  SIRENS_TEST_STEPS_OWED: t(
    (p) => `试鸣步骤 steps[${s(p.index)}]：尚未鸣放（${s(p.at)}），请等它鸣放后再结束，或撤销计划`,
    (p) => `steps[${s(p.index)}]: not sounded yet (due ${s(p.at)}); close the campaign after it, or cancel the campaign`,
  ),
  SIRENS_TEST_SIREN_NOT_IN_TEST: t(
    (p) => `警报器 sirenId：${s(p.sirenId)} 不在本次试鸣范围内`,
    (p) => `sirenId: siren ${s(p.sirenId)} is not part of this test`,
  ),
  SIRENS_TEST_OBSERVATION_WHERE: t('位置 location：未指定警报器 sirenId 时须提供观察位置，以确定最近的警报器', 'location: without a sirenId, give where you stand so the nearest siren can be found'),
  SIRENS_CONTROL_UNAVAILABLE: t(
    '本系统未配置警报控制网络（MQTT_URL 未设置且内置消息服务器已关闭），指令无法发送',
    'No siren control network is configured (MQTT_URL unset and the embedded broker off), so commands cannot be sent',
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the sirens codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof SirensErrors> {}
}

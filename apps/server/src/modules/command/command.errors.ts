import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

const s = (v: unknown) => String(v);

/**
 * Error codes of the command-and-response module (指挥部, teams and equipment, roll-calls, dispatch). Each rule breach
 * has its own code naming the field, in zh-CN and English.
 */
export const CommandErrors = defineErrors({
  COMMAND_REGION_UNKNOWN: t((p) => `${s(p.field)}：区划代码 ${s(p.regionCode)} 不存在`, (p) => `${s(p.field)}: unknown region code ${s(p.regionCode)}`),
  COMMAND_REGION_OUT_OF_SCOPE: t(
    (p) => `${s(p.field)}：区划 ${s(p.regionCode)} 不在您的管辖范围内`,
    (p) => `${s(p.field)}: region ${s(p.regionCode)} is outside your jurisdiction`,
  ),
  COMMAND_HQ_NOT_FOUND: t('指挥部不存在或不在您的管辖范围内', 'Command not found, or outside your jurisdiction'),
  COMMAND_HQ_EXISTS: t(
    (p) => `区划代码 regionCode：区划 ${s(p.regionCode)} 已有${s(p.levelZh)}`,
    (p) => `regionCode: region ${s(p.regionCode)} already has a ${s(p.level)} command`,
  ),
  COMMAND_HQ_LEVEL_MISMATCH: t(
    (p) => `层级 level：${s(p.levelZh)}须设在${s(p.expectZh)}区划（regionCode ${s(p.regionCode)}）`,
    (p) => `level: a ${s(p.level)} command belongs to a ${s(p.expect)} region (regionCode ${s(p.regionCode)})`,
  ),
  COMMAND_PERSON_NOT_FOUND: t(
    (p) => `值班人员 personId：${s(p.personId)} 不是该指挥部的人员`,
    (p) => `personId: ${s(p.personId)} is not a person of this command`,
  ),
  COMMAND_WORK_NOT_COMMAND: t(
    (p) => `指挥工程 workId：工程 ${s(p.code)} 不是指挥工程（工程类别为 ${s(p.workClass)}）`,
    (p) => `workId: work ${s(p.code)} is not a command works (its class is ${s(p.workClass)})`,
  ),
  COMMAND_WORK_NOT_FOUND: t(
    (p) => `指挥工程 workId：工程 ${s(p.workId)} 不存在或不在您的管辖范围内`,
    (p) => `workId: work ${s(p.workId)} does not exist or is outside your jurisdiction`,
  ),
  COMMAND_POST_EXISTS: t(
    (p) => `类型 kind：该指挥部已有${s(p.kindZh)}`,
    (p) => `kind: this command already has a ${s(p.kind)} command post`,
  ),
  COMMAND_PERSON_UNKNOWN: t('人员不存在或不在您的管辖范围内', 'Person not found, or outside your jurisdiction'),
  COMMAND_UNIT_NOT_FOUND: t('成员单位不存在或不在您的管辖范围内', 'Member unit not found, or outside your jurisdiction'),
  COMMAND_VERSION_CONFLICT: t(
    (p) => `版本 version：该${s(p.whatZh)}已被他人修改（当前版本 ${s(p.current)}，提交版本 ${s(p.sent)}），请刷新后重试`,
    (p) => `version: the ${s(p.what)} was changed by someone else (now ${s(p.current)}, you sent ${s(p.sent)}); reload and retry`,
  ),
  COMMAND_PERSON_ON_ROSTER: t(
    (p) => `人员 id：${s(p.name)} 在值班表中有 ${s(p.count)} 次排班，不能删除；请先改排他人`,
    (p) => `id: ${s(p.name)} is on the duty roster ${s(p.count)} times and cannot be deleted; put someone else on those shifts first`,
  ),
  COMMAND_UNIT_REFERENCED: t(
    (p) => `成员单位 id：「${s(p.name)}」仍被${s(p.listZh)}引用，不能删除；请先在这些记录中改由其他单位承担`,
    (p) => `id: member unit "${s(p.name)}" is still named by ${s(p.listEn)}; it cannot be deleted until they name another unit`,
  ),
  TEAMS_MEMBER_NOT_FOUND: t('队员不存在或不在您的管辖范围内', 'Team member not found, or outside your jurisdiction'),
  TEAMS_EQUIPMENT_NOT_FOUND: t('装备不存在或不在您的管辖范围内', 'Equipment not found, or outside your jurisdiction'),
  TEAMS_IN_ROLLCALL: t(
    (p) => `${s(p.whatZh)} id：「${s(p.name)}」已记入 ${s(p.count)} 次点验，点验记录指向它，不能删除`,
    (p) => `id: ${s(p.what)} "${s(p.name)}" is in ${s(p.count)} recorded roll-calls, which point at it; it cannot be deleted`,
  ),
  TEAMS_IMPORT_STALE: t(
    '预览 preview：预览之后队伍数据已被修改，请重新上传文件预览后再导入',
    'preview: the teams changed after the preview; upload the file again and review the new preview before importing',
  ),
  TEAMS_NOT_FOUND: t('队伍不存在或不在您的管辖范围内', 'Team not found, or outside your jurisdiction'),
  TEAMS_CODE_TAKEN: t((p) => `编号 code：${s(p.code)} 已被其他队伍使用`, (p) => `code: ${s(p.code)} is already used by another team`),
  TEAMS_KIND_CATEGORY: t(
    (p) => `类型 kind：${s(p.categoryZh)}不能是「${s(p.kindZh)}」`,
    (p) => `kind: a ${s(p.category)} cannot be of kind ${s(p.kind)}`,
  ),
  TEAMS_ROLLCALL_NOT_FOUND: t('点验不存在或不在您的管辖范围内', 'Roll-call not found, or outside your jurisdiction'),
  TEAMS_ROLLCALL_RECORDED: t('点验已记录，不能再次记录；请安排新的点验', 'This roll-call is already recorded; schedule a new one'),
  TEAMS_ROLLCALL_INCOMPLETE: t(
    (p) => `${s(p.field)}：须逐一记录队伍的每个${s(p.whatZh)}（缺 ${s(p.missing)} 个）`,
    (p) => `${s(p.field)}: every ${s(p.what)} of the team must be recorded (${s(p.missing)} missing)`,
  ),
  TEAMS_ROLLCALL_FOREIGN: t(
    (p) => `${s(p.field)}：${s(p.id)} 不属于该队伍，或重复出现`,
    (p) => `${s(p.field)}: ${s(p.id)} does not belong to this team, or appears twice`,
  ),
  TEAMS_ROLLCALL_WORKING_EXCEEDS: t(
    (p) => `${s(p.field)}：完好数 working ${s(p.working)} 不能超过清点数 counted ${s(p.counted)}`,
    (p) => `${s(p.field)}: working ${s(p.working)} cannot exceed counted ${s(p.counted)}`,
  ),
  TEAMS_IMPORT_UNREADABLE: t((p) => `文件 file：${s(p.zh)}`, (p) => `file: ${s(p.en)}`),
  TEAMS_IMPORT_INVALID: t(
    (p) => `文件 file：${s(p.count)} 处错误，未导入任何队伍；第一处 ${s(p.at)}：${s(p.zh)}`,
    (p) => `file: ${s(p.count)} errors, nothing imported; the first at ${s(p.at)}: ${s(p.en)}`,
  ),
  DISPATCH_INCIDENT_NOT_FOUND: t('事件不存在或不在您的管辖范围内', 'Incident not found, or outside your jurisdiction'),
  DISPATCH_INCIDENT_CLOSED: t('事件已结束，不能再派遣或起草警报', 'The incident is closed: nothing more can be dispatched or drafted for it'),
  DISPATCH_POINT_OUTSIDE_REGION: t(
    (p) => `位置 location：该点（${s(p.lng)}, ${s(p.lat)}）不在所填区划 ${s(p.regionCode)} 的范围内`,
    (p) => `location: the point (${s(p.lng)}, ${s(p.lat)}) lies outside region ${s(p.regionCode)}`,
  ),
  DISPATCH_POINT_OUTSIDE_JURISDICTION: t(
    (p) => `位置 location：事件地点（${s(p.lng)}, ${s(p.lat)}）不在您的管辖范围 ${s(p.scope)} 内，不能由您派遣`,
    (p) => `location: the incident's point (${s(p.lng)}, ${s(p.lat)}) lies outside your jurisdiction ${s(p.scope)}, so you cannot dispatch to it`,
  ),
  DISPATCH_TASK_NOT_FOUND: t('调度任务不存在或不在您的管辖范围内', 'Dispatch task not found, or outside your jurisdiction'),
  DISPATCH_TEAM_BUSY: t(
    (p) => `队伍 teamId：${s(p.team)} 已派往该事件且任务未完成`,
    (p) => `teamId: ${s(p.team)} is already dispatched to this incident and the task is not finished`,
  ),
  DISPATCH_TEAM_UNKNOWN: t(
    (p) => `队伍 teamId：${s(p.teamId)} 不存在或不在您的管辖范围内`,
    (p) => `teamId: ${s(p.teamId)} does not exist or is outside your jurisdiction`,
  ),
  DISPATCH_ILLEGAL_TRANSITION: t(
    (p) => `目标状态 to：任务不能从「${s(p.fromZh)}」转为「${s(p.toZh)}」（可转为：${s(p.allowedZh) || '无'}）`,
    (p) => `to: a task cannot go from ${s(p.from)} to ${s(p.to)} (allowed: ${s(p.allowed) || 'none'})`,
  ),
  DISPATCH_VERSION_CONFLICT: t(
    (p) => `版本 version：记录已被他人修改（当前版本 ${s(p.current)}，提交版本 ${s(p.sent)}），请刷新后重试`,
    (p) => `version: the record was changed by someone else (now ${s(p.current)}, you sent ${s(p.sent)}); reload and retry`,
  ),
  COMMAND_VEHICLE_NOT_FOUND: t(
    (p) => `车辆编号 code：没有编号为 ${s(p.code)} 的机动指挥车`,
    (p) => `code: no command vehicle has the code ${s(p.code)}`,
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the command codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof CommandErrors> {}
}

import { WORK_RULES, type RuleText, type WorkRuleCode } from '@civdef/domain';
import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

/** Error codes of the works registry (工程, 维护, 巡检, 档案, 导入). */
export const WorksErrors = defineErrors({
  WORKS_NOT_FOUND: t('工程不存在或不在您的管辖范围内', 'Work not found (or outside your jurisdiction)'),
  WORKS_CODE_TAKEN: t((p) => `工程编号 ${String(p.code)} 已存在`, (p) => `Work code ${String(p.code)} already exists`),
  WORKS_VERSION_CONFLICT: t(
    (p) => `该工程已被他人修改（当前版本 ${String(p.current)}，您提交的版本 ${String(p.sent)}），请刷新后重试`,
    (p) => `The work was changed by someone else (current version ${String(p.current)}, yours ${String(p.sent)}); reload and retry`,
  ),
  WORKS_REGION_OUT_OF_SCOPE: t(
    (p) => `区划 ${String(p.regionCode)} 超出您的管辖范围`,
    (p) => `Region ${String(p.regionCode)} is outside your jurisdiction`,
  ),
  WORKS_REGION_UNKNOWN: t((p) => `区划代码 ${String(p.regionCode)} 不存在`, (p) => `Unknown region code ${String(p.regionCode)}`),
  WORKS_ILLEGAL_TRANSITION: t(
    (p) => `不允许的生命周期变更：${String(p.fromZh)} → ${String(p.toZh)}（允许：${String(p.allowedZh || '无')}）`,
    (p) => `Illegal life-cycle transition: ${String(p.from)} → ${String(p.to)} (allowed: ${String(p.allowed || 'none')})`,
  ),
  WORKS_APPROVAL_REQUIRED: t(
    (p) => `变更为「${String(p.toZh)}」需要填写审批文号 approvalRef`,
    (p) => `Changing to ${String(p.to)} needs an approval reference (approvalRef)`,
  ),
  WORKS_CONVERSION_KIND_REQUIRED: t('平战转换需说明是演练（drill）还是实战（real）：conversionKind', 'A wartime conversion must say drill or real (conversionKind)'),
  WORKS_IMPORT_NOT_FOUND: t('导入任务不存在', 'Import job not found'),
  WORKS_IMPORT_FORMAT: t(
    (p) => `无法读取文件：${String(p.detail ?? '')}（支持 .xlsx、.csv、.geojson）`,
    (p) => `Cannot read the file: ${String(p.detail ?? '')} (.xlsx, .csv and .geojson are supported)`,
  ),
  WORKS_IMPORT_NOT_READY: t(
    (p) => `导入任务状态为 ${String(p.status)}，只有校验通过的任务可以提交`,
    (p) => `The import job is ${String(p.status)}; only a validated job can be committed`,
  ),
  WORKS_IMPORT_UNPACKED_TOO_LARGE: t(
    (p) => `文件 file 解压后大小 ${String(p.sizeMb)} MB 超过上限 ${String(p.limitMb)} MB，请拆分文件`,
    (p) => `The file (field "file") unpacks to ${String(p.sizeMb)} MB, more than the ${String(p.limitMb)} MB limit; split it`,
  ),
  WORKS_UPLOAD_INCOMPLETE: t(
    (p) => `上传的文件 file 不完整或格式错误（${String(p.detail ?? '')}），请重新上传`,
    (p) => `The uploaded file (field "file") is incomplete or malformed (${String(p.detail ?? '')}); upload it again`,
  ),
  WORKS_FILE_MISSING: t('缺少上传文件（字段 file）', 'No file uploaded (field "file")'),
  WORKS_FILE_TOO_LARGE: t((p) => `文件超过大小上限 ${String(p.limitMb)} MB`, (p) => `File exceeds the ${String(p.limitMb)} MB limit`),
  WORKS_FILE_TYPE: t((p) => `不允许的文件类型 ${String(p.mediaType)}`, (p) => `File type ${String(p.mediaType)} is not allowed`),
  WORKS_DOCUMENT_NOT_FOUND: t('档案文件不存在', 'Document not found'),
  WORKS_DOCUMENT_FILE_MISSING: t(
    (p) => `档案 ${String(p.id)} 的文件在存储中缺失，请联系管理员从备份恢复`,
    (p) => `The file of document ${String(p.id)} is missing from storage; ask an administrator to restore it from backup`,
  ),
  WORKS_PLAN_NOT_FOUND: t('维护计划不存在', 'Maintenance plan not found'),
  WORKS_RECORD_DATE_FUTURE: t(
    (p) => `维护日期 doneOn ${String(p.doneOn)} 不能晚于今天 ${String(p.today)}（北京时间）`,
    (p) => `Maintenance date doneOn ${String(p.doneOn)} must not be after today ${String(p.today)} (Asia/Shanghai)`,
  ),
  WORKS_SCHEDULE_NOT_FOUND: t('维护周期不存在', 'Maintenance schedule not found'),
  WORKS_SCHEDULE_EXISTS: t(
    (p) => `维护项目编码「${String(p.code)}」已存在，请换一个编码`,
    (p) => `The maintenance item code "${String(p.code)}" is taken: choose another code`,
  ),
  WORKS_RECTIFICATION_NOT_FOUND: t('整改任务不存在', 'Rectification task not found'),
  WORKS_RECTIFICATION_CLOSED: t('整改任务已关闭', 'Rectification task already closed'),
  WORKS_INSPECTION_CLIENT_ID_REUSED: t(
    (p) => `巡检编号 clientId ${String(p.clientId)} 已用于另一工程（${String(p.workId)}）的巡检，请为每次巡检生成新的编号`,
    (p) => `Inspection clientId ${String(p.clientId)} was already used for an inspection of another work (${String(p.workId)}); generate a new one per inspection`,
  ),
  WORKS_INSPECTION_CLIENT_ID_TAKEN: t(
    (p) => `巡检编号 clientId ${String(p.clientId)} 已被使用，请为每次巡检生成新的编号`,
    (p) => `Inspection clientId ${String(p.clientId)} is already taken; generate a new one per inspection`,
  ),
  WORKS_INSPECTION_TIME_INVALID: t(
    (p) => `巡检时间 inspectedAt ${String(p.inspectedAt)} 不是有效的时间（如闰秒 23:59:60），或不在 2000 年至今的范围内`,
    (p) => `Inspection time inspectedAt ${String(p.inspectedAt)} is not a valid instant (e.g. a leap second 23:59:60) or not between 2000 and now`,
  ),
  WORKS_INSPECTION_DEADLINE_INVALID: t(
    (p) => `整改期限 ${String(p.field)} ${String(p.deadline)} 不是 2000 至 2100 年间的有效日期`,
    (p) => `Rectification deadline ${String(p.field)} ${String(p.deadline)} is not a valid date between 2000 and 2100`,
  ),
  WORKS_INSPECTION_FAILED: t(
    '该条巡检未能保存（服务器内部错误，已记录），其他条目不受影响；请稍后重试或联系管理员',
    'This inspection could not be stored (internal error, logged); the other items are not affected; retry later or ask an administrator',
  ),
  WORKS_FOOTPRINT_INVALID: t(
    (p) => `外轮廓 footprint 不是有效的面：${String(p.reasonZh)}${p.at ? `（位置 ${String(p.at)}）` : ''}`,
    (p) => `footprint is not a valid polygon: ${String(p.reason)}${p.at ? ` (at ${String(p.at)})` : ''}`,
  ),
  WORKS_FEATURE_NOT_FOUND: t('要素不存在', 'Feature not found'),
  WORKS_BBOX_INVALID: t('bbox 应为 minLng,minLat,maxLng,maxLat 四个数', 'bbox must be four numbers minLng,minLat,maxLng,maxLat'),
  WORKS_TILE_INVALID: t('瓦片坐标超出范围', 'Tile coordinates out of range'),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the works codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof WorksErrors> {}
}

/**
 * One code per cross-field rule of a work (packages/domain works-rules.ts, shared with the importer and the
 * console's form); the message names the field, then the rule, in the caller's language.
 */
export const WorkRuleErrors = defineErrors(Object.fromEntries(Object.entries(WORK_RULES).map(([code, text]: [string, RuleText]) => [
  code,
  t((p) => `${String(p.field)}：${text.zh(p)}`, (p) => `${String(p.field)}: ${text.en(p)}`),
])) as Record<WorkRuleCode, ReturnType<typeof t>>);

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the work rule codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof WorkRuleErrors> {}
}

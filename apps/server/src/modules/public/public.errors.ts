import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

const s = (v: unknown) => String(v);

/** Error codes of the public app (zh-CN and English, each naming the field or the rule). */
export const PublicErrors = defineErrors({
  PUBLIC_SHELTER_NOT_FOUND: t(
    (p) => `id：${s(p.id)} 不是对公众开放的在用人防工程`,
    (p) => `id: ${s(p.id)} is not a civil air defence work open to the public`,
  ),
  PUBLIC_STREAM_NOT_ACCEPTED: t(
    '请求头 Accept 须包含 text/event-stream：此地址是服务器推送事件流（EventSource），一般请求请用 /api/public/alerts',
    'Header Accept must include text/event-stream: this is a server-sent event stream (EventSource); plain requests use /api/public/alerts',
  ),
  PUBLIC_STREAM_FULL: t(
    (p) => `推送连接已满（上限 ${s(p.max)} 个）：请改用轮询 /api/public/alerts，稍后再试推送`,
    (p) => `Live stream full (limit ${s(p.max)} connections): poll /api/public/alerts instead and try the stream later`,
  ),
  PUBLIC_QUIZ_QUESTION_NOT_FOUND: t(
    (p) => `题目 ${s(p.id)} 不存在，或不在您的管辖范围内（全国通用题目不能修改，请新增本地题目）`,
    (p) => `Question ${s(p.id)} not found or outside your jurisdiction (nationwide questions cannot be edited; add your own)`,
  ),
  PUBLIC_QUIZ_VERSION_CONFLICT: t(
    (p) => `版本 version：题目已被他人修改（当前 ${s(p.current)}，提交 ${s(p.sent)}），请刷新后再改`,
    (p) => `version: the question was changed meanwhile (now ${s(p.current)}, sent ${s(p.sent)}); reload and edit again`,
  ),
  PUBLIC_QUIZ_OPTION_KEY_DUPLICATE: t(
    (p) => `选项 options[${s(p.index)}].key：选项 ${s(p.key)} 重复`,
    (p) => `options[${s(p.index)}].key: option ${s(p.key)} appears twice`,
  ),
  PUBLIC_QUIZ_ANSWER_NOT_AN_OPTION: t(
    (p) => `答案 answer[${s(p.index)}]：${s(p.key)} 不是本题的选项`,
    (p) => `answer[${s(p.index)}]: ${s(p.key)} is not one of the question's options`,
  ),
  PUBLIC_QUIZ_SINGLE_NEEDS_ONE_ANSWER: t(
    '答案 answer：单选题须恰有一个正确答案',
    'answer: a single-choice question has exactly one right answer',
  ),
  PUBLIC_QUIZ_UNKNOWN_QUESTION: t(
    (p) => `答卷 answers[${s(p.index)}].questionId：题目 ${s(p.id)} 不在题库中或已停用`,
    (p) => `answers[${s(p.index)}].questionId: question ${s(p.id)} is not in the bank or no longer active`,
  ),
  PUBLIC_QUIZ_REGION_UNKNOWN: t(
    (p) => `所在区县 regionCode：${s(p.regionCode)} 不是本市的区划代码`,
    (p) => `regionCode: ${s(p.regionCode)} is not a region of this city`,
  ),
  PUBLIC_QUIZ_ORG_UNKNOWN: t(
    (p) => `学校或社区 orgId：${s(p.orgId)} 不在本市的学校、社区名单中或已停用，请从列表中选择`,
    (p) => `orgId: ${s(p.orgId)} is not a school or community on this city's list (or it was retired); pick one from the list`,
  ),
  PUBLIC_QUIZ_ORG_NOT_IN_REGION: t(
    (p) => `学校或社区 orgId：${s(p.orgName)} 不在所选区县 regionCode ${s(p.regionCode)} 内`,
    (p) => `orgId: ${s(p.orgName)} is not in the chosen district regionCode ${s(p.regionCode)}`,
  ),
  PUBLIC_QUIZ_ORG_KIND_MISMATCH: t(
    (p) => `类别 orgKind：${s(p.orgName)} 是${p.kind === 'school' ? '学校' : '社区'}，不是${p.sent === 'school' ? '学校' : '社区'}`,
    (p) => `orgKind: ${s(p.orgName)} is a ${s(p.kind)}, not a ${s(p.sent)}`,
  ),
  PUBLIC_QUIZ_ORG_NEEDED: t(
    (p) => `学校或社区：请从列表选择（orgId），或填写类别 orgKind 和名称 orgName（缺少 ${s(p.field)}）`,
    (p) => `School or community: pick one from the list (orgId), or give orgKind and orgName (${s(p.field)} is missing)`,
  ),
  PUBLIC_QUIZ_ORG_DUPLICATE: t(
    (p) => `名称 name：${s(p.name)} 已在该区划的名单中`,
    (p) => `name: ${s(p.name)} is already on the list for that region`,
  ),
  PUBLIC_QUIZ_ORG_NOT_FOUND: t(
    (p) => `学校或社区 ${s(p.id)} 不存在，或不在您的管辖范围内`,
    (p) => `School or community ${s(p.id)} not found or outside your jurisdiction`,
  ),
  PUBLIC_QUIZ_ORG_REGION: t(
    (p) => `所在区划 regionCode：${s(p.regionCode)} 不是您管辖范围内的区县或街道（乡镇）`,
    (p) => `regionCode: ${s(p.regionCode)} is not a district or town-level unit of your jurisdiction`,
  ),
  PUBLIC_QUIZ_ORG_FILE_FORMAT: t(
    '文件格式：学校和社区名单只接受 XLSX（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）或 CSV（text/csv）',
    'File format: the school and community list takes XLSX (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) or CSV (text/csv) only',
  ),
  PUBLIC_QUIZ_ORG_FILE_UNREADABLE: t(
    (p) => `文件无法读取：${s(p.zh)}`,
    (p) => `The file cannot be read: ${s(p.en)}`,
  ),
  PUBLIC_QUIZ_ORG_FILE_INVALID: t(
    (p) => `名单文件有 ${s(p.count)} 处问题，未写入任何内容；第一处 ${s(p.at)}：${s(p.zh)}`,
    (p) => `The list file has ${s(p.count)} problem(s); nothing was written. First, at ${s(p.at)}: ${s(p.en)}`,
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the codes into the catalogue
  interface ErrorCatalogue extends CodesOf<typeof PublicErrors> {}
}

import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

/** Error codes of the regulation module, each naming the field and the rule, in zh-CN and English. */
export const RegulationErrors = defineErrors({
  REGULATION_USCC_INVALID: t(
    (p) => `统一社会信用代码 uscc ${String(p.uscc)} 无效：${{ length: '须为 18 位', character: '含 GB 32100 不允许的字符（仅数字和除 I、O、Z、S、V 外的大写字母）', region: '第 3–8 位须为行政区划代码', checksum: '校验码（第 18 位）不符' }[String(p.problem)] ?? String(p.problem)}`,
    (p) => `uscc ${String(p.uscc)} is not a valid unified social credit code: ${{ length: 'it must be 18 characters', character: 'it holds a character GB 32100 does not allow (digits and capitals except I, O, Z, S, V)', region: 'positions 3–8 must be a region code', checksum: 'the check character (position 18) does not match' }[String(p.problem)] ?? String(p.problem)}`,
  ),
  REGULATION_USCC_TAKEN: t(
    (p) => `统一社会信用代码 uscc ${String(p.uscc)} 已登记`,
    (p) => `uscc ${String(p.uscc)} is already registered`,
  ),
  REGULATION_CERT_TAKEN: t(
    (p) => `执法证号 certNo ${String(p.certNo)} 已登记`,
    (p) => `certNo ${String(p.certNo)} is already registered`,
  ),
  REGULATION_REGION_OUT_OF_SCOPE: t(
    (p) => `区划代码 regionCode ${String(p.regionCode)} 不在您的管辖范围内`,
    (p) => `regionCode ${String(p.regionCode)} is outside your jurisdiction`,
  ),
  REGULATION_REGION_UNKNOWN: t(
    (p) => `区划代码 regionCode ${String(p.regionCode)} 不存在`,
    (p) => `regionCode ${String(p.regionCode)} is not a known region`,
  ),
  REGULATION_TASK_NOT_FOUND: t(() => '抽查任务不存在', () => 'Inspection task not found'),
  REGULATION_CONFLICT_UNKNOWN: t(
    (p) => `回避关系 conflicts[${String(p.index)}]：${p.what === 'officer' ? '执法人员' : '企业'} ${String(p.id)} 不存在或不在管辖范围内`,
    (p) => `conflicts[${String(p.index)}]: ${p.what === 'officer' ? 'officer' : 'enterprise'} ${String(p.id)} does not exist or is outside your jurisdiction`,
  ),
  REGULATION_TASK_STATE: t(
    (p) => `抽查任务处于「${String(p.status)}」状态，不能${{ commit: '提交承诺', draw: '抽取（每个任务只能抽取一次，重新抽取须另建任务并留痕）', publish: '公示', result: '登记检查结果', redraw: '重新抽取（只有已抽取或已公示的任务可以重抽）' }[String(p.action)] ?? String(p.action)}`,
    (p) => `The inspection task is ${String(p.status)}: it cannot be ${{ commit: 'committed', draw: 'drawn (a task is drawn once; a new draw needs a new, recorded task)', publish: 'published', result: 'given results', redraw: 'drawn again (only a drawn or published task can be)' }[String(p.action)] ?? String(p.action)}`,
  ),
  REGULATION_POOL_TOO_SMALL: t(
    (p) => `${String(p.field)} 为 ${String(p.value)}，但抽取池只有 ${String(p.max)} 个（须为 1 至池的大小）`,
    (p) => `${String(p.field)} is ${String(p.value)} but the pool holds only ${String(p.max)} (it must be between 1 and the pool's size)`,
  ),
  REGULATION_CANDIDATES_SHORT: t(
    (p) => `企业 ${String(p.target)} 排除回避人员后只有 ${String(p.available)} 名执法人员，少于 inspectorsPerTarget ${String(p.needed)}`,
    (p) => `Enterprise ${String(p.target)} has only ${String(p.available)} officers left after conflicts, fewer than inspectorsPerTarget ${String(p.needed)}`,
  ),
  REGULATION_TARGET_NOT_DRAWN: t(
    (p) => `${String(p.field ?? 'body.enterpriseId')} ${String(p.value ?? p.enterpriseId)} 不是本任务抽中的检查对象（须给出 targetKey 或 enterpriseId 之一）`,
    (p) => `${String(p.field ?? 'body.enterpriseId')} ${String(p.value ?? p.enterpriseId)} is not a target drawn in this task (give targetKey or enterpriseId)`,
  ),
  REGULATION_BEACON_REQUIRED: t(
    (p) => `抽取须填写承诺时公布的公共随机数 beacon（${String(p.beaconSource)}）`,
    (p) => `The draw needs the beacon announced at the commitment (${String(p.beaconSource)}) in body.beacon`,
  ),
  REGULATION_BEACON_UNANNOUNCED: t(
    () => '本任务承诺时未公布公共随机数来源 beaconSource，抽取时不得再填写 beacon（否则结果可被事后选择）',
    () => 'No beaconSource was announced when this task was committed, so body.beacon may not be given now (the result could be chosen after the fact)',
  ),
  REGULATION_TASK_REDRAWN: t(
    (p) => `该任务已由任务 ${String(p.redrawnBy)} 重新抽取；如需再次重抽，请对任务 ${String(p.redrawnBy)} 操作`,
    (p) => `This task was already drawn again as task ${String(p.redrawnBy)}; to draw again, redraw task ${String(p.redrawnBy)}`,
  ),
  REGULATION_POOL_TOO_LARGE: t(
    (p) => `抽取池超过 ${String(p.max)} 个对象，请在 poolFilter 中缩小范围`,
    (p) => `The pool holds more than ${String(p.max)} targets: narrow it with body.poolFilter`,
  ),
  REGULATION_CASE_NOT_DECIDED: t(
    (p) => `案件处于「${String(p.status)}」状态：只有已作出决定的案件可以公开处罚决定`,
    (p) => `The case is ${String(p.status)}: only a decided case's decision can be published`,
  ),
  REGULATION_CASE_PUBLISHED: t(
    (p) => `处罚决定已于 ${String(p.publishedAt)} 公开`,
    (p) => `The decision was already published at ${String(p.publishedAt)}`,
  ),
  REGULATION_CALENDAR_INVALID: t(
    (p) => `${String(p.field)} ${String(p.value)}：${{
      year: '年份须在 2000–2100 之间', date: '须为真实日期 YYYY-MM-DD', other_year: `须在 ${String(p.year)} 年内`, repeated: '重复列出',
      not_weekend: '调休上班日须为周六或周日（工作日本就上班）', both: '不能既是节假日又是调休上班日',
    }[String(p.problem)] ?? '不符合工作日历的规则'}`,
    (p) => `${String(p.field)} ${String(p.value)}: ${{
      year: 'the year must be between 2000 and 2100', date: 'must be a real date YYYY-MM-DD', other_year: `must lie in ${String(p.year)}`, repeated: 'is listed twice',
      not_weekend: 'a 调休 working day must be a Saturday or Sunday (weekdays are working days already)', both: 'cannot be both a holiday and a working day',
    }[String(p.problem)] ?? 'breaks a rule of the working-day calendar'}`,
  ),
  REGULATION_ENTERPRISE_UNKNOWN: t(
    (p) => `申请企业 enterpriseId ${String(p.enterpriseId)} 不存在或不在管辖范围内`,
    (p) => `enterpriseId ${String(p.enterpriseId)} does not exist or is outside your jurisdiction`,
  ),
  REGULATION_PROMISE_BEYOND_LIMIT: t(
    (p) => `承诺时限 promisedDays ${String(p.promisedDays)} 个工作日超过法定时限 legalDays ${String(p.legalDays)} 个工作日`,
    (p) => `promisedDays ${String(p.promisedDays)} working days exceeds the legal limit legalDays ${String(p.legalDays)}`,
  ),
  REGULATION_DECIDED_BEFORE_RECEIPT: t(
    (p) => `决定日期 decidedOn ${String(p.decidedOn)} 早于受理日期 ${String(p.receivedOn)}`,
    (p) => `decidedOn ${String(p.decidedOn)} is before the case was received (${String(p.receivedOn)})`,
  ),
  REGULATION_CASE_NOT_FOUND: t(() => '审批案件不存在', () => 'Approval case not found'),
  REGULATION_CASE_DECIDED: t(
    (p) => `审批案件已于 ${String(p.decidedOn)} 作出决定（${String(p.status)}），不能再次决定`,
    (p) => `The approval case was decided on ${String(p.decidedOn)} (${String(p.status)}) and cannot be decided again`,
  ),
  REGULATION_ENFORCEMENT_NOT_FOUND: t(() => '执法案件不存在', () => 'Enforcement case not found'),
  REGULATION_EVIDENCE_NOT_FOUND: t(() => '证据不存在', () => 'Evidence not found'),
  REGULATION_INVESTIGATORS_INVALID: t(
    (p) => `调查人员 investigatorIds：${{ count: `须至少 ${String(p.min)} 名不同的执法人员（行政处罚法第四十二条）`, unknown: `执法人员 ${String(p.id)} 不存在或不在管辖范围内`, expired: `执法人员 ${String(p.id)} 的执法证已于 ${String(p.expiredOn)} 到期` }[String(p.problem)] ?? String(p.problem)}`,
    (p) => `investigatorIds: ${{ count: `at least ${String(p.min)} different officers are needed (行政处罚法 art. 42)`, unknown: `officer ${String(p.id)} does not exist or is outside your jurisdiction`, expired: `officer ${String(p.id)}'s certificate expired on ${String(p.expiredOn)}` }[String(p.problem)] ?? String(p.problem)}`,
  ),
  REGULATION_REVIEWER_INVALID: t(
    (p) => `法制审核人员 reviewerId ${String(p.id)}：${{ investigator: '参与了本案调查，法制审核须由未参与调查的人员进行', unknown: '不存在或不在管辖范围内', expired: `执法证已于 ${String(p.expiredOn)} 到期` }[String(p.problem)] ?? String(p.problem)}`,
    (p) => `reviewerId ${String(p.id)}: ${{ investigator: 'investigated this case; the legal review must be made by someone who did not', unknown: 'does not exist or is outside your jurisdiction', expired: `the certificate expired on ${String(p.expiredOn)}` }[String(p.problem)] ?? String(p.problem)}`,
  ),
  REGULATION_CASE_STEP_STATE: t(
    (p) => `执法案件处于「${String(p.statusZh)}」，不能${String(p.stepZh)}（须处于：${String(p.allowedZh)}）`,
    (p) => `The enforcement case is ${String(p.status)}: step ${String(p.step)} needs it to be ${String(p.allowed)}`,
  ),
  REGULATION_CASE_NOTHING_TO_EXECUTE: t(
    (p) => `处罚决定为「${String(p.outcomeZh)}」，没有须执行的罚款，可直接结案`,
    (p) => `The decision is ${String(p.outcome)}: there is no fine to execute; the case can be closed`,
  ),
  REGULATION_CASE_DATE_ORDER: t(
    (p) => `${String(p.field)} ${String(p.value)} 早于本案上一步骤的日期 ${String(p.previous)}`,
    (p) => `${String(p.field)} ${String(p.value)} is before the case's previous step (${String(p.previous)})`,
  ),
  REGULATION_PENALTY_RULE: t(
    (p) => `处罚依据 ruleCode ${String(p.ruleCode)}：${{ unknown: '不是已配置的处罚条款', party: `不适用于${p.partyKind === 'unit' ? '单位' : '个人'}`, required: '罚款和警告须引用处罚条款', none: '不予处罚时不引用处罚条款' }[String(p.problem)] ?? String(p.problem)}`,
    (p) => `ruleCode ${String(p.ruleCode)}: ${{ unknown: 'is not a configured penalty article', party: `does not apply to a ${String(p.partyKind)}`, required: 'a fine or a warning must cite a penalty article', none: 'no penalty cites no article' }[String(p.problem)] ?? String(p.problem)}`,
  ),
  REGULATION_PENALTY_OUT_OF_RANGE: t(
    (p) => `${String(p.field)} ${String(p.amount)} 元超出${String(p.basis)}规定的幅度（${String(p.min)}–${String(p.max)} 元）`,
    (p) => `${String(p.field)} ${String(p.amount)} yuan is outside the range of ${String(p.basis)} (${String(p.min)}–${String(p.max)} yuan)`,
  ),
  REGULATION_CASE_ANSWER_PENDING: t(
    (p) => `decidedOn ${String(p.decidedOn)}：当事人陈述申辩${p.hearingRight ? '、申请听证' : ''}的期限至 ${String(p.answerDueOn)}，期满或当事人已陈述、放弃后方可决定（partyAnswer）`,
    (p) => `decidedOn ${String(p.decidedOn)}: the party may answer${p.hearingRight ? ' or ask for a hearing' : ''} until ${String(p.answerDueOn)}; decide after that day or once the party has answered or waived (partyAnswer)`,
  ),
  REGULATION_CASE_HEAVIER_THAN_NOTICE: t(
    (p) => `决定 ${String(p.field)} 重于告知的处罚（${String(p.notified)}）：不得因当事人陈述申辩加重处罚，加重须重新告知（行政处罚法第四十五条）`,
    (p) => `The decision's ${String(p.field)} is heavier than the penalty notified (${String(p.notified)}): a heavier penalty needs a new notice (行政处罚法 art. 45)`,
  ),
  REGULATION_CASE_PAID_MISMATCH: t(
    (p) => `paidFen ${String(p.paidFen)} 分与决定的罚款 ${String(p.amountFen)} 分不符（method 为 paid 时须全额缴纳；未全额缴纳的请申请强制执行 court_enforced）`,
    (p) => `paidFen ${String(p.paidFen)} does not match the fine of ${String(p.amountFen)} fen (method paid means paid in full; otherwise court_enforced)`,
  ),
  REGULATION_CASE_NO_EVIDENCE: t(
    () => '调查终结报告须至少有一份已登记的证据',
    () => 'An investigation report needs at least one piece of registered evidence',
  ),
  REGULATION_PARTY_INVALID: t(
    (p) => p.partyKind === 'unit' ? '当事人为单位时须填写企业 enterpriseId（企业名录中的企业）' : '当事人为个人时不填写企业 enterpriseId，请填写姓名 partyName',
    (p) => p.partyKind === 'unit' ? 'A unit as party needs enterpriseId (an enterprise of the register)' : 'An individual as party takes partyName, not enterpriseId',
  ),
  REGULATION_LINK_UNKNOWN: t(
    (p) => `${String(p.field)} ${String(p.id)} 不存在或不在管辖范围内`,
    (p) => `${String(p.field)} ${String(p.id)} does not exist or is outside your jurisdiction`,
  ),
  REGULATION_FILE_MISSING: t(() => '请求须为 multipart/form-data，并在字段 file 中附上文件', () => 'The request must be multipart/form-data with the file in field "file"'),
  REGULATION_FILE_TOO_LARGE: t((p) => `文件 file 超过 ${String(p.limitMb)} MB`, (p) => `file is larger than ${String(p.limitMb)} MB`),
  REGULATION_UPLOAD_INCOMPLETE: t((p) => `文件 file 上传不完整：${String(p.detail)}`, (p) => `file: the upload is incomplete: ${String(p.detail)}`),
  REGULATION_FILE_TYPE: t(
    (p) => `文件 file 的类型 ${String(p.fileName)} 不允许（允许：${String(p.allowed)}）`,
    (p) => `file ${String(p.fileName)}: type not allowed (allowed: ${String(p.allowed)})`,
  ),
  REGULATION_PHOTO_TYPE: t(
    (p) => `文件 file ${String(p.fileName)} 不是照片：内容须为 JPEG、PNG 或 WebP 图像（按文件头判断，不看扩展名）`,
    (p) => `file ${String(p.fileName)} is not a photo: its content must be a JPEG, PNG or WebP image (judged by its first bytes, not its name)`,
  ),
  REGULATION_RESULT_MISSING: t(
    (p) => `${String(p.field)} ${String(p.targetKey)}：该检查对象尚未登记检查结果，须先登记结果再上传照片`,
    (p) => `${String(p.field)} ${String(p.targetKey)}: no result is recorded for this target yet; record the result before adding photos`,
  ),
  REGULATION_PHOTO_NOT_FOUND: t(() => '检查照片不存在', () => 'Inspection photo not found'),
  REGULATION_PARTIES_PENDING: t(
    (p) => `联审部门 ${String(p.parties)} 尚未出具意见，须全部必需部门答复后方可作出决定`,
    (p) => `Joint-review parties ${String(p.parties)} have not given their opinion: a decision waits for every required party`,
  ),
  REGULATION_PARTY_OBJECTS: t(
    (p) => `联审部门 ${String(p.parties)} 不同意，不能准予许可（decision 可为 rejected）`,
    (p) => `Joint-review parties ${String(p.parties)} disagree: the case cannot be approved (decision may be rejected)`,
  ),
  REGULATION_PARTY_TAKEN: t((p) => `联审部门 name ${String(p.name)} 已是本案的联审部门`, (p) => `name ${String(p.name)} is already a party of this case`),
  REGULATION_PARTY_NOT_FOUND: t(() => '联审部门不存在', () => 'Joint-review party not found'),
  REGULATION_PARTY_ANSWERED: t(
    (p) => `联审部门 ${String(p.name)} 已于 ${String(p.answeredOn)} 出具意见，意见不可修改`,
    (p) => `Party ${String(p.name)} gave its opinion on ${String(p.answeredOn)}; an opinion cannot be changed`,
  ),
  REGULATION_ANSWERED_BEFORE_RECEIPT: t(
    (p) => `answeredOn ${String(p.answeredOn)} 早于受理日期 ${String(p.receivedOn)}`,
    (p) => `answeredOn ${String(p.answeredOn)} is before the case was received (${String(p.receivedOn)})`,
  ),
  REGULATION_APPROVAL_CLOSED: t(
    (p) => `审批案件已作出决定（${String(p.status)}），不能再${p.action === 'party' ? '增加联审部门' : '登记联审意见'}`,
    (p) => `The approval case is decided (${String(p.status)}): it takes no more ${p.action === 'party' ? 'parties' : 'opinions'}`,
  ),
  REGULATION_WORK_UNKNOWN: t(
    (p) => `人防工程 workId ${String(p.workId)} 不存在或不在管辖范围内`,
    (p) => `workId ${String(p.workId)} does not exist or is outside your jurisdiction`,
  ),
  REGULATION_APPROVAL_REF_INVALID: t(
    (p) => `审批文号 approvalRef ${String(p.approvalRef)}：${{
      unknown: '没有这个审批案件', kind: `是「${String(p.kindZh)}」案件，本次变更须${String(p.neededZh)}`, status: '尚未准予许可', work: `批准的是另一项工程（${String(p.workCode)}）`,
      used: '已被另一项工程的生命周期变更使用', region: '不在该工程的管辖区域内',
    }[String(p.problem)] ?? String(p.problem)}`,
    (p) => `approvalRef ${String(p.approvalRef)}: ${{
      unknown: 'there is no such approval case', kind: `it is a ${String(p.kind)} case; this step needs ${String(p.needed)}`, status: 'it has not been approved',
      work: `it approves another work (${String(p.workCode)})`, used: 'another work has already used it', region: "it is outside the work's region",
    }[String(p.problem)] ?? String(p.problem)}`,
  ),
  REGULATION_FEE_NOT_FOUND: t(() => '收费记录不存在', () => 'Fee assessment not found'),
  REGULATION_FEE_DATE: t(
    (p) => `${String(p.field)} ${String(p.value)} 须晚于 ${String(p.before)}`,
    (p) => `${String(p.field)} ${String(p.value)} must be after ${String(p.before)}`,
  ),
  REGULATION_FEE_PAYER: t(() => '缴费人：须填写企业 enterpriseId 或缴费人名称 payerName', () => 'Payer: give enterpriseId or payerName'),
  REGULATION_FEE_COMPUTE: t(
    (p) => `应收金额 ${String(p.field)}：${{ kind: '只有易地建设费（relocation_fee）按规划规则计算', no_rate: `区划 ${String(p.regionCode)} 在 ${String(p.date)} 没有配置易地建设费费率，请填写金额 dueFen 及依据 basis`, manual: '不按规则计算时须填写金额 dueFen 和依据 basis' }[String(p.problem)] ?? String(p.problem)}`,
    (p) => `${String(p.field)}: ${{ kind: 'only a relocation_fee is computed from the planning rules', no_rate: `no 易地建设费 rate is configured for ${String(p.regionCode)} on ${String(p.date)}; enter dueFen with its basis`, manual: 'without a computation, dueFen and basis are required' }[String(p.problem)] ?? String(p.problem)}`,
  ),
  REGULATION_FEE_REDUCTION_UNKNOWN: t(
    (p) => `减免项目 reductionCode ${String(p.code)} 不是该收费适用规则中的减免项目（仅 reduction 可引用）`,
    (p) => `reductionCode ${String(p.code)} is not a reduction of the rule this fee was assessed under (only a reduction may cite one)`,
  ),
  REGULATION_FEE_BASIS_REQUIRED: t(
    (p) => `${p.kind === 'reduction' ? '减免' : '退费'}须写明依据 basis`,
    (p) => `A ${String(p.kind)} needs its basis`,
  ),
  REGULATION_FEE_AMOUNT: t(
    (p) => `金额 amountFen ${String(p.amount ?? '')} 元：${{ amount: '须为正整数分', over_reduction: `减免后应收不能为负（最多可减免 ${String(p.max)} 元）`, overpayment: `须为当前欠缴金额 ${String(p.max)} 元以内（追缴通知须等于欠缴金额）`, refund: `退费不能超过多缴的 ${String(p.max)} 元`, nothing_owed: '当前无欠缴，不能发出追缴通知' }[String(p.problem)] ?? String(p.problem)}`,
    (p) => `amountFen ${String(p.amount ?? '')} yuan: ${{ amount: 'must be a positive whole number of fen', over_reduction: `a reduction cannot take the fee below zero (at most ${String(p.max)} yuan)`, overpayment: `must be within what is owed, ${String(p.max)} yuan (an arrears notice demands exactly that)`, refund: `a refund cannot exceed the ${String(p.max)} yuan overpaid`, nothing_owed: 'nothing is owed, so no arrears notice' }[String(p.problem)] ?? String(p.problem)}`,
  ),
  REGULATION_ENTERPRISE_NOT_FOUND: t(() => '企业不存在', () => 'Enterprise not found'),
  REGULATION_QUALIFICATION_TAKEN: t((p) => `资质证书编号 certNo ${String(p.certNo)} 已登记在该企业名下`, (p) => `certNo ${String(p.certNo)} is already registered for this enterprise`),
  REGULATION_QUALIFICATION_DATES: t(
    (p) => `${String(p.field)} ${String(p.expiresOn)} 早于 ${String(p.issuedOn)}`,
    (p) => `${String(p.field)} ${String(p.expiresOn)} is before ${String(p.issuedOn)}`,
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the regulation codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof RegulationErrors> {}
}

import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

/** Error codes of the evacuation module, each naming the field and the rule, in zh-CN and English. */
export const EvacuationErrors = defineErrors({
  EVACUATION_PLACE_NOT_FOUND: t(() => '疏散场所不存在', () => 'Evacuation place not found'),
  EVACUATION_AREA_NOT_FOUND: t((p) => `疏散区域 ${String(p.code)} 不存在或不在管辖范围内`, (p) => `Area ${String(p.code)} does not exist or is outside your jurisdiction`),
  EVACUATION_CODE_TAKEN: t((p) => `编号 code ${String(p.code)} 已登记`, (p) => `code ${String(p.code)} is already registered`),
  EVACUATION_REGION_OUT_OF_SCOPE: t(
    (p) => `区划代码 regionCode ${String(p.regionCode)} 不在您的管辖范围内`,
    (p) => `regionCode ${String(p.regionCode)} is outside your jurisdiction`,
  ),
  EVACUATION_REGION_UNKNOWN: t((p) => `区划代码 regionCode ${String(p.regionCode)} 不存在`, (p) => `regionCode ${String(p.regionCode)} is not a known region`),
  EVACUATION_DESTINATION_UNKNOWN: t(
    (p) => `疏散目的地 destinationId ${String(p.id)} 不是管辖范围内的疏散基地或疏散地域`,
    (p) => `destinationId ${String(p.id)} is not an evacuation base or area in your jurisdiction`,
  ),
  EVACUATION_RUN_NOT_FOUND: t(() => '疏散分配计算不存在', () => 'Evacuation assignment run not found'),
  EVACUATION_RUN_NOT_SUCCEEDED: t(
    (p) => `疏散分配计算 ${String(p.id)} 状态为 ${String(p.status)}，没有结果`,
    (p) => `Run ${String(p.id)} is ${String(p.status)}: it has no result`,
  ),
  EVACUATION_RUN_ENDED: t(
    (p) => `疏散分配计算 ${String(p.id)} 已结束（状态 ${String(p.status)}），不能取消`,
    (p) => `Run ${String(p.id)} has already ended (status ${String(p.status)}) and cannot be cancelled`,
  ),
  EVACUATION_NO_PLAN: t(
    () => '管辖范围内没有疏散计划（疏散比例）或没有可用的疏散场所，无法分配',
    () => 'There is no evacuation plan (share of residents) or no usable place in your jurisdiction to assign people to',
  ),
  EVACUATION_COUNT_PLACE: t(
    (p) => `报数场所 placeId ${String(p.placeId)} 不是该演练辖区内的疏散集结点或疏散基地`,
    (p) => `placeId ${String(p.placeId)} is not an assembly point or base in the drill's area`,
  ),
  EVACUATION_COUNT_REPLAYED: t(
    () => '同一 clientId 的报数已用不同内容提交过',
    () => 'A count with this clientId was already submitted with different content',
  ),
  EVACUATION_ROUTE_NOT_FOUND: t(() => '疏散路线不存在', () => 'Evacuation route not found'),
  EVACUATION_VERSION_CONFLICT: t(
    (p) => `版本 version ${String(p.sent)} 已过期：该${p.what === 'route' ? '路线' : '场所'}已被他人修改（当前版本 ${String(p.current)}），请刷新后再改`,
    (p) => `version ${String(p.sent)} is stale: someone else changed this ${p.what === 'route' ? 'route' : 'place'} (now version ${String(p.current)}); reload and edit again`,
  ),
  EVACUATION_GEOMETRY_INVALID: t(
    (p) => `几何图形有误，${{ location: '位置 location', outline: '范围 outline', path: '路线 path' }[String(p.field)] ?? String(p.field)}：${String(p.zh)}`,
    (p) => `invalid geometry, ${String(p.field)}: ${String(p.en)}`,
  ),
  EVACUATION_PLACE_IN_USE: t(
    (p) => `该场所仍被引用，不能删除：${[
      Number(p.runs) > 0 ? `${String(p.runs)} 次疏散分配计算结果` : '', Number(p.counts) > 0 ? `${String(p.counts)} 条演练报数记录` : '',
      Number(p.plans) > 0 ? `${String(p.plans)} 个区域疏散计划` : '', Number(p.routes) > 0 ? `${String(p.routes)} 条疏散路线` : '',
    ].filter(Boolean).join('、')}；可改为「关闭」状态`,
    (p) => `The place is still referred to and cannot be deleted: ${[
      Number(p.runs) > 0 ? `${String(p.runs)} assignment run(s)` : '', Number(p.counts) > 0 ? `${String(p.counts)} drill head count(s)` : '',
      Number(p.plans) > 0 ? `${String(p.plans)} area plan(s)` : '', Number(p.routes) > 0 ? `${String(p.routes)} route(s)` : '',
    ].filter(Boolean).join(', ')}; set its state to closed instead`,
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the evacuation codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof EvacuationErrors> {}
}

/**
 * Word pools for synthetic names, addresses and people. Road names mix real Nantong street names (public
 * knowledge, used only as plausible address text) with generic ones; estates, companies and people are
 * invented from common characters. Nothing here identifies a real work, owner or person.
 */
import type { Rng } from './prng.ts';

/** Roads of central Nantong (崇川), used for addresses in 320613. */
export const CORE_ROADS = [
  '人民中路', '人民东路', '人民西路', '工农路', '青年中路', '青年东路', '青年西路', '南大街', '濠西路', '濠南路',
  '崇川路', '世纪大道', '城港路', '跃龙路', '永和路', '通甲路', '园林路', '桃园路', '长江中路', '钟秀中路',
  '虹桥路', '孩儿巷北路', '易家桥路', '姚港路', '观音山路', '星湖大道', '通盛大道', '通富路', '江海大道', '唐闸路',
  '港闸路', '秦灶路', '陈桥路', '幸福路', '通京大道', '文峰路', '延寿路', '紫琅路', '新胜路', '北濠东路',
];

/** Generic county-town roads (common names across Jiangsu county seats). */
export const COUNTY_ROADS = [
  '人民路', '解放路', '建设路', '城中路', '环城路', '新华路', '长江路', '黄海路', '江海路', '富民路',
  '文化路', '健康路', '迎宾路', '工业路', '府前路', '友谊路', '和平路', '宁海路', '朝阳路', '光明路',
  '育才路', '通海路', '海洋路', '开发大道', '滨江大道', '新民路', '跃进路', '东方路', '金沙路', '中山路',
];

const ESTATE_HEADS = [
  '锦绣', '翠湖', '紫琅', '濠河', '江海', '星湖', '中央', '滨江', '御景', '碧桂', '金色', '阳光', '东方', '世纪',
  '和园', '书香', '新城', '丽景', '天元', '华府', '海德', '文峰', '凤凰', '盛世', '怡景', '景瑞', '永和', '玉兰',
  '银杏', '梧桐', '龙湾', '恒通', '嘉禾', '云栖', '观澜', '通和', '长安', '海棠', '港湾', '青园',
];
const ESTATE_TAILS = ['花园', '苑', '家园', '名都', '府', '华庭', '公馆', '新村', '佳苑', '雅居', '城', '湾', '名邸', '国际', '广场', '大厦', '中心'];
const COMPANY_WORDS = ['中南', '通建', '华新', '江海', '长城', '三建', '恒泰', '金鼎', '华瑞', '紫琅', '通盛', '富华', '东景', '崇海', '鸿运', '天祥', '新世纪', '四建', '嘉盛', '和信'];
const SURNAMES = ['张', '王', '李', '陈', '顾', '朱', '徐', '沈', '施', '陆', '周', '吴', '黄', '曹', '季', '缪', '瞿', '范', '葛', '袁', '杨', '刘', '钱', '孙', '蔡', '冯', '丁', '郁', '邱', '姜'];
const GIVEN = ['建', '国', '华', '明', '丽', '军', '伟', '芳', '红', '平', '勇', '敏', '静', '海', '涛', '新', '霞', '峰', '俊', '燕', '斌', '杰', '琴', '宏', '晨', '宇', '欣', '磊', '婷', '春'];

export const TEAM_KINDS = ['抢险抢修', '医疗救护', '消防', '治安', '防化防疫', '通信', '运输', '信息防护'];

export function estateName(rng: Rng): string {
  return `${rng.pick(ESTATE_HEADS)}${rng.pick(ESTATE_TAILS)}`;
}

export function companyName(rng: Rng, place: string, kind: '置业' | '房地产开发' | '物业服务' | '实业' | '仓储物流' | '商贸'): string {
  return `${place}${rng.pick(COMPANY_WORDS)}${kind}有限公司`;
}

export function personName(rng: Rng): string {
  return `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.chance(0.7) ? rng.pick(GIVEN) : ''}`;
}

/** Synthetic Nantong landline: 0513 area code, 8-digit local number starting with 8. */
export function phoneNumber(rng: Rng): string {
  return `0513-8${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
}

export function roadsFor(countyCode: string): readonly string[] {
  return countyCode === '320613' ? CORE_ROADS : COUNTY_ROADS;
}

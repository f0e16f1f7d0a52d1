import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n/index.ts';
import { sirenRows, workRows } from './popup.ts';

const region = (code: string) => ({ '320612001': '金沙街道' })[code] ?? code;

describe('map popups', () => {
  it('label a work in Chinese and English from the domain lists', async () => {
    const work = { code: 'RF-320612-0001', workClass: 'personnel', lifecycleState: 'in_use', regionCode: '320612001', shelterPlaces: 1579, isPublic: false };
    await i18n.changeLanguage('zh-CN');
    expect(workRows(work, i18n.t, 'zh-CN', region)).toEqual([
      ['编号', 'RF-320612-0001'],
      ['类别', '人员掩蔽工程'],
      ['状态', '在用'],
      ['所属区域', '金沙街道'],
      ['掩蔽人数', '1,579'],
      ['公开', '否'],
    ]);
    await i18n.changeLanguage('en');
    expect(workRows(work, i18n.t, 'en', region).map(([k, v]) => `${k}=${v}`)).toContain('Class=Personnel shelter');
  });

  it('fall back to the raw code for an unknown value', async () => {
    await i18n.changeLanguage('zh-CN');
    const rows = sirenRows({ code: 'JB-1', kind: 'laser', status: 'online', regionCode: '320699' }, i18n.t, 'zh-CN', region);
    expect(rows).toEqual([
      ['编号', 'JB-1'],
      ['类型', 'laser'],
      ['运行状态', '在线'],
      ['所属区域', '320699'],
    ]);
  });

  it('say that the places of an unusable work do not count', async () => {
    await i18n.changeLanguage('zh-CN');
    const rows = workRows({ code: 'X', workClass: 'personnel', lifecycleState: 'demolished', regionCode: '320612001', shelterPlaces: 800, usable: false }, i18n.t, 'zh-CN', region);
    expect(rows.find(([k]) => k === '掩蔽人数')![1]).toBe('800（当前状态不可用，不计入）');
  });
});

import { ClearOutlined } from '@ant-design/icons';
import { Button, Checkbox, Input, Select, Space, TreeSelect } from 'antd';
import { EARLY_WORK_LAST_YEAR, PEACETIME_USES } from '@civdef/domain';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegions } from '../map/useMapData.ts';
import { buildRegionTree } from '../users/regionTree.ts';
import { useLabels } from './labels.ts';
import type { WorkFilter } from './types.ts';

/**
 * The filter bar of the works registry: full text, region, class, grade, state, peacetime use, construction form,
 * sign status, public flag, early works (≤ 1980) and overdue upkeep. Everything lives in the URL (useWorkFilter).
 */
export function WorkFilters({ filter, onChange }: { filter: WorkFilter; onChange: (f: WorkFilter) => void }) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const regions = useRegions();
  const tree = useMemo(() => buildRegionTree(regions.data?.items ?? []), [regions.data]);
  // The search box keeps its own text until Enter, so typing does not refetch on every key.
  const [q, setQ] = useState(filter.q ?? '');
  useEffect(() => setQ(filter.q ?? ''), [filter.q]);
  const set = (patch: Partial<WorkFilter>) => onChange({ ...filter, ...patch });
  const multi = { mode: 'multiple' as const, allowClear: true, maxTagCount: 'responsive' as const, style: { width: 170 } };
  const active = Object.values(filter).some((v) => v !== undefined && v !== '' && !(Array.isArray(v) && !v.length));

  return (
    <Space wrap size={[8, 8]} className="works-filters" data-testid="works-filters">
      <Input.Search
        allowClear
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(v) => set({ q: v.trim() || undefined })}
        placeholder={t('works.searchPlaceholder')}
        style={{ width: 260 }}
        maxLength={64}
        data-testid="works-search"
      />
      <TreeSelect
        allowClear
        showSearch
        treeNodeFilterProp="title"
        value={filter.regionCode}
        treeData={tree}
        treeDefaultExpandedKeys={tree.map((n) => n.value)}
        onChange={(v: string | undefined) => set({ regionCode: v || undefined })}
        placeholder={t('works.field.region')}
        style={{ width: 170 }}
        popupMatchSelectWidth={260}
        data-testid="filter-region"
      />
      <Select
        {...multi}
        value={filter.workClass ?? []}
        options={options('workClass')}
        onChange={(v) => set({ workClass: v })}
        placeholder={t('works.field.workClass')}
        data-testid="filter-class"
      />
      <Select
        {...multi}
        style={{ width: 140 }}
        value={filter.protectionGrade ?? []}
        options={options('protectionGrade')}
        onChange={(v) => set({ protectionGrade: v })}
        placeholder={t('works.field.protectionGrade')}
        data-testid="filter-grade"
      />
      <Select
        {...multi}
        value={filter.lifecycleState ?? []}
        options={options('lifecycleState')}
        onChange={(v) => set({ lifecycleState: v })}
        placeholder={t('works.field.lifecycleState')}
        data-testid="filter-state"
      />
      <Select
        {...multi}
        style={{ width: 150 }}
        value={filter.use ?? []}
        options={options(PEACETIME_USES)}
        onChange={(v) => set({ use: v })}
        placeholder={t('works.field.peacetimeUse')}
        data-testid="filter-use"
      />
      <Select
        {...multi}
        value={filter.constructionForm ?? []}
        options={options('constructionForm')}
        onChange={(v) => set({ constructionForm: v })}
        placeholder={t('works.field.constructionForm')}
        popupMatchSelectWidth={220}
        data-testid="filter-form"
      />
      <Select
        {...multi}
        style={{ width: 140 }}
        value={filter.signStatus ?? []}
        options={options('signStatus')}
        onChange={(v) => set({ signStatus: v })}
        placeholder={t('works.field.signStatus')}
        data-testid="filter-sign"
      />
      <Select
        allowClear
        style={{ width: 130 }}
        value={filter.isPublic === undefined ? undefined : String(filter.isPublic)}
        options={[
          { value: 'true', label: t('works.filterPublic.yes') },
          { value: 'false', label: t('works.filterPublic.no') },
        ]}
        onChange={(v: string | undefined) => set({ isPublic: v === undefined ? undefined : v === 'true' })}
        placeholder={t('works.field.isPublic')}
        data-testid="filter-public"
      />
      <Checkbox checked={filter.early === true} onChange={(e) => set({ early: e.target.checked || undefined })} data-testid="filter-early">
        {t('works.earlyOnly', { year: EARLY_WORK_LAST_YEAR })}
      </Checkbox>
      <Checkbox checked={filter.overdue === true} onChange={(e) => set({ overdue: e.target.checked || undefined })} data-testid="filter-overdue">
        {t('works.overdueOnly')}
      </Checkbox>
      {active && (
        <Button icon={<ClearOutlined />} onClick={() => onChange({})} data-testid="filter-reset">
          {t('common.reset')}
        </Button>
      )}
    </Space>
  );
}

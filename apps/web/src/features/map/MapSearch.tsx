import { AutoComplete, Input, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { worksApi } from '../works/worksApi.ts';

export interface FoundWork {
  id: number;
  code: string;
  name: string;
  location: [number, number];
}

/**
 * The map's search box: a work by name, code or address (the works list's own search, so several words all
 * have to match, e.g. "碧桂 新村"), within the user's jurisdiction. Choosing one flies the map to it.
 */
export function MapSearch({ onFound }: { onFound: (w: FoundWork) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  // Asks once typing pauses, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const found = useQuery({
    queryKey: ['works', 'map-search', q],
    queryFn: () => worksApi.list({ q, pageSize: 8, page: 1 }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
  const items = q ? (found.data?.items ?? []) : [];
  return (
    <AutoComplete
      className="map-search"
      value={text}
      onChange={setText}
      options={items.map((w) => ({
        value: String(w.id),
        label: (
          <div data-testid={`map-search-${w.code}`}>
            <div>{w.name}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {w.code}
              {w.address ? ` · ${w.address}` : ''}
            </Typography.Text>
          </div>
        ),
      }))}
      onSelect={(id: string) => {
        const w = items.find((x) => String(x.id) === id);
        if (!w) return;
        setText(w.name);
        onFound({ id: w.id, code: w.code, name: w.name, location: w.location });
      }}
      notFoundContent={q && found.isSuccess ? t('mapSearch.none') : null}
      style={{ width: '100%' }}
    >
      <Input.Search allowClear placeholder={t('mapSearch.placeholder')} loading={found.isFetching} data-testid="map-search" />
    </AutoComplete>
  );
}

/**
 * 乡镇边界导入: the coverage page's upload of surveyed town outlines (GeoJSON). The file is previewed first — towns
 * matched, the outline each replaces, unknown towns and every problem — and imported only from a clean preview, with
 * its fingerprint, so what is written is what was shown.
 */
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import type { ResponseOf } from '../../api/types.ts';

type Preview = ResponseOf<'/api/regions/town-outlines/import/preview', 'post'>;
type Applied = ResponseOf<'/api/regions/town-outlines/import/apply', 'post'>;

const send = <T,>(path: string, file: File, query: Record<string, string> = {}) =>
  api<T>(path, { method: 'POST', body: new Blob([file], { type: 'application/geo+json' }), query });

export function TownOutlinesImport() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const check = useMutation({
    mutationFn: (f: File) => send<Preview>('/api/regions/town-outlines/import/preview', f),
    onSuccess: (p) => setPreview(p),
  });
  const apply = useMutation({
    mutationFn: () => send<Applied>('/api/regions/town-outlines/import/apply', file!, { preview: preview!.preview }),
    onSuccess: (r) => {
      void message.success(t('coverage.outlines.done', { added: r.added, replaced: r.replaced }));
      setPreview(null);
      setFile(null);
      void client.invalidateQueries({ queryKey: ['coverage'] });
    },
  });
  const failure = check.error ?? apply.error;
  return (
    <div data-testid="town-outlines">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('coverage.outlines.help')}</Typography.Paragraph>
      <Space wrap>
        <Upload accept=".geojson,.json" showUploadList={false} beforeUpload={(f) => {
          setFile(f);
          setPreview(null);
          apply.reset();
          check.mutate(f);
          return false;
        }}>
          <Button icon={<UploadOutlined />} loading={check.isPending}>{t('coverage.outlines.pick')}</Button>
        </Upload>
        {preview && (
          <Button type="primary" disabled={preview.errorCount > 0 || preview.towns.length === 0} loading={apply.isPending} onClick={() => apply.mutate()} data-testid="town-outlines-apply">
            {t('coverage.outlines.apply', { count: preview.towns.length })}
          </Button>
        )}
      </Space>
      {failure && <Alert style={{ marginTop: 8 }} type="error" showIcon title={failure instanceof Error ? failure.message : String(failure)}
        description={failure instanceof ApiError && failure.details.length > 0 ? <ul style={{ margin: 0, paddingLeft: 18 }}>{failure.details.slice(0, 10).map((d) => <li key={d.field + d.message}>{d.message}</li>)}</ul> : undefined} />}
      {preview && (
        <>
          {preview.errorCount > 0 && (
            <Alert style={{ marginTop: 8 }} type="error" showIcon title={t('coverage.outlines.problems', { count: preview.errorCount, file: file?.name ?? '' })}
              description={<ul style={{ margin: 0, paddingLeft: 18, maxHeight: 160, overflow: 'auto' }}>{preview.errors.slice(0, 50).map((e) => <li key={e.at + e.en}>{e.at}: {i18n.language.startsWith('en') ? e.en : e.zh}</li>)}</ul>} />
          )}
          <Table
            style={{ marginTop: 8 }} rowKey="code" size="small" pagination={false} scroll={{ y: 360 }} dataSource={preview.towns} data-testid="town-outlines-preview"
            columns={[
              { title: t('coverage.outlines.town'), dataIndex: 'name', render: (n: string, r) => `${n}（${r.code}）` },
              { title: t('coverage.outlines.replaces'), dataIndex: 'replaces', width: 110, render: (v: string) => <Tag color={v === 'synthetic' ? 'orange' : v === 'surveyed' ? 'blue' : 'default'}>{t(`coverage.outlines.current.${v}`)}</Tag> },
              { title: t('coverage.outlines.outside'), dataIndex: 'outsidePercent', width: 90, align: 'right', render: (v: number | null) => (v === null ? '—' : `${v} %`) },
            ]}
          />
        </>
      )}
    </div>
  );
}

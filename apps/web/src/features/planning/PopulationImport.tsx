import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Select, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { FileProblems } from '../../lib/FileProblems.tsx';
import { useBalance } from './planningApi.ts';
import { formatOf, populationApi, useDatasets, type PopulationFormat, type PopulationPreview } from './populationApi.ts';

const fmt = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 0 });

/**
 * 人口数据导入: pick a file → the server checks every row and answers the totals and every problem (nothing written)
 * → the planner imports it whole, as a new dataset version replacing the area's population.
 */
export function PopulationImportButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="population-import-open">{t('population.button')}</Button>
      <Drawer title={t('population.title')} open={open} onClose={() => setOpen(false)} size={720} destroyOnHidden>
        <PopulationImport />
      </Drawer>
    </>
  );
}

function PopulationImport() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const datasets = useDatasets();
  // The area the file replaces: the whole jurisdiction, or one of its sub-areas.
  const areas = useBalance();
  const [area, setArea] = useState<string | undefined>();
  const [file, setFile] = useState<{ file: File; format: PopulationFormat } | null>(null);
  const preview = useMutation({ mutationFn: (f: { file: File; format: PopulationFormat; area?: string }) => populationApi.preview(f.file, f.format, f.area) });
  const commit = useMutation({
    mutationFn: (f: { file: File; format: PopulationFormat; area?: string }) => populationApi.commit(f.file, f.format, f.area),
    onSuccess: (r) => {
      message.success(t('population.committed', { id: r.dataset.id, cells: fmt(r.dataset.cells), people: fmt(r.dataset.people) }));
      setFile(null);
      preview.reset();
      void qc.invalidateQueries({ queryKey: ['planning'] });
      void qc.invalidateQueries({ queryKey: ['population'] });
    },
  });
  const pick = (f: File) => {
    const format = formatOf(f.name);
    if (!format) {
      message.error(t('population.badFormat'));
      return false;
    }
    setFile({ file: f, format });
    commit.reset();
    preview.mutate({ file: f, format, area });
    return false;
  };
  const p: PopulationPreview | undefined = preview.data;
  const failure = preview.error ?? commit.error;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary">{t('population.hint')}</Typography.Paragraph>
      <Space wrap>
        <span>{t('population.area')}</span>
        <Select
          style={{ width: 200 }}
          value={area ?? areas.data?.parent.code}
          onChange={(v: string) => {
            setArea(v === areas.data?.parent.code ? undefined : v);
            setFile(null);
            preview.reset();
          }}
          options={areas.data ? [areas.data.parent, ...areas.data.children].map((a) => ({ value: a.code, label: a.name })) : []}
          data-testid="population-area"
        />
        <Upload accept=".xlsx,.csv,.geojson,.json" showUploadList={false} beforeUpload={pick} maxCount={1}>
          <Button type="primary" icon={<UploadOutlined />} data-testid="population-pick">{t('population.pick')}</Button>
        </Upload>
        <Button onClick={() => void populationApi.template('xlsx')}>{t('population.template')}</Button>
        <Button onClick={() => void populationApi.exportFile('csv')}>{t('population.exportCsv')}</Button>
      </Space>
      {file && <Typography.Text data-testid="population-file">{file.file.name}</Typography.Text>}
      {preview.isPending && <Typography.Text type="secondary">{t('population.previewing')}</Typography.Text>}
      {failure && <Alert type="error" showIcon title={failure instanceof ApiError ? failure.message : String(failure)} />}
      {p && (
        <div data-testid="population-preview">
          <Alert
            type={p.errorCount > 0 ? 'warning' : 'info'}
            showIcon
            title={t('population.summary', { records: fmt(p.records), grid: fmt(p.gridCells), buildings: fmt(p.buildings), people: fmt(p.people), replaces: fmt(p.replaces) })}
            description={p.errorCount > 0 ? t('population.errors', { count: p.errorCount }) : undefined}
          />
          <Button
            style={{ marginTop: 12 }}
            type="primary"
            disabled={!file || p.errorCount > 0 || p.records === 0}
            loading={commit.isPending}
            onClick={() => file && commit.mutate({ ...file, area })}
            data-testid="population-commit"
          >
            {t('population.commit')}
          </Button>
          {p.errorCount > 0 && <FileProblems problems={p.errors} testId="population-errors" />}
          <Typography.Title level={5} style={{ marginTop: 12 }}>{t('population.byRegion')}</Typography.Title>
          <Table
            size="small"
            rowKey="regionCode"
            dataSource={p.byRegion}
            pagination={false}
            columns={[
              { title: t('population.regionCode'), dataIndex: 'regionCode' },
              { title: t('population.regionName'), dataIndex: 'name' },
              { title: t('population.records'), dataIndex: 'records', align: 'right', render: fmt },
              { title: t('population.people'), dataIndex: 'people', align: 'right', render: fmt },
            ]}
          />
        </div>
      )}
      <div>
        <Typography.Title level={5}>{t('population.datasets')}</Typography.Title>
        {(datasets.data?.items ?? []).length === 0 ? (
          <Typography.Text type="secondary">{t('population.noDatasets')}</Typography.Text>
        ) : (
          <ul style={{ paddingLeft: 18, margin: 0 }} data-testid="population-datasets">
            {datasets.data!.items.slice(0, 8).map((d) => (
              <li key={d.id}>
                {t('population.datasetLine', { id: d.id, file: d.fileName, cells: fmt(d.cells), people: fmt(d.people), by: d.createdByName ?? '', at: new Date(d.createdAt).toLocaleString('zh-CN') })}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Space>
  );
}

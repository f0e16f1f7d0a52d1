import { FileExcelOutlined, FileTextOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Progress, Radio, Result, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { formatTime } from '../../lib/time.ts';
import type { Crs, ImportJob, ImportProgress, ImportRowError } from './types.ts';
import { useInvalidateWorks, worksApi } from './worksApi.ts';
import './works.css';

const CRS: Crs[] = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'];
const RUNNING = new Set(['validating', 'committing']);
const STATUS_COLORS: Record<string, string> = {
  validating: 'processing',
  committing: 'processing',
  valid: 'blue',
  invalid: 'error',
  committed: 'success',
  failed: 'error',
};

/**
 * Follows a running job: Server-Sent Events from /events (the first event is the current state), falling back
 * to polling when the stream breaks. Resolves the finished job with its full report.
 */
function useJobProgress(job: ImportJob | null, onDone: (job: ImportJob) => void) {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const running = !!job && RUNNING.has(job.status);
  const jobId = job?.id;
  // The latest callback, without restarting the subscription: only a new job id or state does that.
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    if (!running || !jobId) return;
    let stopped = false;
    let poll: ReturnType<typeof setInterval> | undefined;
    const finish = async () => {
      if (stopped) return;
      stopped = true;
      es?.close();
      clearInterval(poll);
      try {
        done.current(await worksApi.importJob(jobId));
      } catch {
        // The next refresh of the page shows the job from the list of recent imports.
      }
    };
    const startPolling = () => {
      poll ??= setInterval(() => {
        void worksApi.importJob(jobId).then((j) => {
          if (!RUNNING.has(j.status)) void finish();
        });
      }, 1000);
    };
    let es: EventSource | null = null;
    if (typeof EventSource !== 'undefined') {
      es = new EventSource(`/api/works/imports/${encodeURIComponent(jobId)}/events`);
      const onEvent = (e: MessageEvent<string>) => {
        const p = JSON.parse(e.data) as ImportProgress;
        setProgress(p);
        if (p.phase === 'done') void finish();
      };
      es.addEventListener('progress', onEvent as EventListener);
      es.addEventListener('done', onEvent as EventListener);
      es.onerror = () => {
        es?.close();
        startPolling();
      };
    } else startPolling();
    return () => {
      stopped = true;
      es?.close();
      clearInterval(poll);
    };
  }, [running, jobId]);
  return running ? progress : null;
}

/** 批量导入: template, coordinate system, upload and row-by-row check, all-or-nothing commit with progress. */
export default function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const invalidate = useInvalidateWorks();
  const [crs, setCrs] = useState<Crs>('wgs84');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const recent = useQuery({ queryKey: ['works', 'imports'], queryFn: worksApi.importJobs });

  const progress = useJobProgress(job, (done) => {
    setJob(done);
    void qc.invalidateQueries({ queryKey: ['works', 'imports'] });
    if (done.status === 'committed') invalidate();
  });

  const upload = async (file: File) => {
    setUploading(true);
    setUploadError(null);
    try {
      setJob(await worksApi.upload(file, crs));
    } catch (err) {
      setUploadError(err instanceof ApiError ? err.message : t('common.unknownError'));
    } finally {
      setUploading(false);
    }
  };
  const commit = async () => {
    if (!job) return;
    try {
      setJob(await worksApi.commitImport(job.id));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('common.unknownError'));
    }
  };
  const template = (format: 'xlsx' | 'csv') =>
    void worksApi.template(format).catch((err: unknown) => message.error(err instanceof ApiError ? err.message : t('common.unknownError')));

  const step = !job ? 1 : job.status === 'committed' ? 3 : 2;
  const pct = progress && progress.total ? Math.round((progress.done / progress.total) * 100) : undefined;
  const result = (job?.result ?? {}) as { created?: number; updated?: number; unchanged?: number; willCreate?: number; willUpdate?: number; willKeep?: number };

  return (
    <div className="page works-import">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('imports.title')}
        </Typography.Title>
        <Button onClick={() => navigate('/works')}>{t('works.backToList')}</Button>
      </div>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small">
          <Steps
            current={step}
            size="small"
            items={[{ title: t('imports.step1') }, { title: t('imports.step2') }, { title: t('imports.step3') }, { title: t('imports.status.committed') }]}
          />
        </Card>
        <Card size="small" title={`1. ${t('imports.step1')}`}>
          <Typography.Paragraph type="secondary">{t('imports.step1Help')}</Typography.Paragraph>
          <Space>
            <Button icon={<FileExcelOutlined />} onClick={() => template('xlsx')} data-testid="template-xlsx">
              {t('imports.templateXlsx')}
            </Button>
            <Button icon={<FileTextOutlined />} onClick={() => template('csv')} data-testid="template-csv">
              {t('imports.templateCsv')}
            </Button>
          </Space>
        </Card>
        <Card size="small" title={`2. ${t('imports.step2')}`}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text>{t('imports.crs')}：</Typography.Text>
              <Radio.Group value={crs} onChange={(e) => setCrs(e.target.value as Crs)} data-testid="import-crs">
                {CRS.map((c) => (
                  <Radio.Button key={c} value={c}>
                    {t(`imports.crsOptions.${c}`)}
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Space>
            <Typography.Text type="secondary">{t('imports.crsHelp')}</Typography.Text>
            <Upload.Dragger
              accept=".xlsx,.csv,.geojson,.json"
              multiple={false}
              showUploadList={false}
              disabled={uploading || (!!job && RUNNING.has(job.status))}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
              data-testid="import-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('imports.drop')}</p>
            </Upload.Dragger>
            {uploadError && <Alert type="error" showIcon title={uploadError} data-testid="import-upload-error" />}
          </Space>
        </Card>

        {job && (
          <Card size="small" title={`3. ${t('imports.step3')} — ${job.fileName}`} data-testid="import-job" data-status={job.status}>
            {RUNNING.has(job.status) && (
              <div data-testid="import-progress">
                <Typography.Text>
                  {job.status === 'committing' ? t('imports.committing') : t('imports.validating')}
                  {progress && ` ${t(`imports.phase.${progress.phase}`)} ${progress.total ? `${progress.done}/${progress.total}` : ''}`}
                </Typography.Text>
                <Progress percent={pct ?? 0} status="active" showInfo={pct !== undefined} />
              </div>
            )}
            {job.status === 'valid' && (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Alert
                  type="success"
                  showIcon
                  title={t('imports.valid', { rows: job.totalRows })}
                  description={result.willCreate !== undefined ? t('imports.willWrite', { created: result.willCreate, updated: result.willUpdate ?? 0, unchanged: result.willKeep ?? 0 }) : undefined}
                />
                <Button type="primary" onClick={() => void commit()} data-testid="import-commit">
                  {t('imports.commit')}
                </Button>
              </Space>
            )}
            {job.status === 'invalid' && (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Alert type="error" showIcon title={t('imports.invalid', { count: job.errorCount })} data-testid="import-invalid" />
                <Table<ImportRowError>
                  size="small"
                  rowKey={(e) => `${e.sheet}-${e.row}-${e.column}-${e.message}`}
                  dataSource={job.errors}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  data-testid="import-errors"
                  columns={[
                    { title: t('imports.row'), dataIndex: 'row', width: 80, render: (v: number) => (v === 0 ? t('imports.wholeFile') : v) },
                    { title: t('imports.sheet'), dataIndex: 'sheet', width: 100 },
                    { title: t('imports.column'), dataIndex: 'column', width: 160 },
                    { title: t('imports.value'), dataIndex: 'value', width: 160, ellipsis: true, render: (v?: string) => v ?? '' },
                    { title: t('imports.rule'), dataIndex: 'message' },
                  ]}
                />
              </Space>
            )}
            {job.status === 'failed' && <Alert type="error" showIcon title={t('imports.failed')} />}
            {job.status === 'committed' && (
              <Result
                status="success"
                title={t('imports.committed', { created: result.created ?? 0, updated: result.updated ?? 0, unchanged: result.unchanged ?? 0 })}
                extra={[
                  <Button key="list" type="primary" onClick={() => navigate('/works?sort=updatedAt&order=desc')} data-testid="import-to-list">
                    {t('imports.toList')}
                  </Button>,
                  <Button key="again" onClick={() => setJob(null)}>
                    {t('imports.again')}
                  </Button>,
                ]}
                data-testid="import-done"
              />
            )}
          </Card>
        )}

        <Card size="small" title={t('imports.recent')}>
          <Table<ImportJob>
            size="small"
            rowKey="id"
            loading={recent.isPending}
            dataSource={recent.data?.items ?? []}
            pagination={{ pageSize: 5, hideOnSinglePage: true }}
            columns={[
              { title: t('imports.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatTime(v, false) },
              { title: t('imports.fileName'), dataIndex: 'fileName', ellipsis: true },
              { title: t('imports.crs'), dataIndex: 'crs', width: 100 },
              { title: t('imports.rows'), dataIndex: 'totalRows', width: 80, align: 'right' },
              { title: t('imports.errors'), dataIndex: 'errorCount', width: 80, align: 'right' },
              {
                title: t('imports.actor'),
                dataIndex: 'actor',
                width: 110,
                render: (v: string | null) => v ?? '—',
              },
              {
                title: t('works.upkeep.status'),
                dataIndex: 'status',
                width: 100,
                render: (v: string) => <Tag color={STATUS_COLORS[v]}>{t(`imports.status.${v}`, { defaultValue: v })}</Tag>,
              },
            ]}
          />
        </Card>
      </Space>
    </div>
  );
}

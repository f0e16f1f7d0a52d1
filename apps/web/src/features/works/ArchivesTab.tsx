import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Select, Space, Table, Tooltip, Typography, Upload } from 'antd';
import { DOCUMENT_TYPES } from '@civdef/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { formatTime } from '../../lib/time.ts';
import { useCan } from '../auth/useSession.ts';
import { useLabels } from './labels.ts';
import type { UploadDocType, WorkDetail, WorkDocument } from './types.ts';
import { upkeepApi, useDocuments, useUpkeepMutation } from './upkeepApi.ts';

const UPLOAD_TYPES = DOCUMENT_TYPES.filter((d) => d.code !== 'inspection_photo');

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** 电子化归档: documents with their type, size and checksums (SM3, SHA-256); upload and download. */
export function ArchivesTab({ work }: { work: WorkDetail }) {
  const { t } = useTranslation();
  const { lbl, options } = useLabels();
  const { message } = App.useApp();
  const can = useCan();
  const docs = useDocuments(work.id);
  const [docType, setDocType] = useState<UploadDocType>('drawing');
  const [title, setTitle] = useState('');
  const upload = useUpkeepMutation(work.id, (file: File) => upkeepApi.upload(work.id, file, docType, title.trim() || undefined));

  return (
    <div data-testid="archives-tab">
      {can('works:write') && (
        <Space wrap className="works-upload-bar">
          <Select value={docType} onChange={setDocType} options={options(UPLOAD_TYPES)} style={{ width: 170 }} data-testid="doc-type" />
          <Input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('works.archives.titlePlaceholder')} maxLength={128} style={{ width: 220 }} />
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              upload.mutate(file, {
                onSuccess: () => {
                  message.success(t('works.archives.uploaded', { fileName: file.name }));
                  setTitle('');
                },
              });
              return false;
            }}
          >
            <Button type="primary" icon={<UploadOutlined />} loading={upload.isPending} data-testid="doc-upload">
              {t('works.archives.upload')}
            </Button>
          </Upload>
          <Typography.Text type="secondary">{t('works.archives.limits')}</Typography.Text>
        </Space>
      )}
      {upload.isError && (
        <Alert type="error" showIcon title={upload.error instanceof ApiError ? upload.error.message : t('common.unknownError')} style={{ marginBottom: 12 }} />
      )}
      <Table<WorkDocument>
        size="small"
        rowKey="id"
        loading={docs.isPending}
        dataSource={docs.data?.items ?? []}
        locale={docs.isError ? { emptyText: <Typography.Text type="danger">{docs.error.message}</Typography.Text> } : { emptyText: t('works.archives.none') }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid="documents-table"
        scroll={{ x: 900 }}
        columns={[
          { title: t('works.archives.docType'), dataIndex: 'docType', width: 130, render: (v: string) => lbl('docType', v) },
          {
            title: t('works.archives.file'),
            key: 'f',
            render: (_v, d) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{d.title ?? d.fileName}</Typography.Text>
                {d.title && <Typography.Text type="secondary">{d.fileName}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('works.archives.size'), dataIndex: 'sizeBytes', width: 90, align: 'right', render: (v: number) => formatBytes(v) },
          {
            title: t('works.archives.checksum'),
            key: 'c',
            width: 200,
            render: (_v, d) => (
              <Tooltip title={<div className="works-hash">SM3 {d.sm3}<br />SHA-256 {d.sha256}</div>}>
                <Typography.Text code copyable={{ text: d.sm3 }}>
                  SM3 {d.sm3.slice(0, 12)}…
                </Typography.Text>
              </Tooltip>
            ),
          },
          { title: t('works.archives.uploader'), dataIndex: 'uploader', width: 110, render: (v: string | null) => v ?? '—' },
          { title: t('works.archives.uploadedAt'), dataIndex: 'uploadedAt', width: 140, render: (v: string) => formatTime(v, false) },
          {
            title: t('common.actions'),
            key: 'a',
            width: 90,
            render: (_v, d) => (
              <Button
                type="link"
                size="small"
                icon={<DownloadOutlined />}
                onClick={() => void upkeepApi.downloadDocument(d).catch((e: unknown) => message.error(e instanceof ApiError ? e.message : t('common.unknownError')))}
              >
                {t('works.archives.download')}
              </Button>
            ),
          },
        ]}
      />
    </div>
  );
}

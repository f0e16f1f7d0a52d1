import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { FileProblems } from '../../lib/FileProblems.tsx';
import { orgFileFormat, quizOrgsFile, type OrgFileFormat, type OrgImportResult } from './quizApi.ts';

/**
 * 学校和社区名单导入: pick a file → the server checks every row and says what it would add or change and every
 * problem (nothing written) → the office imports it whole.
 */
export function QuizOrgsImportButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="quiz-orgs-import-open">{t('quiz.importOpen')}</Button>
      <Drawer title={t('quiz.importTitle')} open={open} onClose={() => setOpen(false)} size={640} destroyOnHidden>
        <QuizOrgsImport />
      </Drawer>
    </>
  );
}

function QuizOrgsImport() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [file, setFile] = useState<{ file: File; format: OrgFileFormat } | null>(null);
  const preview = useMutation({ mutationFn: (f: { file: File; format: OrgFileFormat }) => quizOrgsFile.preview(f.file, f.format) });
  const apply = useMutation({
    mutationFn: (f: { file: File; format: OrgFileFormat }) => quizOrgsFile.apply(f.file, f.format),
    onSuccess: (r) => {
      message.success(t('quiz.importApplied', { created: r.created, updated: r.updated, unchanged: r.unchanged }));
      setFile(null);
      preview.reset();
      void qc.invalidateQueries({ queryKey: ['quiz', 'orgs'] });
    },
  });
  const pick = (f: File) => {
    const format = orgFileFormat(f.name);
    if (!format) {
      message.error(t('quiz.importBadFormat'));
      return false;
    }
    setFile({ file: f, format });
    apply.reset();
    preview.mutate({ file: f, format });
    return false;
  };
  const p: OrgImportResult | undefined = preview.data;
  const failure = preview.error ?? apply.error;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary">{t('quiz.importHint')}</Typography.Paragraph>
      <Space wrap>
        <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={pick} maxCount={1}>
          <Button type="primary" icon={<UploadOutlined />} data-testid="quiz-orgs-pick">{t('quiz.importPick')}</Button>
        </Upload>
        <Button onClick={() => void quizOrgsFile.exportFile('xlsx')}>{t('quiz.importExport')}</Button>
      </Space>
      {file && <Typography.Text data-testid="quiz-orgs-file">{file.file.name}</Typography.Text>}
      {preview.isPending && <Typography.Text type="secondary">{t('quiz.importPreviewing')}</Typography.Text>}
      {failure && <Alert type="error" showIcon title={failure instanceof ApiError ? failure.message : String(failure)} />}
      {p && (
        <div data-testid="quiz-orgs-preview">
          <Alert
            type={p.errorCount > 0 ? 'warning' : 'info'}
            showIcon
            title={t('quiz.importSummary', { records: p.records, created: p.created, updated: p.updated, unchanged: p.unchanged })}
            description={p.errorCount > 0 ? t('quiz.importErrors', { count: p.errorCount }) : undefined}
          />
          <Button
            style={{ marginTop: 12 }}
            type="primary"
            disabled={!file || p.errorCount > 0 || p.records === 0}
            loading={apply.isPending}
            onClick={() => file && apply.mutate(file)}
            data-testid="quiz-orgs-apply"
          >
            {t('quiz.importApply')}
          </Button>
          {p.errorCount > 0 && <FileProblems problems={p.errors} testId="quiz-orgs-errors" />}
        </div>
      )}
    </Space>
  );
}

import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Result, Space, Typography, type FormInstance } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { PageLoading } from '../../layout/PageLoading.tsx';
import { useMe } from '../auth/useSession.ts';
import { usePublicConfig } from '../config/usePublicConfig.ts';
import { BasicSection } from './form/BasicSection.tsx';
import { ClassSection } from './form/ClassSection.tsx';
import { ContactsSection } from './form/ContactsSection.tsx';
import { EntrancesSection } from './form/EntrancesSection.tsx';
import { LocationSection } from './form/LocationSection.tsx';
import { PeacetimeUseSection } from './form/PeacetimeUseSection.tsx';
import { UnitsSection } from './form/UnitsSection.tsx';
import { useLabels } from './labels.ts';
import type { WorkDetail } from './types.ts';
import { blankValues, serverFieldErrors, toFormValues, toInput, toPatch, type FormValues } from './workForm.ts';
import { useInvalidateWorks, useWork, worksApi, worksKeys } from './worksApi.ts';
import './works.css';

/** New work (/works/new) or edit (/works/:id/edit). */
export default function WorkFormPage() {
  const { id } = useParams();
  const workId = id === undefined ? null : Number(id);
  const work = useWork(workId ?? Number.NaN);
  const config = usePublicConfig();
  if (workId !== null && work.isPending) return <PageLoading />;
  if (workId !== null && work.isError) return <Result status="error" title={work.error.message} />;
  if (config.isPending) return <PageLoading />;
  return (
    <WorkForm
      key={work.data ? `${work.data.id}-${work.data.version}` : 'new'}
      work={work.data ?? null}
      cityCode={config.data?.city.code ?? ''}
    />
  );
}

function WorkForm({ work, cityCode }: { work: WorkDetail | null; cityCode: string }) {
  const { t } = useTranslation();
  const { lbl } = useLabels();
  const navigate = useNavigate();
  const me = useMe();
  const [form] = Form.useForm<FormValues>();
  // A county user registers works in their county; the city user picks.
  const initial = useMemo(
    () => (work ? toFormValues(work) : blankValues(me.regionCode !== cityCode ? me.regionCode : undefined)),
    [work, me.regionCode, cityCode],
  );
  const { save, banner, setBanner, conflict, reload } = useSaveWork(work, form);

  return (
    <div className="page works-form">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {work ? t('works.form.editTitle', { name: work.name }) : t('works.form.createTitle')}
        </Typography.Title>
      </div>
      {conflict && (
        <Alert
          type="error"
          showIcon
          title={t('works.form.conflictTitle')}
          description={t('works.form.conflictBody')}
          action={
            <Button icon={<ReloadOutlined />} onClick={() => void reload()} data-testid="conflict-reload">
              {t('works.reload')}
            </Button>
          }
          style={{ marginBottom: 12 }}
          data-testid="conflict-alert"
        />
      )}
      {banner && <Alert type="error" showIcon title={banner} closable onClose={() => setBanner(null)} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form<FormValues>
        form={form}
        name="work"
        layout="vertical"
        initialValues={initial}
        onFinish={() => {
          setBanner(null);
          // onFinish hands over only the fields that have an input; inside a list (units) that drops every
          // field without one, and the PATCH would then replace them with nulls. The whole store keeps them.
          save.mutate({ ...initial, ...(form.getFieldsValue(true) as FormValues) });
        }}
        scrollToFirstError
      >
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <BasicSection isNew={!work} />
          <LocationSection />
          <ClassSection />
          <UnitsSection />
          <EntrancesSection />
          <PeacetimeUseSection />
          <ContactsSection />
        </Space>
        <div className="works-form-actions">
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} disabled={conflict} data-testid="work-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => navigate(work ? `/works/${work.id}` : '/works')}>{t('common.cancel')}</Button>
            {work && (
              <Typography.Text type="secondary">
                {lbl('lifecycleState', work.lifecycleState)} · {t('works.field.version')} {work.version}
              </Typography.Text>
            )}
          </Space>
        </div>
      </Form>
    </div>
  );
}

/**
 * Saving: a new work is created, an edit sends only what changed. The server's refusal lands on the fields it
 * names, the rest in a banner; a stale version (someone else saved meanwhile) offers to reload.
 */
function useSaveWork(work: WorkDetail | null, form: FormInstance<FormValues>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const invalidate = useInvalidateWorks();
  const [banner, setBanner] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);

  const save = useMutation({
    mutationFn: async (v: FormValues) => {
      if (!work) return worksApi.create(toInput(v));
      const patch = toPatch(work, v);
      if (!patch) return null;
      return worksApi.update(work.id, patch);
    },
    onSuccess: (saved) => {
      if (!saved) {
        message.info(t('works.form.nothingChanged'));
        return;
      }
      invalidate(saved);
      message.success(work ? t('works.form.saved') : t('works.form.created', { code: saved.code }));
      navigate(`/works/${saved.id}`, { replace: !!work });
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) return setBanner(t('common.unknownError'));
      if (err.status === 409 && err.code === 'WORKS_VERSION_CONFLICT') return setConflict(true);
      const { fields, rest } = serverFieldErrors(err);
      if (fields.length) form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      setBanner(rest ? `${t('works.form.serverError')}${rest}` : null);
      if (fields[0]) form.scrollToField(fields[0].name as never);
    },
  });

  const reload = async () => {
    if (!work) return;
    setConflict(false);
    await qc.invalidateQueries({ queryKey: worksKeys.detail(work.id) });
  };

  return { save, banner, setBanner, conflict, reload };
}

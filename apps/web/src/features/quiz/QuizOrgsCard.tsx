import { App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { QUIZ_ORG_KINDS } from '@civdef/domain';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/useSession.ts';
import { useRegions } from '../warning/warningApi.ts';
import { useQuizOrgs, useSaveQuizOrg, type QuizOrg } from './quizApi.ts';
import { QuizOrgsImportButton } from './QuizOrgsImport.tsx';

interface OrgForm {
  regionCode: string;
  kind: 'school' | 'community';
  name: string;
}

/** The office's list of schools and communities the public quiz counts tests for: add, retire, restore. */
export function QuizOrgsCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const orgs = useQuizOrgs();
  const regions = useRegions();
  const save = useSaveQuizOrg();
  const [form] = Form.useForm<OrgForm>();
  const en = i18n.language === 'en';
  const regionName = new Map((regions.data?.items ?? []).map((r) => [r.code, r.name]));
  // Districts and towns only: a test names its district first, so an organisation of the city as a whole has none.
  const pickable = (regions.data?.items ?? []).filter((r) => r.code.length === 9 || (r.code.length === 6 && !r.code.endsWith('00')));

  const add = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({ create: { regionCode: v.regionCode, kind: v.kind, name: v.name.trim() } });
      message.success(t('quiz.orgAdded'));
      form.setFieldValue('name', '');
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const toggle = async (o: QuizOrg) => {
    try {
      await save.mutateAsync({ id: o.id, active: !o.active });
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  return (
    <Card title={t('quiz.orgs')} style={{ marginTop: 16 }} extra={can('quiz:manage') ? <QuizOrgsImportButton /> : undefined}>
      <Typography.Paragraph type="secondary">{t('quiz.orgsIntro')}</Typography.Paragraph>
      {can('quiz:manage') && (
        <Form form={form} layout="inline" name="quizOrg" initialValues={{ kind: 'school' }} style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item name="regionCode" label={t('quiz.orgRegion')} rules={[{ required: true, message: t('quiz.orgRegionRequired') }]}>
            <Select showSearch optionFilterProp="label" style={{ width: 240 }} loading={regions.isLoading}
              options={pickable.map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }))} />
          </Form.Item>
          <Form.Item name="kind" label={t('quiz.orgKind')}>
            <Select style={{ width: 110 }} options={QUIZ_ORG_KINDS.map((o) => ({ value: o.code, label: en ? o.en : o.zh }))} />
          </Form.Item>
          <Form.Item name="name" label={t('quiz.orgName')} rules={[{ required: true, whitespace: true, message: t('quiz.orgNameRequired') }]}>
            <Input maxLength={64} style={{ width: 220 }} />
          </Form.Item>
          <Button type="primary" onClick={() => void add()} loading={save.isPending}>{t('quiz.orgAdd')}</Button>
        </Form>
      )}
      <Table<QuizOrg>
        rowKey="id"
        size="small"
        loading={orgs.isPending}
        dataSource={orgs.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('quiz.orgRegion'), dataIndex: 'regionCode', width: 220, render: (c: string, o) =>
            [regionName.get(c.slice(0, 6)), o.townName].filter(Boolean).join(' · ') || c },
          { title: t('quiz.orgKind'), dataIndex: 'kind', width: 90, render: (k: string) => (k === 'school' ? t('quiz.school') : t('quiz.community')) },
          { title: t('quiz.orgName'), dataIndex: 'name' },
          { title: t('quiz.active'), dataIndex: 'active', width: 80, render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('quiz.on') : t('quiz.off')}</Tag> },
          {
            title: '', width: 90, render: (_: unknown, o: QuizOrg) => (can('quiz:manage')
              ? <Space><Button size="small" onClick={() => void toggle(o)}>{o.active ? t('quiz.retire') : t('quiz.restore')}</Button></Space>
              : null),
          },
        ]}
      />
    </Card>
  );
}

import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { QUIZ_CATEGORIES } from '@civdef/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageLoading } from '../../layout/PageLoading.tsx';
import { useCan } from '../auth/useSession.ts';
import { QuizOrgsCard } from './QuizOrgsCard.tsx';
import { useQuestions, useSaveQuestion, type Question, type QuestionInput } from './quizApi.ts';

const KEYS = ['A', 'B', 'C', 'D'] as const;

interface FormValues {
  category: string;
  kind: 'single' | 'multiple';
  stem: string;
  options: Record<(typeof KEYS)[number], string | undefined>;
  answer: string[] | string;
  explanation?: string;
  active: boolean;
}

/** 题库: the questions the public app draws from; nationwide ones read-only, the office's own editable. */
export default function QuizPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const questions = useQuestions();
  const save = useSaveQuestion();
  const [editing, setEditing] = useState<Question | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form);
  const en = i18n.language === 'en';
  const categoryName = (code: string) => QUIZ_CATEGORIES.find((c) => c.code === code)?.[en ? 'en' : 'zh'] ?? code;

  if (questions.isPending) return <PageLoading />;
  if (questions.isError) return <div className="page"><Alert type="error" showIcon title={t('quiz.loadFailed', { message: questions.error.message })} /></div>;

  const open = (q: Question | 'new') => {
    setEditing(q);
    form.setFieldsValue(q === 'new'
      ? { category: 'basics', kind: 'single', stem: '', options: { A: '', B: '', C: '', D: '' }, answer: [], explanation: '', active: true }
      : {
        category: q.category, kind: q.kind as 'single' | 'multiple', stem: q.stem, explanation: q.explanation ?? '', active: q.active,
        options: Object.fromEntries(KEYS.map((k) => [k, q.options.find((o) => o.key === k)?.text ?? ''])) as FormValues['options'],
        answer: q.kind === 'single' ? q.answer[0]! : q.answer,
      });
  };

  const submit = async () => {
    const v = await form.validateFields();
    const body: QuestionInput = {
      category: v.category as QuestionInput['category'], kind: v.kind, stem: v.stem.trim(),
      options: KEYS.filter((k) => v.options[k]?.trim()).map((k) => ({ key: k, text: v.options[k]!.trim() })),
      answer: Array.isArray(v.answer) ? v.answer : [v.answer], explanation: v.explanation?.trim() || null, active: v.active,
    };
    try {
      if (editing === 'new') await save.mutateAsync({ body });
      else if (editing) await save.mutateAsync({ id: editing.id, version: editing.version, body });
      message.success(editing === 'new' ? t('quiz.created') : t('quiz.saved'));
      setEditing(null);
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  return (
    <div className="page">
      <Card
        title={t('quiz.title')}
        extra={can('quiz:manage') && <Button type="primary" onClick={() => open('new')}>{t('quiz.create')}</Button>}
      >
        <Typography.Paragraph type="secondary">{t('quiz.intro')}</Typography.Paragraph>
        <Table<Question>
          rowKey="id"
          size="small"
          dataSource={questions.data.items}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('quiz.category'), dataIndex: 'category', width: 130, render: categoryName },
            { title: t('quiz.kind'), dataIndex: 'kind', width: 90, render: (k: string) => (k === 'single' ? t('quiz.single') : t('quiz.multiple')) },
            { title: t('quiz.stem'), dataIndex: 'stem' },
            { title: t('quiz.answer'), dataIndex: 'answer', width: 90, render: (a: string[]) => a.join('') },
            { title: t('quiz.scope'), dataIndex: 'nationwide', width: 100, render: (n: boolean) => <Tag color={n ? 'default' : 'blue'}>{n ? t('quiz.nationwide') : t('quiz.own')}</Tag> },
            { title: t('quiz.active'), dataIndex: 'active', width: 80, render: (a: boolean) => (a ? t('quiz.on') : t('quiz.off')) },
            {
              title: '', width: 80, render: (_: unknown, q: Question) =>
                (!q.nationwide && can('quiz:manage') ? <Button size="small" onClick={() => open(q)}>{t('quiz.edit')}</Button> : null),
            },
          ]}
        />
      </Card>
      <QuizOrgsCard />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('quiz.create') : t('quiz.edit')}
        okText={t('quiz.save')}
        cancelText={t('quiz.cancel')}
        onOk={() => void submit()}
        confirmLoading={save.isPending}
        onCancel={() => setEditing(null)}
        destroyOnHidden
        width={640}
      >
        <Form form={form} layout="vertical" name="question">
          <Space wrap>
            <Form.Item name="category" label={t('quiz.category')}>
              <Select style={{ width: 180 }} options={QUIZ_CATEGORIES.map((c) => ({ value: c.code, label: en ? c.en : c.zh }))} />
            </Form.Item>
            <Form.Item name="kind" label={t('quiz.kind')}>
              <Radio.Group onChange={() => form.setFieldValue('answer', [])} options={[{ value: 'single', label: t('quiz.single') }, { value: 'multiple', label: t('quiz.multiple') }]} />
            </Form.Item>
            <Form.Item name="active" label={t('quiz.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item name="stem" label={t('quiz.stem')} rules={[{ required: true, whitespace: true, message: t('quiz.stemRequired') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          {KEYS.map((k) => (
            <Form.Item key={k} name={['options', k]} label={t('quiz.option', { key: k })} rules={k === 'A' || k === 'B' ? [{ required: true, whitespace: true, message: t('quiz.optionRequired') }] : []}>
              <Input maxLength={200} />
            </Form.Item>
          ))}
          <Form.Item name="answer" label={t('quiz.answer')} rules={[{ required: true, message: t('quiz.answerRequired') }]}>
            {kind === 'multiple' ? <Checkbox.Group options={[...KEYS]} /> : <Radio.Group options={[...KEYS]} />}
          </Form.Item>
          <Form.Item name="explanation" label={t('quiz.explanation')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

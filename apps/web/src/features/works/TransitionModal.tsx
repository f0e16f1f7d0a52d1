import { Alert, App, Form, Input, Modal, Radio } from 'antd';
import { CONVERSION_KINDS, TRANSITIONS_NEEDING_APPROVAL, type ConversionKind, type LifecycleState } from '@civdef/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { validated } from '../../lib/form.ts';
import { useLabels } from './labels.ts';
import type { WorkDetail } from './types.ts';
import { useTransition } from './worksApi.ts';

interface Values {
  reason: string;
  approvalRef?: string;
  conversionKind?: ConversionKind;
}

/**
 * One life-cycle step. Demolition and scrapping ask for the approval reference (批复文号), a wartime
 * conversion for drill or real. Before anything is written a second dialog names the change (which work, from
 * which state to which, and why) for the user to confirm; success is said in a message. The server checks the
 * step again and its refusal is shown here.
 */
export function TransitionModal({ work, to, onClose }: { work: WorkDetail; to: LifecycleState | null; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const { lbl, options } = useLabels();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const transition = useTransition(work.id);
  const [error, setError] = useState<ApiError | null>(null);
  const needsApproval = to !== null && TRANSITIONS_NEEDING_APPROVAL.includes(to);

  useEffect(() => {
    if (to) {
      form.resetFields();
      setError(null);
    }
  }, [to, form]);

  const submit = async () => {
    if (!to) return;
    const v = await validated(form);
    if (!v) return;
    setError(null);
    const body = { to, version: work.version, reason: v.reason.trim(), approvalRef: v.approvalRef?.trim() || undefined, conversionKind: v.conversionKind };
    const [from, target] = [lbl('lifecycleState', work.lifecycleState), lbl('lifecycleState', to)];
    modal.confirm({
      title: t('works.lifecycle.confirmTitle', { name: work.name, code: work.code, from, to: target }),
      content: (
        <div data-testid="transition-confirm">
          <div>{t('works.lifecycle.reason')}：{body.reason}</div>
          {body.approvalRef && <div>{t('works.lifecycle.approvalRef')}：{body.approvalRef}</div>}
          {body.conversionKind && <div>{t('works.lifecycle.conversionKind')}：{t(`works.lifecycle.kind.${body.conversionKind}`)}</div>}
          {needsApproval && <div className="works-transition-final">{t('works.lifecycle.terminalWarning')}</div>}
        </div>
      ),
      okText: t('works.lifecycle.confirm'),
      okButtonProps: { danger: needsApproval, 'data-testid': 'transition-confirm-ok' } as never,
      cancelText: t('common.cancel'),
      // Resolves either way: a refusal is shown in the step's dialog, which stays open to correct it.
      onOk: () =>
        transition.mutateAsync(body).then(
          () => {
            message.success(t('works.lifecycle.done', { state: target }));
            onClose(true);
          },
          (err: unknown) => setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', t('common.unknownError'), 0)),
        ),
    });
  };

  return (
    <Modal
      open={to !== null}
      title={to ? t('works.lifecycle.stepTitle', { from: lbl('lifecycleState', work.lifecycleState), to: lbl('lifecycleState', to) }) : ''}
      onCancel={() => onClose(false)}
      onOk={() => void submit()}
      okText={t('works.lifecycle.confirm')}
      okButtonProps={{ danger: needsApproval, loading: transition.isPending, 'data-testid': 'transition-submit' } as never}
      destroyOnHidden
    >
      {needsApproval && <Alert type="warning" showIcon title={t('works.lifecycle.terminalWarning')} style={{ marginBottom: 12 }} />}
      {error && (
        <Alert
          type="error"
          showIcon
          title={error.status === 409 ? t('works.conflict') : error.message}
          description={error.status === 409 ? error.message : undefined}
          style={{ marginBottom: 12 }}
          data-testid="transition-error"
        />
      )}
      <Form form={form} layout="vertical" name="transition">
        <Form.Item
          name="reason"
          label={t('works.lifecycle.reason')}
          rules={[{ required: true, whitespace: true, message: t('works.lifecycle.reasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
        {needsApproval && (
          <Form.Item
            name="approvalRef"
            label={t('works.lifecycle.approvalRef')}
            extra={t('works.lifecycle.approvalRefHelp')}
            rules={[{ required: true, whitespace: true, message: t('works.lifecycle.approvalRefRequired') }, { max: 128 }]}
          >
            <Input maxLength={128} placeholder={t('works.lifecycle.approvalRefPlaceholder')} />
          </Form.Item>
        )}
        {to === 'converting' && (
          <Form.Item name="conversionKind" label={t('works.lifecycle.conversionKind')} rules={[{ required: true, message: t('works.lifecycle.conversionKindRequired') }]}>
            <Radio.Group options={options(CONVERSION_KINDS)} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

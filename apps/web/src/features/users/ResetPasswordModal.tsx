import { Alert, App, Form, Input, Modal } from 'antd';
import { DEFAULT_PASSWORD_POLICY } from '@civdef/domain';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { passwordRule } from '../auth/passwordRule.ts';
import { usePublicConfig } from '../config/usePublicConfig.ts';
import { useResetPassword } from './useUsers.ts';

export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const policy = usePublicConfig().data?.passwordPolicy ?? DEFAULT_PASSWORD_POLICY;
  const reset = useResetPassword();

  useEffect(() => {
    if (user) form.resetFields();
  }, [user, form]);

  const onOk = async () => {
    if (!user) return;
    let v: { password: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    reset.mutate(
      { id: user.id, password: v.password },
      {
        onSuccess: () => {
          message.success(t('users.passwordReset', { username: user.username }));
          onClose();
        },
        onError: (err) => message.error(err instanceof ApiError ? err.message : t('common.unknownError')),
      },
    );
  };

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.resetTitle', { username: user.username }) : ''}
      onCancel={onClose}
      onOk={() => void onOk()}
      confirmLoading={reset.isPending}
      forceRender
      destroyOnHidden
    >
      <Alert type="info" title={`${t('auth.policy', { ...policy })} ${t('users.resetHelp')}`} style={{ marginBottom: 16 }} />
      <Form name="resetPassword" form={form} layout="vertical" autoComplete="off">
        <Form.Item name="password" label={t('auth.newPassword')} rules={[{ required: true, message: t('auth.newRequired') }, passwordRule(policy, t, () => user?.username)]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('auth.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: (_r, value: string | undefined) =>
                !value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('auth.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

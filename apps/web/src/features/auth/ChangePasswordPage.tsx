import { Alert, App, Button, Card, Form, Input, Space } from 'antd';
import { DEFAULT_PASSWORD_POLICY } from '@civdef/domain';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { DemoBadge } from '../../layout/DemoBadge.tsx';
import { Emblem } from '../../layout/Emblem.tsx';
import { LanguageSwitch } from '../../layout/LanguageSwitch.tsx';
import { usePublicConfig } from '../config/usePublicConfig.ts';
import { passwordRule } from './passwordRule.ts';
import { useChangePassword, useLogout, useSession } from './useSession.ts';
import './auth.css';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** 修改密码. Also the only page a user may see while the server demands a new password. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const policy = usePublicConfig().data?.passwordPolicy ?? DEFAULT_PASSWORD_POLICY;
  const change = useChangePassword();
  const logout = useLogout();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordForm>();

  if (session.isPending) return null;
  if (!session.data) return <Navigate to="/login" replace />;
  const forced = session.data.user.mustChangePassword;

  const onFinish = (v: PasswordForm) => {
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          message.success(t('auth.changed'));
          navigate('/', { replace: true });
        },
        onError: (err) => message.error(err instanceof ApiError ? err.message : t('common.unknownError')),
      },
    );
  };

  return (
    <div className="auth-screen">
      <div className="auth-topbar">
        <DemoBadge />
        <LanguageSwitch dark />
      </div>
      <div className="auth-center">
        <div className="auth-brand">
          <Emblem size={48} />
          <div className="auth-brand-title">{t('common.appName')}</div>
        </div>
        <Card className="auth-card" title={t('auth.changePasswordTitle')} style={{ width: 460 }}>
          {forced && <Alert type="warning" showIcon title={t('auth.forcedNotice')} style={{ marginBottom: 12 }} data-testid="forced-notice" />}
          <Alert type="info" title={t('auth.policy', { ...policy })} style={{ marginBottom: 16 }} data-testid="password-policy" />
          <Form<PasswordForm> name="changePassword" form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
            <Form.Item name="currentPassword" label={t('auth.currentPassword')} rules={[{ required: true, message: t('auth.currentRequired') }]}>
              <Input.Password autoComplete="current-password" autoFocus />
            </Form.Item>
            <Form.Item
              name="newPassword"
              label={t('auth.newPassword')}
              dependencies={['currentPassword']}
              rules={[
                { required: true, message: t('auth.newRequired') },
                passwordRule(policy, t, () => session.data?.user.username),
                ({ getFieldValue }) => ({
                  validator: (_r, value: string | undefined) =>
                    value && value === getFieldValue('currentPassword') ? Promise.reject(new Error(t('auth.sameAsOld'))) : Promise.resolve(),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="confirmPassword"
              label={t('auth.confirmPassword')}
              dependencies={['newPassword']}
              rules={[
                { required: true, message: t('auth.confirmRequired') },
                ({ getFieldValue }) => ({
                  validator: (_r, value: string | undefined) =>
                    !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('auth.mismatch'))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              {forced ? (
                <Button onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}>
                  {t('header.logout')}
                </Button>
              ) : (
                <Button onClick={() => navigate(-1)}>{t('auth.backToConsole')}</Button>
              )}
              <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-submit">
                {t('auth.submitChange')}
              </Button>
            </Space>
          </Form>
        </Card>
      </div>
    </div>
  );
}

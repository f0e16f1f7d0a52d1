import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { DemoBadge } from '../../layout/DemoBadge.tsx';
import { Emblem } from '../../layout/Emblem.tsx';
import { LanguageSwitch } from '../../layout/LanguageSwitch.tsx';
import { usePublicConfig } from '../config/usePublicConfig.ts';
import { forgetSessionData, useLogin, useSession } from './useSession.ts';
import './auth.css';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const config = usePublicConfig();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<ApiError | null>(null);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const qc = useQueryClient();
  // After a sign-out (or a lost session) the previous session's pages are gone by now: drop what they read.
  const signedIn = Boolean(session.data);
  useEffect(() => {
    if (!signedIn) forgetSessionData(qc);
  }, [qc, signedIn]);

  if (session.data) return <Navigate to={session.data.user.mustChangePassword ? '/password' : from} replace />;

  const onFinish = (values: LoginForm) => {
    setError(null);
    login.mutate(values, {
      onSuccess: (s) => navigate(s.user.mustChangePassword ? '/password' : from, { replace: true }),
      onError: (err) => setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', t('common.unknownError'), 0)),
    });
  };

  return (
    <div className="auth-screen">
      <div className="auth-topbar">
        <DemoBadge />
        <LanguageSwitch dark />
      </div>
      <div className="auth-center">
        <div className="auth-brand">
          <Emblem size={56} />
          <div>
            <div className="auth-brand-title">{t('common.appName')}</div>
            <div className="auth-brand-sub">
              {config.data?.city.name ? `${config.data.city.name} · ` : ''}
              {t('auth.loginSubtitle')}
            </div>
          </div>
        </div>
        <Card className="auth-card" title={t('auth.loginTitle')}>
          {login.verifying && (
            <Alert type="info" showIcon title={t('auth.verifying')} data-testid="login-challenge" style={{ marginBottom: 16 }} />
          )}
          {error && (
            <Alert
              type="error"
              showIcon
              title={error.message}
              data-testid="login-error"
              data-code={error.code}
              style={{ marginBottom: 16 }}
            />
          )}
          <Form<LoginForm> name="login" layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
            <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={login.isPending} data-testid="login-submit">
              {login.verifying ? t('auth.verifyingShort') : t('auth.submit')}
            </Button>
          </Form>
        </Card>
        <Space className="auth-footer" orientation="vertical" size={2}>
          <Typography.Text>{t('auth.footer')}</Typography.Text>
          {config.data?.version && <Typography.Text type="secondary">v{config.data.version}</Typography.Text>}
        </Space>
      </div>
    </div>
  );
}

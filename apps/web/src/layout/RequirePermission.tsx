import type { Permission } from '@civdef/domain';
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router-dom';
import { useMe } from '../features/auth/useSession.ts';
import { homePath } from './menu.ts';

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useMe();
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (me.permissions.includes(permission)) return <>{children}</>;
  // The home page is the map; a user who may not see it lands on the first page they may.
  const home = homePath(me.permissions);
  if (home && home !== '/' && permission === 'map:read') return <Navigate to={home} replace />;
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('errors.forbidden')}
      extra={
        <Button type="primary" onClick={() => navigate(home ?? '/login')}>
          {t('errors.backHome')}
        </Button>
      }
    />
  );
}

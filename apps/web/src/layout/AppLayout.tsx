import {
  AlertOutlined,
  AuditOutlined,
  BugOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  DownOutlined,
  EnvironmentOutlined,
  FileSearchOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  SafetyCertificateOutlined,
  SoundOutlined,
  ScheduleOutlined,
  TeamOutlined,
  ToolOutlined,
  UserOutlined,
  ApartmentOutlined,
  ClusterOutlined,
  CheckSquareOutlined,
  FireOutlined,
  UsergroupAddOutlined,
  AimOutlined,
  FlagOutlined,
  NodeIndexOutlined,
  SnippetsOutlined,
  ReadOutlined,
} from '@ant-design/icons';
import { App, Avatar, Button, Dropdown, Layout, Menu, Space, Tag, Tooltip, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { ROLE_DEFINITIONS } from '@civdef/domain';
import { Suspense, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLogout, useMe } from '../features/auth/useSession.ts';
import { useLanguage } from '../i18n/LocaleProvider.tsx';
import { DemoBadge } from './DemoBadge.tsx';
import { Emblem } from './Emblem.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { PageLoading } from './PageLoading.tsx';
import { entryFor, visibleMenu, type MenuEntry } from './menu.ts';
import './layout.css';

const ICONS: Record<MenuEntry['icon'], ReactNode> = {
  map: <EnvironmentOutlined />,
  users: <TeamOutlined />,
  audit: <AuditOutlined />,
  overview: <DashboardOutlined />,
  works: <DatabaseOutlined />,
  inspect: <SafetyCertificateOutlined />,
  upkeep: <ToolOutlined />,
  schedules: <ScheduleOutlined />,
  sirens: <SoundOutlined />,
  faults: <BugOutlined />,
  alerts: <AlertOutlined />,
  regulation: <FileSearchOutlined />,
  planning: <ApartmentOutlined />,
  command: <ClusterOutlined />,
  teams: <UsergroupAddOutlined />,
  rollcall: <CheckSquareOutlined />,
  dispatch: <FireOutlined />,
  plans: <SnippetsOutlined />,
  drills: <FlagOutlined />,
  evacuation: <NodeIndexOutlined />,
  targets: <AimOutlined />,
  count: <TeamOutlined />,
  quiz: <ReadOutlined />,
};

export function AppLayout() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const me = useMe();
  const logout = useLogout(() => void message.success(t('header.loggedOut')));
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(() => window.matchMedia?.('(max-width: 767px)').matches ?? false);
  const [narrow, setNarrow] = useState(() => window.matchMedia?.('(max-width: 767px)').matches ?? false);

  const menuItems = useMemo<MenuProps['items']>(() => {
    const entries = visibleMenu(me.permissions);
    const top = entries.filter((e) => !e.group).map((e) => ({ key: e.path, icon: ICONS[e.icon], label: t(e.labelKey) }));
    const system = entries.filter((e) => e.group === 'system').map((e) => ({ key: e.path, icon: ICONS[e.icon], label: t(e.labelKey) }));
    const command = entries.filter((e) => e.group === 'command').map((e) => ({ key: e.path, icon: ICONS[e.icon], label: t(e.labelKey) }));
    return [
      ...top,
      ...(command.length ? [{ type: 'group' as const, key: 'command', label: t('command.menu.group'), children: command }] : []),
      ...(system.length ? [{ type: 'group' as const, key: 'system', label: t('menu.system'), children: system }] : []),
    ];
  }, [me.permissions, t]);

  const roleNames = me.roles.map((r) => (language === 'en' ? ROLE_DEFINITIONS[r]?.nameEn : ROLE_DEFINITIONS[r]?.nameZh) ?? r);

  const userMenu: MenuProps = {
    items: [
      {
        key: 'info',
        disabled: true,
        label: (
          <div style={{ maxWidth: 260, cursor: 'default' }}>
            <div>
              <Typography.Text type="secondary">{t('header.jurisdiction')}：</Typography.Text>
              <Typography.Text>{me.regionName ?? me.regionCode}</Typography.Text>
            </div>
            <div>
              <Typography.Text type="secondary">{t('header.roles')}：</Typography.Text>
              <Typography.Text>{roleNames.join('、')}</Typography.Text>
            </div>
          </div>
        ),
      },
      { type: 'divider' },
      { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
      { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') navigate('/password');
      // The session is dropped at once (the sign-in page replaces this layout); the message follows the server's answer.
      if (key === 'logout') logout.mutate();
    },
  };

  const selected = entryFor(location.pathname)?.path;

  return (
    <Layout className="app-shell">
      <Layout.Header className="app-header">
        <Space size={12} className="app-brand">
          {narrow && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setCollapsed((c) => !c)}
              style={{ color: '#fff' }}
              aria-label="menu"
              data-testid="menu-toggle"
            />
          )}
          <Emblem size={30} />
          <span className="app-brand-name">{t('common.appName')}</span>
          {/* The signed-in user's own jurisdiction (what every list and map is limited to), not the deployment's city. */}
          <Tooltip title={t('header.jurisdiction')}>
            <Tag className="app-city" data-testid="header-jurisdiction">
              {me.regionName ?? me.regionCode}
            </Tag>
          </Tooltip>
        </Space>
        <Space size={8} className="app-header-right">
          <DemoBadge />
          <LanguageSwitch dark />
          <Dropdown menu={userMenu} placement="bottomRight" trigger={['click']}>
            <a className="app-user" data-testid="user-menu" onClick={(e) => e.preventDefault()}>
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#c8102e' }} />
              <span>{me.displayName || me.username}</span>
              <DownOutlined style={{ fontSize: 10 }} />
            </a>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          // English labels are longer: a wider menu, so none is cut off (checked by the browser test).
          width={language === 'en' ? 220 : 200}
          theme="dark"
          breakpoint="md"
          collapsedWidth={narrow ? 0 : 80}
          trigger={narrow ? null : undefined}
          onBreakpoint={(broken) => {
            setNarrow(broken);
            setCollapsed(broken);
          }}
        >
          <Menu
            theme="dark"
            mode="inline"
            items={menuItems}
            selectedKeys={selected ? [selected] : []}
            onClick={({ key }) => {
              navigate(key);
              if (narrow) setCollapsed(true);
            }}
            data-testid="side-menu"
          />
        </Layout.Sider>
        <Layout.Content className="app-content">
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

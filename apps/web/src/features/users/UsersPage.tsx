import { EditOutlined, KeyOutlined, LockOutlined, PlusOutlined, ReloadOutlined, UnlockOutlined } from '@ant-design/icons';
import { App, Button, Input, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ROLE_DEFINITIONS, type Role } from '@civdef/domain';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { useLanguage } from '../../i18n/LocaleProvider.tsx';
import { Page } from '../../layout/Page.tsx';
import { formatTime } from '../../lib/time.ts';
import { useCan, useMe } from '../auth/useSession.ts';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';
import { UserFormModal } from './UserFormModal.tsx';
import { useLockUser, useRoles, useUserList } from './useUsers.ts';

/** 用户管理: list, create, edit, lock/unlock and reset passwords within the admin's own jurisdiction. */
export default function UsersPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const me = useMe();
  const can = useCan();
  const canWrite = can('users:write');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useUserList(q, page, pageSize);
  const roles = useRoles();
  const lock = useLockUser();
  const [editing, setEditing] = useState<User | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);

  const roleName = useMemo(() => {
    const names = new Map((roles.data?.items ?? []).map((r) => [r.code, language === 'en' ? r.nameEn : r.nameZh]));
    return (code: Role) => names.get(code) ?? (language === 'en' ? ROLE_DEFINITIONS[code]?.nameEn : ROLE_DEFINITIONS[code]?.nameZh) ?? code;
  }, [roles.data, language]);

  const toggleLock = (u: User) =>
    lock.mutate(
      { id: u.id, lock: !u.locked },
      {
        onSuccess: () => message.success(t(u.locked ? 'users.unlocked' : 'users.locked', { username: u.username })),
        onError: (err) => message.error(err instanceof ApiError ? err.message : t('common.unknownError')),
      },
    );

  const columns: TableColumnsType<User> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      width: 130,
      render: (v: string, u) => (
        <Typography.Text strong>
          {v}
          {String(u.id) === String(me.id) && <Typography.Text type="secondary">{t('users.you')}</Typography.Text>}
        </Typography.Text>
      ),
    },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 110, ellipsis: true },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      width: 150,
      render: (rs: Role[]) => (
        <Space size={[4, 4]} wrap>
          {rs.map((r) => (
            <Tag key={r} color={r === 'system_admin' ? 'red' : r.endsWith('_admin') ? 'volcano' : 'blue'}>
              {roleName(r)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('users.region'),
      dataIndex: 'regionName',
      width: 100,
      render: (name: string, u) => (
        <Tooltip title={u.regionCode}>
          <span>{name || u.regionCode}</span>
        </Tooltip>
      ),
    },
    {
      title: t('users.status'),
      key: 'status',
      width: 140,
      render: (_v, u) => (
        <Space size={4} wrap>
          {u.locked ? (
            <Tooltip title={u.lockedUntil ? t('users.lockedUntil', { time: formatTime(u.lockedUntil, false) }) : undefined}>
              <Tag color="error" icon={<LockOutlined />} data-testid={`status-${u.username}`}>
                {t('users.statusLocked')}
              </Tag>
            </Tooltip>
          ) : (
            <Tag color="success" data-testid={`status-${u.username}`}>
              {t('users.statusActive')}
            </Tag>
          )}
          {u.mustChangePassword && <Tag color="warning">{t('users.mustChange')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 135,
      render: (v: string | null) => (v ? formatTime(v, false) : <Typography.Text type="secondary">{t('common.never')}</Typography.Text>),
    },
    { title: t('users.createdAt'), dataIndex: 'createdAt', width: 100, render: (v: string) => <Tooltip title={formatTime(v)}>{formatTime(v).slice(0, 10)}</Tooltip> },
  ];
  if (canWrite)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: language === 'en' ? 290 : 235,
      fixed: 'right',
      render: (_v, u) => {
        const self = String(u.id) === String(me.id);
        return (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => {
                setEditing(u);
                setFormOpen(true);
              }}
            >
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t(u.locked ? 'users.unlockConfirm' : 'users.lockConfirm', { username: u.username })}
              onConfirm={() => toggleLock(u)}
              disabled={self}
            >
              <Button type="link" size="small" danger={!u.locked} disabled={self} icon={u.locked ? <UnlockOutlined /> : <LockOutlined />} data-testid={`lock-${u.username}`}>
                {u.locked ? t('users.unlock') : t('users.lock')}
              </Button>
            </Popconfirm>
            <Button type="link" size="small" icon={<KeyOutlined />} disabled={self} onClick={() => setResetting(u)}>
              {t('users.resetPassword')}
            </Button>
          </Space>
        );
      },
    });

  return (
    <Page
      title={t('users.title')}
      extra={
        <Space>
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            style={{ width: 260 }}
            data-testid="user-search"
          />
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setEditing(null);
                setFormOpen(true);
              }}
              data-testid="user-create"
            >
              {t('users.create')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<User>
        rowKey={(u) => String(u.id)}
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        size="middle"
        scroll={{ x: language === 'en' ? 1155 : 1100 }}
        locale={list.isError ? { emptyText: <Typography.Text type="danger">{list.error.message}</Typography.Text> } : undefined}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { count: total }),
          onChange: (p, ps) => {
            setPage(ps !== pageSize ? 1 : p);
            setPageSize(ps);
          },
        }}
      />
      <UserFormModal open={formOpen} user={editing} onClose={() => setFormOpen(false)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Page>
  );
}

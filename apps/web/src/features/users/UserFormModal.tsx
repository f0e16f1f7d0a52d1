import { App, Button, Form, Input, Modal, Select, Space, TreeSelect, Typography } from 'antd';
import { DEFAULT_PASSWORD_POLICY, PRIVILEGED_ROLES, USERNAME_PATTERN, USERNAME_RULE, type Role } from '@civdef/domain';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { validated } from '../../lib/form.ts';
import type { User } from '../../api/types.ts';
import { useLanguage } from '../../i18n/LocaleProvider.tsx';
import { passwordRule } from '../auth/passwordRule.ts';
import { useMe } from '../auth/useSession.ts';
import { usePublicConfig } from '../config/usePublicConfig.ts';
import { buildRegionTree } from './regionTree.ts';
import { generateTempPassword } from './tempPassword.ts';
import { useCreateUser, useRegionList, useRoles, useUpdateUser, type UserInput } from './useUsers.ts';

interface Props {
  open: boolean;
  /** The user to edit, or null to create one. */
  user: User | null;
  onClose: () => void;
}

export function UserFormModal({ open, user, onClose }: Props) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message, modal } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<UserInput>();
  const roles = useRoles();
  const regions = useRegionList();
  const policy = usePublicConfig().data?.passwordPolicy ?? DEFAULT_PASSWORD_POLICY;
  const create = useCreateUser();
  const update = useUpdateUser();
  const editing = user !== null;
  // A generated password is shown once, after the account exists (a typed one the administrator knows already).
  const [generated, setGenerated] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setGenerated(null);
    if (user) form.setFieldsValue({ username: user.username, displayName: user.displayName, roles: user.roles, regionCode: user.regionCode });
    else form.setFieldsValue({ regionCode: me.regionCode, roles: [] });
  }, [open, user, form, me.regionCode]);

  const canGrantPrivileged = me.roles.includes('system_admin');
  const roleOptions = useMemo(
    () =>
      (roles.data?.items ?? []).map((r) => ({
        value: r.code,
        label: language === 'en' ? r.nameEn : r.nameZh,
        // What the role may do, under its name in the list.
        help: t(`usersView.roleHelp.${r.code}`, { defaultValue: '' }),
        // The server refuses it too; greying it out saves the round trip.
        disabled: !canGrantPrivileged && PRIVILEGED_ROLES.includes(r.code),
      })),
    [roles.data, language, canGrantPrivileged, t],
  );
  const showTempPassword = (username: string, password: string) =>
    modal.info({
      title: t('usersView.tempTitle'),
      width: 480,
      content: (
        <div data-testid="temp-password">
          <Typography.Paragraph>{t('usersView.tempBody', { username })}</Typography.Paragraph>
          <Typography.Text code copyable={{ tooltips: [t('usersView.copy'), t('usersView.copied')] }} style={{ fontSize: 18 }} data-testid="temp-password-value">
            {password}
          </Typography.Text>
        </div>
      ),
    });
  const treeData = useMemo(() => buildRegionTree(regions.data?.items ?? []), [regions.data]);
  const pending = create.isPending || update.isPending;

  const onOk = async () => {
    const v = await validated(form);
    if (!v) return;
    const onError = (err: unknown) => message.error(err instanceof ApiError ? err.message : t('common.unknownError'));
    if (editing) {
      update.mutate(
        { id: user.id, displayName: v.displayName.trim(), roles: v.roles as Role[], regionCode: v.regionCode },
        {
          onSuccess: () => {
            message.success(t('users.updated'));
            onClose();
          },
          onError,
        },
      );
    } else {
      create.mutate(
        { ...v, username: v.username.trim(), displayName: v.displayName.trim() },
        {
          onSuccess: (u) => {
            message.success(t('users.created', { username: u.username }));
            if (generated !== null && v.password === generated) showTempPassword(u.username, generated);
            onClose();
          },
          onError,
        },
      );
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('users.editTitle', { username: user.username }) : t('users.createTitle')}
      onCancel={onClose}
      onOk={() => void onOk()}
      confirmLoading={pending}
      okText={t('common.save')}
      destroyOnHidden
      forceRender
      width={560}
      okButtonProps={{ 'data-testid': 'user-form-submit' } as Record<`data-${string}`, string>}
    >
      <Form<UserInput> name="user" form={form} layout="vertical" requiredMark autoComplete="off" data-testid="user-form">
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[
            { required: true, message: t('users.usernameRequired') },
            // The rule and its words come from the domain package, as the server's schema does.
            { pattern: USERNAME_PATTERN, message: language === 'en' ? `${t('users.username')}: ${USERNAME_RULE.en}` : `${t('users.username')}：${USERNAME_RULE.zh}` },
          ]}
        >
          <Input disabled={editing} autoComplete="off" maxLength={32} />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}>
          <Input maxLength={64} />
        </Form.Item>
        {!editing && (
          <Form.Item label={t('users.initialPassword')} required extra={`${t('auth.policy', { ...policy })} ${t('users.initialPasswordHelp')}`}>
            <Space.Compact style={{ width: '100%' }}>
              {/* noStyle: the field sits beside its button; its messages show under the outer item. */}
              <Form.Item
                name="password"
                noStyle
                dependencies={['username']}
                rules={[{ required: true, message: t('auth.newRequired') }, passwordRule(policy, t, () => form.getFieldValue('username') as string | undefined)]}
              >
                <Input.Password autoComplete="new-password" data-testid="user-password" />
              </Form.Item>
              <Button
                onClick={() => {
                  const p = generateTempPassword(policy, form.getFieldValue('username') as string | undefined);
                  setGenerated(p);
                  form.setFieldValue('password', p);
                  void form.validateFields(['password']).catch(() => undefined);
                }}
                data-testid="user-password-generate"
              >
                {t('usersView.generate')}
              </Button>
            </Space.Compact>
          </Form.Item>
        )}
        {!editing && generated !== null && (
          <Typography.Paragraph type="secondary" style={{ marginTop: -16 }}>
            {t('usersView.generated')}
          </Typography.Paragraph>
        )}
        <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}>
          <Select
            mode="multiple"
            options={roleOptions}
            loading={roles.isPending}
            placeholder={t('users.rolesPlaceholder')}
            optionFilterProp="label"
            optionRender={(o) => (
              <div data-testid={`role-option-${String(o.value)}`}>
                <div>{o.label}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
                  {o.data.help}
                </Typography.Text>
              </div>
            )}
          />
        </Form.Item>
        <Form.Item name="regionCode" label={t('users.region')} rules={[{ required: true, message: t('users.regionRequired') }]}>
          <TreeSelect
            treeData={treeData}
            loading={regions.isPending}
            placeholder={t('users.regionPlaceholder')}
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandedKeys={treeData.map((n) => n.value)}
            data-testid="region-select"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { ExperimentOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePublicConfig } from '../features/config/usePublicConfig.ts';

/** Shown whenever the server runs on generated data, so nobody mistakes it for the real registry. */
export function DemoBadge() {
  const { data } = usePublicConfig();
  const { t } = useTranslation();
  if (!data?.demo) return null;
  return (
    <Tooltip title={t('common.demoTooltip')}>
      <Tag color="orange" icon={<ExperimentOutlined />} data-testid="demo-badge" style={{ marginInlineEnd: 0 }}>
        {t('common.demoBadge')}
      </Tag>
    </Tooltip>
  );
}

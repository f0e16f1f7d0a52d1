import { Card, Col, Form, Input, InputNumber, Row, Select, Switch, TreeSelect } from 'antd';
import { LIFECYCLE_STATES } from '@civdef/domain';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegions } from '../../map/useMapData.ts';
import { buildRegionTree } from '../../users/regionTree.ts';
import { useLabels } from '../labels.ts';
import { useFormRules } from './useFormRules.ts';

/** 基本信息: code, name, region, address, year, public flag; a new work also picks its initial state. */
export function BasicSection({ isNew }: { isNew: boolean }) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { req } = useFormRules();
  const regions = useRegions();
  const tree = useMemo(() => buildRegionTree(regions.data?.items ?? []), [regions.data]);
  return (
    <Card size="small" title={t('works.form.sectionBasic')}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="code" label={t('works.field.code')} rules={[req(t('works.field.code')), { pattern: /^\S{1,64}$/, message: t('works.form.codePattern') }]}>
            <Input maxLength={64} placeholder="RF-320612-0001" />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="name" label={t('works.field.name')} rules={[req(t('works.field.name')), { whitespace: true, message: t('works.form.required', { field: t('works.field.name') }) }, { max: 128 }]}>
            <Input maxLength={128} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="regionCode" label={t('works.field.region')} rules={[req(t('works.field.region'))]}>
            <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" loading={regions.isPending} treeDefaultExpandedKeys={tree.map((n) => n.value)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="address" label={t('works.field.address')} rules={[{ max: 256 }]}>
            <Input maxLength={256} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="yearBuilt" label={t('works.field.yearBuilt')}>
            <InputNumber min={1900} max={2200} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="isPublic" label={t('works.field.isPublic')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        {isNew && (
          <Col xs={24} md={12}>
            <Form.Item name="lifecycleState" label={t('works.form.initialState')}>
              <Select options={options(LIFECYCLE_STATES.filter((s) => s.code !== 'demolished' && s.code !== 'scrapped'))} />
            </Form.Item>
          </Col>
        )}
      </Row>
    </Card>
  );
}

import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, InputNumber, Row, Select, Typography } from 'antd';
import { ENTRANCE_KINDS } from '@civdef/domain';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../labels.ts';
import { useFormRules } from './useFormRules.ts';

/** 出入口: kind, width and position of each entrance; a new one starts at the work's position. */
export function EntrancesSection() {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { req } = useFormRules();
  const form = Form.useFormInstance();
  return (
    <Card size="small" title={t('works.form.sectionEntrances')} extra={<Typography.Text type="secondary">{t('works.form.entranceAtWork')}</Typography.Text>}>
      <Form.List name="entrances">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row gutter={8} key={f.key}>
                <Col xs={12} md={5}>
                  <Form.Item name={[f.name, 'kind']} label={t('works.entrance.kind')} rules={[req(t('works.entrance.kind'))]}>
                    <Select options={options(ENTRANCE_KINDS)} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={4}>
                  <Form.Item name={[f.name, 'widthM']} label={`${t('works.entrance.widthM')} (m)`} rules={[req(t('works.entrance.widthM')), { type: 'number', min: 0.01, max: 100 }]}>
                    <InputNumber min={0.01} max={100} precision={2} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={10} md={6}>
                  <Form.Item name={[f.name, 'lng']} label={t('works.form.lng')} rules={[req(t('works.form.lng')), { type: 'number', min: 73, max: 136 }]}>
                    <InputNumber precision={7} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={10} md={6}>
                  <Form.Item name={[f.name, 'lat']} label={t('works.form.lat')} rules={[req(t('works.form.lat')), { type: 'number', min: 3, max: 54 }]}>
                    <InputNumber precision={7} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={4} md={3}>
                  <Form.Item label=" ">
                    <Button danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'main', widthM: 1.5, lng: form.getFieldValue('lng'), lat: form.getFieldValue('lat') })}>
              {t('works.form.addEntrance')}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}

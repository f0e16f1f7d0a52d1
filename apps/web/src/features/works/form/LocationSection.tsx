import { Card, Col, Form, InputNumber, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { LocationPicker } from '../LocationPicker.tsx';
import { useFormRules } from './useFormRules.ts';

/** 位置: longitude and latitude, typed or picked on the map. */
export function LocationSection() {
  const { t } = useTranslation();
  const { req } = useFormRules();
  const form = Form.useFormInstance();
  const lng = Form.useWatch('lng', form) as number | null | undefined;
  const lat = Form.useWatch('lat', form) as number | null | undefined;
  return (
    <Card size="small" title={t('works.form.sectionLocation')}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="lng" label={t('works.form.lng')} rules={[req(t('works.form.lng')), { type: 'number', min: 73, max: 136 }]}>
            <InputNumber precision={7} step={0.0001} style={{ width: '100%' }} data-testid="input-lng" />
          </Form.Item>
          <Form.Item name="lat" label={t('works.form.lat')} rules={[req(t('works.form.lat')), { type: 'number', min: 3, max: 54 }]}>
            <InputNumber precision={7} step={0.0001} style={{ width: '100%' }} data-testid="input-lat" />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <LocationPicker
            value={typeof lng === 'number' && typeof lat === 'number' ? [lng, lat] : null}
            onChange={([x, y]) => form.setFieldsValue({ lng: x, lat: y })}
          />
        </Col>
      </Row>
    </Card>
  );
}

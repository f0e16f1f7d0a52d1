import { Card, Col, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';

/** 权属与联系: owner, management unit and the contact person. */
export function ContactsSection() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('works.form.sectionContacts')}>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item name="owner" label={t('works.field.owner')} rules={[{ max: 128 }]}>
            <Input maxLength={128} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="managementUnit" label={t('works.field.managementUnit')} rules={[{ max: 128 }]}>
            <Input maxLength={128} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="contactName" label={t('works.field.contactName')} rules={[{ max: 64 }]}>
            <Input maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="contactPhone" label={t('works.field.contactPhone')} rules={[{ pattern: /^[0-9+\-() ]{3,32}$/, message: t('works.form.phonePattern') }]}>
            <Input maxLength={32} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

import { Card, Col, Form, Input, Row, Select } from 'antd';
import { WORK_SUBTYPES, type WorkClass } from '@civdef/domain';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../labels.ts';
import { useFormRules } from './useFormRules.ts';

/** 分类: construction form, class and sub-type, grades, and the parent project a 结建 work needs. */
export function ClassSection() {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { req, workRule } = useFormRules();
  const form = Form.useFormInstance();
  const workClass = Form.useWatch('workClass', form) as WorkClass | undefined;
  return (
    <Card size="small" title={t('works.form.sectionClass')}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="constructionForm" label={t('works.field.constructionForm')} rules={[req(t('works.field.constructionForm'))]}>
            <Select options={options('constructionForm')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="workClass" label={t('works.field.workClass')} rules={[req(t('works.field.workClass'))]}>
            <Select options={options('workClass')} onChange={() => form.setFieldValue('subtype', null)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="subtype" label={t('works.field.subtype')} dependencies={['workClass']} rules={[workRule(['subtype'])]}>
            <Select allowClear options={workClass ? options(WORK_SUBTYPES[workClass]) : []} disabled={!workClass} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="protectionGrade" label={t('works.field.protectionGrade')}>
            <Select allowClear options={options('protectionGrade')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="chemicalGrade" label={t('works.field.chemicalGrade')}>
            <Select allowClear options={options('chemicalGrade')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          {/* A 结建 work (basement shelter) names the building project it belongs to. */}
          <Form.Item name="parentProject" label={t('works.field.parentProject')} dependencies={['constructionForm']} rules={[{ max: 128 }, workRule(['parentProject'])]}>
            <Input maxLength={128} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

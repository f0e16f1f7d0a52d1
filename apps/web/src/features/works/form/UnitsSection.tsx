import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../labels.ts';
import { EMPTY_UNIT } from '../workForm.ts';
import { AREA_INPUT, useFormRules } from './useFormRules.ts';

/** 防护单元: at least one unit, each with sheltering area ≤ protected area ≤ gross area. */
export function UnitsSection() {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { req, workRule } = useFormRules();
  const form = Form.useFormInstance();
  const allSubtypes = options('subtype');
  // The area rules compare a unit's areas: a change to one re-checks the fields that depend on it.
  const recheck = (unit: number, ...fields: string[]) => void form.validateFields(fields.map((f) => ['units', unit, f]));
  return (
    <Card size="small" title={t('works.form.sectionUnits')}>
      <Form.List name="units" rules={[{ validator: async (_r, v: unknown[]) => { if (!v?.length) throw new Error(t('works.form.required', { field: t('works.form.sectionUnits') })); } }]}>
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((f, i) => (
              <div key={f.key} className="works-form-row" data-testid={`unit-${i}`}>
                <Row gutter={8} align="top">
                  <Col xs={24} md={4}>
                    <Form.Item name={[f.name, 'name']} label={t('works.unit.name')} rules={[req(t('works.unit.name')), { max: 64 }]}>
                      <Input maxLength={64} />
                    </Form.Item>
                  </Col>
                  <Col xs={8} md={4}>
                    <Form.Item name={[f.name, 'grossAreaM2']} label={t('works.field.grossAreaM2')} rules={[req(t('works.field.grossAreaM2'))]}>
                      <InputNumber {...AREA_INPUT} onChange={() => recheck(f.name, 'protectedAreaM2', 'shelterAreaM2')} />
                    </Form.Item>
                  </Col>
                  <Col xs={8} md={4}>
                    <Form.Item name={[f.name, 'protectedAreaM2']} label={t('works.field.protectedAreaM2')} rules={[req(t('works.field.protectedAreaM2')), workRule(['units', f.name, 'protectedAreaM2'])]}>
                      <InputNumber {...AREA_INPUT} onChange={() => recheck(f.name, 'shelterAreaM2')} />
                    </Form.Item>
                  </Col>
                  <Col xs={8} md={4}>
                    <Form.Item name={[f.name, 'shelterAreaM2']} label={t('works.field.shelterAreaM2')} rules={[req(t('works.field.shelterAreaM2')), workRule(['units', f.name, 'shelterAreaM2'])]}>
                      <InputNumber {...AREA_INPUT} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name={[f.name, 'wartimeFunction']} label={t('works.unit.wartimeFunction')}>
                      <Select allowClear options={allSubtypes} popupMatchSelectWidth={200} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name={[f.name, 'protectionGrade']} label={t('works.field.protectionGrade')}>
                      <Select allowClear options={options('protectionGrade')} popupMatchSelectWidth={140} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name={[f.name, 'chemicalGrade']} label={t('works.field.chemicalGrade')}>
                      <Select allowClear options={options('chemicalGrade')} data-testid={`unit-${i}-chemical`} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name={[f.name, 'peacetimeFunction']} label={t('works.unit.peacetimeFunction')} rules={[{ max: 64 }]}>
                      <Input maxLength={64} allowClear />
                    </Form.Item>
                  </Col>
                  <Col xs={8} md={4}>
                    <Form.Item name={[f.name, 'blastUnits']} label={t('works.unit.blastUnits')}>
                      <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={8} md={4}>
                    <Form.Item name={[f.name, 'parkingSpaces']} label={t('works.field.parkingSpaces')}>
                      <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={8} md={2}>
                    <Form.Item label=" ">
                      <Button danger icon={<DeleteOutlined />} disabled={fields.length <= 1} onClick={() => remove(f.name)} aria-label="remove" />
                    </Form.Item>
                  </Col>
                </Row>
              </div>
            ))}
            <Form.ErrorList errors={errors} />
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ ...EMPTY_UNIT, name: `${fields.length + 1}号防护单元`, protectionGrade: form.getFieldValue('protectionGrade'), chemicalGrade: form.getFieldValue('chemicalGrade') })}
            >
              {t('works.form.addUnit')}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}

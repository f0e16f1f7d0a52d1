import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { dayjs } from '../../../lib/time.ts';
import { useFormRules } from './useFormRules.ts';

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

// Contract dates are ISO strings in the form's values and dayjs objects in the pickers.
const asDate = {
  getValueProps: (v: string | undefined) => ({ value: v ? dayjs(v) : undefined }),
  normalize: (d: dayjs.Dayjs | null) => d?.format('YYYY-MM-DD'),
};

/** 平时使用: parking, EV chargers, the cooling spot (纳凉点) and other uses under contract. */
export function PeacetimeUseSection() {
  const { t } = useTranslation();
  const { workRule } = useFormRules();
  const form = Form.useFormInstance();
  const cooling = Form.useWatch('cooling', form) as boolean | undefined;
  return (
    <Card size="small" title={t('works.form.sectionUse')}>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Form.Item name="parkingTotal" label={t('works.form.parkingTotal')}>
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="parkingPublic" label={t('works.form.publicSpaces')} dependencies={['parkingTotal']} rules={[{ type: 'number', min: 0, max: 100000 }, workRule(['parkingPublic'])]}>
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="parkingFee" label={t('works.form.feePerHour')}>
            <InputNumber min={0} max={1000} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="evChargers" label={t('works.form.evChargers')}>
            <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="cooling" valuePropName="checked" label={t('works.form.isCooling')}>
            <Switch />
          </Form.Item>
        </Col>
        {cooling && <CoolingFields />}
      </Row>
      <Typography.Text strong>{t('works.form.otherUses')}</Typography.Text>
      <OtherUses />
    </Card>
  );
}

/** The cooling spot's season, hours, capacity and facilities, shown when the work is one. */
function CoolingFields() {
  const { t } = useTranslation();
  const { req } = useFormRules();
  const monthDay = { pattern: MONTH_DAY, message: t('works.form.monthDay') };
  return (
    <>
      <Col xs={12} md={4}>
        <Form.Item name="coolingSeasonStart" label={t('works.form.seasonStart')} rules={[req(t('works.form.seasonStart')), monthDay]}>
          <Input placeholder="06-15" maxLength={5} />
        </Form.Item>
      </Col>
      <Col xs={12} md={4}>
        <Form.Item name="coolingSeasonEnd" label={t('works.form.seasonEnd')} rules={[req(t('works.form.seasonEnd')), monthDay]}>
          <Input placeholder="09-15" maxLength={5} />
        </Form.Item>
      </Col>
      <Col xs={12} md={5}>
        <Form.Item name="coolingHours" label={t('works.use.hours')} rules={[req(t('works.use.hours')), { whitespace: true }, { max: 64 }]}>
          <Input maxLength={64} placeholder="09:00-21:00" />
        </Form.Item>
      </Col>
      <Col xs={12} md={4}>
        <Form.Item name="coolingCapacity" label={t('works.use.capacity')} rules={[req(t('works.use.capacity'))]}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={7}>
        <Form.Item name="coolingFacilities" label={t('works.use.facilities')}>
          <Select mode="tags" maxCount={20} placeholder={t('works.form.facilitiesPlaceholder')} open={false} suffixIcon={null} />
        </Form.Item>
      </Col>
    </>
  );
}

/** Other uses: what, by whom, and the contract's term (its end not before its start). */
function OtherUses() {
  const { t } = useTranslation();
  const { req, workRule } = useFormRules();
  return (
    <Form.List name="otherUses">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Row gutter={8} key={f.key}>
              <Col xs={12} md={5}>
                <Form.Item name={[f.name, 'use']} label={t('works.use.useKind')} rules={[req(t('works.use.useKind')), { max: 64 }]}>
                  <Input maxLength={64} />
                </Form.Item>
              </Col>
              <Col xs={12} md={7}>
                <Form.Item name={[f.name, 'party']} label={t('works.use.party')} rules={[req(t('works.use.party')), { max: 128 }]}>
                  <Input maxLength={128} />
                </Form.Item>
              </Col>
              <Col xs={10} md={5}>
                <Form.Item name={[f.name, 'contractStart']} label={t('works.form.contractStart')} rules={[req(t('works.form.contractStart'))]} {...asDate}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={10} md={5}>
                <Form.Item
                  name={[f.name, 'contractEnd']}
                  label={t('works.form.contractEnd')}
                  dependencies={[['otherUses', f.name, 'contractStart']]}
                  rules={[req(t('works.form.contractEnd')), workRule(['otherUses', f.name, 'contractEnd'])]}
                  {...asDate}
                >
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={4} md={2}>
                <Form.Item label=" ">
                  <Button danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                </Form.Item>
              </Col>
            </Row>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ use: '', party: '' })}>
            {t('works.form.addOtherUse')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Select,
  Space,
  Switch,
  TreeSelect,
  Typography,
} from 'antd';
import type { Rule } from 'antd/es/form';
import { ENTRANCE_KINDS, LIFECYCLE_STATES, WORK_SUBTYPES, type WorkClass } from '@civdef/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { PageLoading } from '../../layout/PageLoading.tsx';
import { dayjs } from '../../lib/time.ts';
import { useMe } from '../auth/useSession.ts';
import { usePublicConfig } from '../config/usePublicConfig.ts';
import { useRegions } from '../map/useMapData.ts';
import { buildRegionTree } from '../users/regionTree.ts';
import { useLabels } from './labels.ts';
import { LocationPicker } from './LocationPicker.tsx';
import type { WorkDetail } from './types.ts';
import { EMPTY_UNIT, blankValues, serverFieldErrors, toFormValues, toInput, toPatch, type FormValues } from './workForm.ts';
import { useInvalidateWorks, useWork, worksApi, worksKeys } from './worksApi.ts';
import './works.css';

/** New work (/works/new) or edit (/works/:id/edit). */
export default function WorkFormPage() {
  const { id } = useParams();
  const workId = id === undefined ? null : Number(id);
  const work = useWork(workId ?? Number.NaN);
  const config = usePublicConfig();
  if (workId !== null && work.isPending) return <PageLoading />;
  if (workId !== null && work.isError) return <Result status="error" title={work.error.message} />;
  if (config.isPending) return <PageLoading />;
  const center = config.data?.city.center ?? [120.89, 31.98];
  return (
    <WorkForm
      key={work.data ? `${work.data.id}-${work.data.version}` : 'new'}
      work={work.data ?? null}
      center={center}
      cityCode={config.data?.city.code ?? ''}
    />
  );
}

function WorkForm({ work, center, cityCode }: { work: WorkDetail | null; center: [number, number]; cityCode: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { options, lbl } = useLabels();
  const navigate = useNavigate();
  const me = useMe();
  const qc = useQueryClient();
  const invalidate = useInvalidateWorks();
  const regions = useRegions();
  const tree = useMemo(() => buildRegionTree(regions.data?.items ?? []), [regions.data]);
  const [form] = Form.useForm<FormValues>();
  // A county user registers works in their county; the city user picks.
  const initial = useMemo(
    () => (work ? toFormValues(work) : blankValues(center, me.regionCode !== cityCode ? me.regionCode : undefined)),
    [work, center, me.regionCode, cityCode],
  );
  const [banner, setBanner] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const workClass = Form.useWatch('workClass', form) as WorkClass | undefined;
  const lng = Form.useWatch('lng', form) as number | null | undefined;
  const lat = Form.useWatch('lat', form) as number | null | undefined;
  const cooling = Form.useWatch('cooling', form) as boolean | undefined;

  const save = useMutation({
    mutationFn: async (v: FormValues) => {
      if (!work) return worksApi.create(toInput(v));
      const patch = toPatch(work, v);
      if (!patch) return null;
      return worksApi.update(work.id, patch);
    },
    onSuccess: (saved) => {
      if (!saved) {
        message.info(t('works.form.nothingChanged'));
        return;
      }
      invalidate(saved);
      message.success(work ? t('works.form.saved') : t('works.form.created', { code: saved.code }));
      navigate(`/works/${saved.id}`, { replace: !!work });
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) return setBanner(t('common.unknownError'));
      if (err.status === 409 && err.code === 'WORKS_VERSION_CONFLICT') return setConflict(true);
      const { fields, rest } = serverFieldErrors(err);
      if (fields.length) form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      setBanner(rest ? `${t('works.form.serverError')}${rest}` : null);
      if (fields[0]) form.scrollToField(fields[0].name as never);
    },
  });

  const reload = async () => {
    if (!work) return;
    setConflict(false);
    await qc.invalidateQueries({ queryKey: worksKeys.detail(work.id) });
  };

  const req = (field: string): Rule => ({ required: true, message: t('works.form.required', { field }) });
  const areaRule = (i: number): Rule => ({
    validator: async () => {
      const u = form.getFieldValue(['units', i]) as FormValues['units'][number] | undefined;
      if (!u) return;
      const { grossAreaM2: g, protectedAreaM2: p, shelterAreaM2: s } = u;
      if (g !== null && p !== null && s !== null && (s > p + 1e-6 || p > g + 1e-6)) throw new Error(t('works.form.areasOrder'));
    },
  });
  const subtypeOptions = workClass ? options(WORK_SUBTYPES[workClass]) : [];
  const allSubtypes = options('subtype');
  const area = { min: 0, max: 10_000_000, precision: 2, style: { width: '100%' } };

  return (
    <div className="page works-form">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {work ? t('works.form.editTitle', { name: work.name }) : t('works.form.createTitle')}
        </Typography.Title>
      </div>
      {conflict && (
        <Alert
          type="error"
          showIcon
          title={t('works.form.conflictTitle')}
          description={t('works.form.conflictBody')}
          action={
            <Button icon={<ReloadOutlined />} onClick={() => void reload()} data-testid="conflict-reload">
              {t('works.reload')}
            </Button>
          }
          style={{ marginBottom: 12 }}
          data-testid="conflict-alert"
        />
      )}
      {banner && <Alert type="error" showIcon title={banner} closable onClose={() => setBanner(null)} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form<FormValues>
        form={form}
        name="work"
        layout="vertical"
        initialValues={initial}
        onFinish={() => {
          setBanner(null);
          // onFinish hands over only the fields that have an input; inside a list (units) that drops every
          // field without one, and the PATCH would then replace them with nulls. The whole store keeps them.
          save.mutate({ ...initial, ...(form.getFieldsValue(true) as FormValues) });
        }}
        scrollToFirstError
      >
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
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
              {!work && (
                <Col xs={24} md={12}>
                  <Form.Item name="lifecycleState" label={t('works.form.initialState')}>
                    <Select options={options(LIFECYCLE_STATES.filter((s) => s.code !== 'demolished' && s.code !== 'scrapped'))} />
                  </Form.Item>
                </Col>
              )}
            </Row>
          </Card>

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
                <Form.Item name="subtype" label={t('works.field.subtype')}>
                  <Select allowClear options={subtypeOptions} disabled={!workClass} />
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
                <Form.Item
                  name="parentProject"
                  label={t('works.field.parentProject')}
                  dependencies={['constructionForm']}
                  rules={[
                    { max: 128 },
                    ({ getFieldValue }) => ({
                      // The server's rule too: a 结建 work (basement shelter) names the building project it belongs to.
                      validator: async (_r, v: string | null | undefined) => {
                        if (getFieldValue('constructionForm') === 'attached' && !v?.trim()) throw new Error(t('works.form.parentProjectRequired'));
                      },
                    }),
                  ]}
                >
                  <Input maxLength={128} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

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
                            <InputNumber {...area} onChange={() => void form.validateFields([['units', f.name, 'shelterAreaM2']])} />
                          </Form.Item>
                        </Col>
                        <Col xs={8} md={4}>
                          <Form.Item name={[f.name, 'protectedAreaM2']} label={t('works.field.protectedAreaM2')} rules={[req(t('works.field.protectedAreaM2'))]}>
                            <InputNumber {...area} onChange={() => void form.validateFields([['units', f.name, 'shelterAreaM2']])} />
                          </Form.Item>
                        </Col>
                        <Col xs={8} md={4}>
                          <Form.Item name={[f.name, 'shelterAreaM2']} label={t('works.field.shelterAreaM2')} rules={[req(t('works.field.shelterAreaM2')), areaRule(f.name)]}>
                            <InputNumber {...area} />
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
                        <Form.Item
                          name={[f.name, 'widthM']}
                          label={`${t('works.entrance.widthM')} (m)`}
                          rules={[req(t('works.entrance.widthM')), { type: 'number', min: 0.01, max: 100 }]}
                        >
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

          <Card size="small" title={t('works.form.sectionUse')}>
            <Row gutter={16}>
              <Col xs={12} md={6}>
                <Form.Item name="parkingTotal" label={t('works.form.parkingTotal')}>
                  <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item
                  name="parkingPublic"
                  label={t('works.form.publicSpaces')}
                  dependencies={['parkingTotal']}
                  rules={[
                    { type: 'number', min: 0, max: 100000 },
                    ({ getFieldValue }) => ({
                      validator: async (_r, v: number | null | undefined) => {
                        const total = getFieldValue('parkingTotal') as number | null | undefined;
                        if (typeof v === 'number' && typeof total === 'number' && v > total) throw new Error(t('works.form.publicAboveTotal'));
                      },
                    }),
                  ]}
                >
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
              {cooling && (
                <>
                  <Col xs={12} md={4}>
                    <Form.Item name="coolingSeasonStart" label={t('works.form.seasonStart')} rules={[req(t('works.form.seasonStart')), { pattern: /^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, message: t('works.form.monthDay') }]}>
                      <Input placeholder="06-15" maxLength={5} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name="coolingSeasonEnd" label={t('works.form.seasonEnd')} rules={[req(t('works.form.seasonEnd')), { pattern: /^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, message: t('works.form.monthDay') }]}>
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
              )}
            </Row>
            <Typography.Text strong>{t('works.form.otherUses')}</Typography.Text>
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
                        <Form.Item
                          name={[f.name, 'contractStart']}
                          label={t('works.form.contractStart')}
                          rules={[req(t('works.form.contractStart'))]}
                          getValueProps={(v: string | undefined) => ({ value: v ? dayjs(v) : undefined })}
                          normalize={(d: dayjs.Dayjs | null) => d?.format('YYYY-MM-DD')}
                        >
                          <DatePicker style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={10} md={5}>
                        <Form.Item
                          name={[f.name, 'contractEnd']}
                          label={t('works.form.contractEnd')}
                          dependencies={[['otherUses', f.name, 'contractStart']]}
                          rules={[
                            req(t('works.form.contractEnd')),
                            ({ getFieldValue }) => ({
                              validator: async (_r, v: string | undefined) => {
                                const start = getFieldValue(['otherUses', f.name, 'contractStart']) as string | undefined;
                                if (v && start && v < start) throw new Error(t('works.form.contractEndBeforeStart'));
                              },
                            }),
                          ]}
                          getValueProps={(v: string | undefined) => ({ value: v ? dayjs(v) : undefined })}
                          normalize={(d: dayjs.Dayjs | null) => d?.format('YYYY-MM-DD')}
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
          </Card>

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
        </Space>
        <div className="works-form-actions">
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} disabled={conflict} data-testid="work-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => navigate(work ? `/works/${work.id}` : '/works')}>{t('common.cancel')}</Button>
            {work && (
              <Typography.Text type="secondary">
                {lbl('lifecycleState', work.lifecycleState)} · {t('works.field.version')} {work.version}
              </Typography.Text>
            )}
          </Space>
        </div>
      </Form>
    </div>
  );
}

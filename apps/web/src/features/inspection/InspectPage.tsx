import {
  AimOutlined,
  CameraOutlined,
  CheckCircleFilled,
  CloudUploadOutlined,
  DeleteOutlined,
  EnvironmentOutlined,
  ExclamationCircleFilled,
  LeftOutlined,
  MinusCircleFilled,
} from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Drawer, Empty, Input, Modal, Popconfirm, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { INSPECTION_CHECKLIST, type InspectionResult } from '@civdef/domain';
import { useQuery } from '@tanstack/react-query';
import { Suspense, lazy, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { PageLoading } from '../../layout/PageLoading.tsx';
import { formatTime } from '../../lib/time.ts';
import { useLabels } from '../works/labels.ts';
import type { InspectionSubmission, LngLat, NearestWork } from '../works/types.ts';
import { upkeepApi } from '../works/upkeepApi.ts';
import { useInvalidateWorks, worksApi } from '../works/worksApi.ts';
import { resizePhoto, type ResizedPhoto } from './photo.ts';
import { newClientId, queueStore, syncQueue, type QueuedInspection, type SyncResult } from './queue.ts';
import './inspect.css';

const PickOnMap = lazy(() => import('./PickOnMap.tsx'));
const MAX_PHOTOS = 10;
const RETRY_MS = 30_000;

interface Fix {
  location: LngLat;
  accuracyM?: number;
}

/** The answers of a checklist item, each with the icon that marks it once chosen (colour and icon, not colour alone). */
const RESULT_OPTIONS: Array<{ value: InspectionResult; icon: ReactNode }> = [
  { value: 'ok', icon: <CheckCircleFilled /> },
  { value: 'problem', icon: <ExclamationCircleFilled /> },
  { value: 'na', icon: <MinusCircleFilled /> },
];

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

/** The outbox and its syncing: on load, when the browser comes back online, every 30 s, and on demand. */
function useOutbox(online: boolean) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateWorks();
  const [items, setItems] = useState<QueuedInspection[]>([]);
  const [syncing, setSyncing] = useState(false);
  const refresh = useCallback(async () => setItems(await queueStore.all().catch(() => [])), []);
  // The load, the online event, the timer, a submit and the button may all ask for a sync at once: they share
  // one run (syncQueue) and so one result, which is announced once — not once per caller (32 identical toasts).
  const announced = useRef<SyncResult | null>(null);
  const sync = useCallback(
    async (quiet = false) => {
      if (!navigator.onLine) return;
      setSyncing(true);
      try {
        const r = await syncQueue(upkeepApi.submitInspections);
        if (r.done && announced.current !== r) {
          announced.current = r;
          if (!quiet || r.done > 0) message.success({ key: 'inspect-synced', content: t('inspect.synced', { count: r.done }) });
          invalidate();
        }
      } finally {
        setSyncing(false);
        await refresh();
      }
    },
    [refresh, message, t, invalidate],
  );
  useEffect(() => {
    void refresh().then(() => sync(true));
  }, [refresh, sync]);
  useEffect(() => {
    if (online) void sync(true);
  }, [online, sync]);
  useEffect(() => {
    const timer = setInterval(() => {
      if (navigator.onLine) void sync(true);
    }, RETRY_MS);
    return () => clearInterval(timer);
  }, [sync]);
  return { items, syncing, sync, refresh };
}

/** 现场巡检: phone page for field staff — nearest works, checklist, photos, GPS, offline outbox. */
export default function InspectPage() {
  const { t } = useTranslation();
  const online = useOnline();
  const outbox = useOutbox(online);
  const [work, setWork] = useState<NearestWork | null>(null);
  const [fix, setFix] = useState<Fix | null>(null);
  const [queueOpen, setQueueOpen] = useState(false);
  const pending = outbox.items.length;

  return (
    <div className="inspect-page" data-testid="inspect-page">
      <div className="inspect-bar">
        <Space size={6}>
          {work && <Button type="text" icon={<LeftOutlined />} onClick={() => setWork(null)} aria-label={t('inspect.back')} />}
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('inspect.title')}
          </Typography.Title>
        </Space>
        <Space size={6}>
          <Tag color={online ? 'green' : 'default'} data-testid="online-state" data-online={online ? 'true' : 'false'}>
            {online ? t('inspect.online') : t('inspect.offline')}
          </Tag>
          <Badge count={pending} size="small">
            <Button size="small" icon={<CloudUploadOutlined />} onClick={() => setQueueOpen(true)} data-testid="queue-open" data-count={pending}>
              {t('inspect.queue', { count: pending })}
            </Button>
          </Badge>
        </Space>
      </div>
      {work ? (
        <InspectionForm
          work={work}
          fix={fix}
          onFix={setFix}
          onDone={async () => {
            setWork(null);
            await outbox.refresh();
            void outbox.sync();
          }}
        />
      ) : (
        <FindWork fix={fix} onFix={setFix} onChoose={setWork} />
      )}
      <Drawer title={t('inspect.queue', { count: pending })} placement="bottom" open={queueOpen} onClose={() => setQueueOpen(false)} size="large">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Button
            type="primary"
            block
            icon={<CloudUploadOutlined />}
            loading={outbox.syncing}
            disabled={!online || !pending}
            onClick={() => void outbox.sync()}
            data-testid="queue-sync"
          >
            {outbox.syncing ? t('inspect.syncing') : t('inspect.syncNow')}
          </Button>
          {/* Plain rows: antd's List is deprecated (it warns on every render, an error in the console). */}
          <div className="inspect-queue" data-testid="queue-list">
            {outbox.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inspect.queueEmpty')} />}
            {outbox.items.map((q) => (
              <div key={q.submission.clientId} className="inspect-queue-item">
                <div className="inspect-queue-text">
                  <div className="inspect-work-name">{`${q.workName} (${q.workCode})`}</div>
                  <Space orientation="vertical" size={0}>
                    <Typography.Text type="secondary">{t('inspect.queuedAt', { time: formatTime(q.queuedAt, false) })}</Typography.Text>
                    {q.rejected ? (
                      <Typography.Text type="danger">{t('inspect.rejected', { message: q.rejected.message ?? q.rejected.code ?? '' })}</Typography.Text>
                    ) : (
                      <Tag>{t('inspect.pending')}</Tag>
                    )}
                  </Space>
                </div>
                <Popconfirm title={t('inspect.discardConfirm')} onConfirm={() => void queueStore.remove(q.submission.clientId).then(outbox.refresh)}>
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('inspect.discard')} />
                </Popconfirm>
              </div>
            ))}
          </div>
        </Space>
      </Drawer>
    </div>
  );
}

function formatDistance(m: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  return m >= 1000 ? t('inspect.distanceKm', { distance: (m / 1000).toFixed(1) }) : t('inspect.distance', { distance: Math.round(m) });
}

function useGeolocation(onFix: (f: Fix) => void) {
  const { t } = useTranslation();
  const [locating, setLocating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setError(t('inspect.geoUnsupported'));
      return;
    }
    setLocating(true);
    setError(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        onFix({ location: [pos.coords.longitude, pos.coords.latitude], accuracyM: pos.coords.accuracy });
      },
      (err) => {
        setLocating(false);
        setError(t('inspect.geoDenied', { message: err.message || String(err.code) }));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  }, [onFix, t]);
  return { locate, locating, error };
}

function FindWork({ fix, onFix, onChoose }: { fix: Fix | null; onFix: (f: Fix) => void; onChoose: (w: NearestWork) => void }) {
  const { t } = useTranslation();
  const { lbl } = useLabels();
  const geo = useGeolocation(onFix);
  const [picking, setPicking] = useState(false);
  const [q, setQ] = useState('');
  const nearest = useQuery({
    queryKey: ['works', 'nearest', fix?.location],
    queryFn: () => worksApi.nearest(fix!.location[0], fix!.location[1], 10),
    enabled: !!fix,
  });
  const search = useQuery({
    queryKey: ['works', 'inspect-search', q],
    queryFn: () => worksApi.list({ q, page: 1, pageSize: 10 }),
    enabled: q.length > 0,
  });
  const results: NearestWork[] = q
    ? (search.data?.items ?? []).map((w) => ({ ...w, distanceM: Number.NaN }))
    : (nearest.data?.items ?? []);
  const busy = q ? search.isFetching : nearest.isFetching;
  const err = q ? search.error : nearest.error;

  return (
    <div className="inspect-body">
      <Card size="small" className="inspect-card">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Button type="primary" size="large" block icon={<AimOutlined />} loading={geo.locating} onClick={geo.locate} data-testid="locate">
            {geo.locating ? t('inspect.locating') : t('inspect.locate')}
          </Button>
          {fix && (
            <Typography.Text type="secondary" data-testid="fix">
              <EnvironmentOutlined /> {fix.location[0].toFixed(5)}, {fix.location[1].toFixed(5)}
              {fix.accuracyM !== undefined && ` · ${t('inspect.located', { accuracy: Math.round(fix.accuracyM) })}`}
            </Typography.Text>
          )}
          {geo.error && <Alert type="warning" showIcon title={geo.error} data-testid="geo-error" />}
          <Space.Compact block>
            <Button icon={<EnvironmentOutlined />} onClick={() => setPicking(true)} data-testid="pick-open">
              {t('inspect.pickOnMap')}
            </Button>
            <Input.Search allowClear placeholder={t('inspect.searchPlaceholder')} onSearch={(v) => setQ(v.trim())} data-testid="inspect-search" />
          </Space.Compact>
        </Space>
      </Card>
      <Typography.Text strong className="inspect-heading">
        {q ? t('common.search') : t('inspect.findNearest')}
      </Typography.Text>
      {err && <Alert type="error" showIcon title={err.message} />}
      {busy && !results.length ? (
        <Spin style={{ display: 'block', margin: 24 }} />
      ) : !results.length ? (
        (fix || q) && <Empty description={t('inspect.noneNearby')} />
      ) : (
        <div className="inspect-nearest" data-testid="nearest-list">
          {results.map((w) => (
            <Card key={w.id} size="small" className="inspect-work" onClick={() => onChoose(w)} hoverable data-testid={`nearest-${w.code}`}>
              <div className="inspect-work-row">
                <div>
                  <div className="inspect-work-name">{w.name}</div>
                  <Typography.Text type="secondary">
                    {w.code} · {lbl('workClass', w.workClass)}
                  </Typography.Text>
                  {w.address && <div className="inspect-work-address">{w.address}</div>}
                </div>
                {Number.isFinite(w.distanceM) && <Tag color="blue">{formatDistance(w.distanceM, t)}</Tag>}
              </div>
            </Card>
          ))}
        </div>
      )}
      <Modal open={picking} title={t('inspect.pickOnMap')} footer={null} onCancel={() => setPicking(false)} destroyOnHidden width={640}>
        <Suspense fallback={<PageLoading />}>
          <PickOnMap
            onPick={(p) => {
              onFix({ location: p });
              setQ('');
              setPicking(false);
            }}
          />
        </Suspense>
      </Modal>
    </div>
  );
}

function InspectionForm({ work, fix, onFix, onDone }: { work: NearestWork; fix: Fix | null; onFix: (f: Fix) => void; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { language } = useLabels();
  const geo = useGeolocation(onFix);
  const [results, setResults] = useState<Record<string, InspectionResult>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [generalNote, setGeneralNote] = useState('');
  const [photos, setPhotos] = useState<ResizedPhoto[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    const next: ResizedPhoto[] = [];
    for (const f of [...files].slice(0, MAX_PHOTOS - photos.length)) {
      try {
        next.push(await resizePhoto(f));
      } catch {
        message.error(f.name);
      }
    }
    setPhotos((p) => [...p, ...next]);
    if (fileRef.current) fileRef.current.value = '';
  };

  const submit = async () => {
    const checked = Object.entries(results);
    if (!checked.length) return setError(t('inspect.allUnchecked'));
    if (checked.some(([k, r]) => r === 'problem' && !notes[k]?.trim())) return setError(t('inspect.problemNeedsNote'));
    setError(null);
    setBusy(true);
    const submission: InspectionSubmission = {
      clientId: newClientId(),
      workId: work.id,
      inspectedAt: new Date().toISOString(),
      ...(fix ? { location: [Number(fix.location[0].toFixed(7)), Number(fix.location[1].toFixed(7))] as LngLat } : {}),
      ...(fix?.accuracyM !== undefined ? { accuracyM: Math.min(100_000, fix.accuracyM) } : {}),
      checklist: checked.map(([item, result]) => ({ item, result, ...(notes[item]?.trim() ? { note: notes[item]!.trim().slice(0, 500) } : {}) })),
      findings: checked
        .filter(([, r]) => r === 'problem')
        .map(([item]) => ({ category: item, description: notes[item]!.trim().slice(0, 1000) })),
      ...(generalNote.trim() ? { notes: generalNote.trim().slice(0, 2000) } : {}),
      photos: photos.map(({ fileName, mediaType, dataBase64 }) => ({ fileName, mediaType, dataBase64 })),
    };
    try {
      // Queued first, always: a crash or a lost answer between here and the server cannot lose it.
      await queueStore.put({ submission, workName: work.name, workCode: work.code, queuedAt: submission.inspectedAt, attempts: 0 });
      message.success(navigator.onLine ? t('inspect.submitted') : t('inspect.queuedOffline'));
      await onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="inspect-body" data-testid="inspect-form">
      <Card size="small" className="inspect-card">
        <div className="inspect-work-name">{work.name}</div>
        <Typography.Text type="secondary">{work.code}</Typography.Text>
        {work.address && <div className="inspect-work-address">{work.address}</div>}
      </Card>
      <div className="inspect-heading inspect-checklist-heading">
        <Typography.Text strong>{t('inspect.checklist')}</Typography.Text>
        {/* Most items are fine on most visits: one tap marks them all, so only problems need taps of their own. */}
        <Button
          size="large"
          icon={<CheckCircleFilled />}
          data-testid="all-ok"
          onClick={() => setResults((r) => Object.fromEntries(INSPECTION_CHECKLIST.map((c) => [c.code, r[c.code] && r[c.code] !== 'ok' ? r[c.code]! : 'ok'])))}
        >
          {t('inspect.allOk')}
        </Button>
      </div>
      <Card size="small" className="inspect-card">
        {INSPECTION_CHECKLIST.map((c) => (
          <div key={c.code} className="inspect-check" data-testid={`check-${c.code}`}>
            <div className="inspect-check-label">{language === 'en' ? c.en : c.zh}</div>
            <Segmented
              block
              className={results[c.code] ? `inspect-answer inspect-answer-${results[c.code]}` : 'inspect-answer'}
              value={results[c.code] ?? ''}
              onChange={(v) => setResults((r) => ({ ...r, [c.code]: v as InspectionResult }))}
              options={RESULT_OPTIONS.map((o) => ({
                value: o.value,
                label: (
                  <span className="inspect-answer-label" data-testid={`answer-${c.code}-${o.value}`}>
                    {results[c.code] === o.value && o.icon} {t(`inspect.result.${o.value}`)}
                  </span>
                ),
              }))}
            />
            {results[c.code] === 'problem' && (
              <Input.TextArea
                className="inspect-problem"
                rows={2}
                maxLength={500}
                placeholder={t('inspect.problemNote')}
                value={notes[c.code] ?? ''}
                onChange={(e) => setNotes((n) => ({ ...n, [c.code]: e.target.value }))}
                data-testid={`note-${c.code}`}
              />
            )}
          </div>
        ))}
      </Card>
      <Typography.Text strong className="inspect-heading">
        {t('inspect.photos')}
      </Typography.Text>
      <Card size="small" className="inspect-card">
        <div className="inspect-photos">
          {photos.map((p, i) => (
            <div key={i} className="inspect-photo">
              <img src={p.dataUrl} alt="" />
              <Button size="small" shape="circle" danger icon={<DeleteOutlined />} onClick={() => setPhotos((ps) => ps.filter((_, j) => j !== i))} />
            </div>
          ))}
        </div>
        <input
          ref={fileRef}
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          hidden
          onChange={(e) => void addPhotos(e.target.files)}
          data-testid="photo-input"
        />
        <Button block icon={<CameraOutlined />} disabled={photos.length >= MAX_PHOTOS} onClick={() => fileRef.current?.click()}>
          {t('inspect.addPhoto')}
        </Button>
        <Typography.Text type="secondary" className="inspect-hint">
          {t('inspect.photoHelp')}
        </Typography.Text>
      </Card>
      <Card size="small" className="inspect-card">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <div>
            <Typography.Text strong>{t('inspect.gps')}：</Typography.Text>
            <Typography.Text data-testid="form-fix">
              {fix ? `${fix.location[0].toFixed(6)}, ${fix.location[1].toFixed(6)}${fix.accuracyM !== undefined ? ` (±${Math.round(fix.accuracyM)} m)` : ''}` : t('inspect.gpsNone')}
            </Typography.Text>
          </div>
          <Button icon={<AimOutlined />} loading={geo.locating} onClick={geo.locate}>
            {t('inspect.recordGps')}
          </Button>
          {geo.error && <Alert type="warning" showIcon title={geo.error} />}
          <Input.TextArea rows={3} maxLength={2000} placeholder={t('inspect.notes')} value={generalNote} onChange={(e) => setGeneralNote(e.target.value)} />
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={error} data-testid="inspect-error" />}
      <div className="inspect-submit">
        <Button type="primary" size="large" block loading={busy} onClick={() => void submit()} data-testid="inspect-submit">
          {t('inspect.submit')}
        </Button>
      </div>
    </div>
  );
}

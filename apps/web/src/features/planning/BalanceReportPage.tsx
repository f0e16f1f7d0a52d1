import { BALANCE_STATUSES } from '@civdef/domain';
import { Button, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useBalance, type AreaBalance } from './planningApi.ts';
import './report.css';

const fmt = (n: number | null | undefined, d = 0) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN', { maximumFractionDigits: d, minimumFractionDigits: d }));
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

/**
 * 人防掩蔽平衡报告: the balance of one area and its sub-areas as a print-ready page (A4, @media print hides the
 * console around it and the buttons), with the three largest deficits named, for a meeting or a file.
 */
export default function BalanceReportPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const [params] = useSearchParams();
  const parent = params.get('parent') ?? undefined;
  const balance = useBalance(parent);
  const b = balance.data;
  if (!b) return <Spin style={{ margin: 48 }} />;
  const status = (c: string) => {
    const s = BALANCE_STATUSES.find((x) => x.code === c);
    return s ? (zh ? s.zh : s.en) : c;
  };
  const worst = [...b.children].filter((a) => a.placesSurplus < 0).sort((x, y) => x.placesSurplus - y.placesSurplus).slice(0, 3);
  const row = (a: AreaBalance, total = false) => (
    <tr key={a.code} className={total ? 'total' : a.placesSurplus < 0 ? 'deficit' : undefined}>
      <td>{a.name}</td><td>{a.code}</td><td className="n">{fmt(a.people)}</td><td className="n">{pct(a.stayRatio)}</td><td className="n">{fmt(a.peopleStaying)}</td>
      <td className="n">{fmt(a.places)}</td><td className="n">{fmt(a.placesPerPerson, 2)}</td><td className="n">{fmt(a.civilDefenceAreaM2)}</td><td className="n">{fmt(a.m2PerPerson, 2)}</td>
      <td className="n">{a.placesSurplus > 0 ? `+${fmt(a.placesSurplus)}` : fmt(a.placesSurplus)}</td><td>{status(a.status)}</td>
    </tr>
  );
  return (
    <div className="balance-report" data-testid="balance-report">
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => window.print()}>{t('planx.print.print')}</Button>
        <Link to="/planning">{t('planx.print.back')}</Link>
      </Space>
      <h1>{b.parent.name} · {t('planx.print.title')}</h1>
      <p className="meta">{t('planx.print.generated', { at: new Date().toLocaleString('zh-CN') })}</p>
      <p>{t('planx.print.summary', { staying: fmt(b.parent.peopleStaying), places: fmt(b.parent.places), surplus: fmt(b.parent.placesSurplus), m2: fmt(b.parent.m2PerPerson, 2), min: b.target.min, max: b.target.max })}</p>
      {worst.length > 0 && <p data-testid="report-worst">{t('planx.print.worst', { list: worst.map((a) => `${a.name}（${fmt(a.placesSurplus)}）`).join('、') })}</p>}
      <table>
        <thead>
          <tr>
            <th>{t('planning.col.area')}</th><th>{t('population.regionCode')}</th><th>{t('planning.col.people')}</th><th>{t('planning.col.stayRatio')}</th>
            <th>{t('planning.col.peopleStaying')}</th><th>{t('planning.col.places')}</th><th>{t('planning.col.placesPerPerson')}</th><th>{t('planx.print.areaM2')}</th>
            <th>{t('planning.col.m2PerPerson')}</th><th>{t('planning.col.placesSurplus')}</th><th>{t('planning.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {b.children.map((a) => row(a))}
          {row(b.parent, true)}
        </tbody>
      </table>
      <p className="meta">{t('planx.print.note', { m2: b.defaults.areaPerPersonM2, ratio: pct(b.defaults.stayRatio) })}</p>
    </div>
  );
}

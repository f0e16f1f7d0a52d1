/**
 * The "drawn on the map" part of a warning area, shared by the alert draft and the test-day schedule: a drawing map
 * over the sirens (grey; the map draws the jurisdiction's outlines itself) and, while corners are placed, how many
 * sirens they enclose. The server decides by PostGIS when the form is sent, and refuses an area outside the
 * jurisdiction; this count is what the officer sees before that.
 */
import { pointInRing } from '@civdef/domain';
import { Form } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DrawMap, type LngLat } from '../map/DrawMap.tsx';
import { closedPolygon } from '../map/shapes.ts';
import { useSirensGeoJson } from '../map/useMapData.ts';

/** The form field `polygon` (corners, unclosed) with its map; `testId` names the map for tests. */
export function DrawnAreaField({ testId }: { testId: string }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const corners = Form.useWatch('polygon', form) as LngLat[] | undefined;
  const sirens = useSirensGeoJson();
  const context = (sirens.data as FeatureCollection | undefined) ?? null;
  const sirensInside = useMemo(() => {
    if (!corners || corners.length < 3) return 0;
    return (sirens.data?.features ?? []).filter((f) => pointInRing(f.geometry.coordinates as LngLat, corners)).length;
  }, [corners, sirens.data]);
  return (
    <Form.Item name="polygon" label={t('warning.alerts.areaDrawn')}
      extra={corners && corners.length >= 3 ? t('warning.alerts.sirensInside', { n: sirensInside }) : t('warning.alerts.areaDrawnHelp')}
      rules={[{ validator: (_, v?: LngLat[]) => (!v || v.length === 0 || v.length >= 3 ? Promise.resolve() : Promise.reject(new Error(t('map.draw.polygon')))) }]}>
      <DrawMap mode="polygon" testId={testId} height={260} context={context} />
    </Form.Item>
  );
}

/** The drawn area as the API takes it (`{ polygon }`, closed), or nothing when fewer than three corners are placed. */
export const drawnAreaOf = (corners: LngLat[] | undefined) => (corners && corners.length >= 3 ? { polygon: closedPolygon(corners) } : {});

/** Whether the form's area has a drawn part (three corners or more). */
export const hasDrawnArea = (corners: LngLat[] | undefined) => (corners?.length ?? 0) >= 3;

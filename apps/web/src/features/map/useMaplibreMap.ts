/**
 * The one MapLibre set-up of the console's maps (一张图, the registry map, the pickers, planning, coverage, response):
 * the style from the server's configuration, the container, the ready state and the no-WebGL error, the standard
 * controls, the county boundaries, the debug handle and the clean-up. A map component gives only what is its own: the first view,
 * the handlers it binds once (`setup`) and the sources and layers it adds when the style has loaded (`onLoad`).
 *
 * Resizing needs nothing here: MapLibre watches its container with a ResizeObserver (`trackResize`), so a map in a
 * tab, a collapsing side menu or a modal redraws at its new size.
 *
 * @example
 * const { containerRef, mapRef, ready, error } = useMaplibreMap({ scale: true, onLoad: (map) => map.addSource(…) });
 * if (error) return <Alert type="warning" showIcon title={error} />;
 * return <div ref={containerRef} style={{ height: 400 }} data-ready={ready ? 'true' : 'false'} />;
 */
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import type { PublicConfig } from '../../api/types.ts';
import { usePublicConfig } from '../config/usePublicConfig.ts';
import { SOURCE_IDS, baseStyle, buildStyle } from './mapStyle.ts';
import { useBoundaries } from './useMapData.ts';

// The bundler moves the worker; tell MapLibre where it went (same origin, so a strict CSP is fine).
maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };

declare global {
  interface Window {
    /** The map instance, for browser tests and debugging (development builds or `?debug`). */
    __civdefMap?: maplibregl.Map;
  }
}

export function debugMapEnabled(): boolean {
  return import.meta.env.MODE !== 'production' || new URLSearchParams(window.location.search).has('debug');
}

export interface MaplibreMapOptions {
  /** `base` (default): background, basemap and boundaries; `full`: the one-map page's style with works and sirens. */
  style?: 'base' | 'full';
  /** The first view; default: the city's extent with 30 px padding. */
  view?: (config: PublicConfig) => Partial<maplibregl.MapOptions>;
  /** Zoom buttons, top right (default true). */
  navigation?: boolean;
  /** A metric scale bar, bottom left (default false). */
  scale?: boolean;
  /** Fill the style's county boundaries once the map is ready (default true): without them a map is a blank canvas. */
  boundaries?: boolean;
  /** Expose the map as `window.__civdefMap` for browser tests (development builds or `?debug`); one map per page should. */
  expose?: boolean;
  /** Bound once, right after the map is created; may answer a clean-up run before the map is removed. */
  setup?: (map: maplibregl.Map) => void | (() => void);
  /** Runs when the style has loaded, before `ready` turns true: add the map's own sources and layers here. */
  onLoad?: (map: maplibregl.Map) => void;
  /** The map is created again when this changes (e.g. a page's fixed set of layers). */
  recreateKey?: string;
}

export interface MaplibreMap {
  /** Put on the element the map draws into. */
  containerRef: React.RefObject<HTMLDivElement | null>;
  /** The map while it exists (before it is ready too); null before creation and after clean-up. */
  mapRef: React.RefObject<maplibregl.Map | null>;
  /** True once the style has loaded and `onLoad` ran: sources may be filled. */
  ready: boolean;
  /** Why there is no map: MapLibre could not be created (no WebGL). */
  error: string | null;
  config: ReturnType<typeof usePublicConfig>;
}

export function useMaplibreMap(options: MaplibreMapOptions = {}): MaplibreMap {
  const config = usePublicConfig();
  const boundaries = useBoundaries();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Handlers are bound once per map; they read the newest options through this ref.
  const latest = useRef(options);
  latest.current = options;
  const data = config.data;
  const { recreateKey, boundaries: withBoundaries = true } = options;

  useEffect(() => {
    const container = containerRef.current;
    if (!container || !data) return;
    const o = latest.current;
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container,
        style: o.style === 'full' ? buildStyle(data.basemap) : baseStyle(data.basemap),
        maxZoom: 18,
        attributionControl: data.basemap?.attribution ? { compact: true } : false,
        // Keeps the canvas readable by screenshots and print-to-PDF.
        canvasContextAttributes: { preserveDrawingBuffer: true },
        ...(o.view ? o.view(data) : { bounds: data.city.bbox, fitBoundsOptions: { padding: 30 } }),
      });
    } catch (err) {
      setError((err as Error).message);
      return;
    }
    mapRef.current = map;
    if (o.navigation !== false) map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    if (o.scale) map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    // A missing basemap tile must not break our own layers (MapLibre already logs it). Error events are no sign of a
    // failed map either: MapLibre also raises them for a query on a source not added yet (the registry map's marker
    // sync runs on every render, from before the load). The style itself is our own object, checked by mapStyle.test.
    map.on('error', () => undefined);
    const cleanup = o.setup?.(map);
    map.on('load', () => {
      latest.current.onLoad?.(map);
      setReady(true);
    });
    if (o.expose && debugMapEnabled()) window.__civdefMap = map;
    return () => {
      cleanup?.();
      if (window.__civdefMap === map) delete window.__civdefMap;
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, [data, recreateKey]);

  useEffect(() => {
    if (!ready || !withBoundaries || !boundaries.data) return;
    (mapRef.current?.getSource(SOURCE_IDS.boundaries) as GeoJSONSource | undefined)?.setData(boundaries.data);
  }, [ready, withBoundaries, boundaries.data]);

  return { containerRef, mapRef, ready, error, config };
}

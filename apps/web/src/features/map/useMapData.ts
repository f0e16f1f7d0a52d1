import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client.ts';
import { endpoints } from '../../api/endpoints.ts';
import { VEHICLE_POLL_MS } from './vehicleLayer.ts';
import { useCan } from '../auth/useSession.ts';

export function useWorksGeoJson() {
  const can = useCan();
  return useQuery({ queryKey: ['map', 'works'], queryFn: endpoints.works, enabled: can('works:read') || can('map:read') });
}

export function useSirensGeoJson() {
  const can = useCan();
  return useQuery({ queryKey: ['map', 'sirens'], queryFn: endpoints.sirens, enabled: can('sirens:read') || can('map:read') });
}

export function useBoundaries() {
  return useQuery({ queryKey: ['regions', 'boundaries'], queryFn: endpoints.boundaries, staleTime: Infinity });
}

export function useRegions() {
  const can = useCan();
  return useQuery({ queryKey: ['regions', 'list'], queryFn: endpoints.regions, staleTime: Infinity, enabled: can('regions:read') });
}

/**
 * The mobile command vehicles, polled while the map is open (like the other live counts of the console): their
 * positions come from telemetry, so the map follows a driving vehicle without a reload. Needs command:read.
 */
export function useVehiclesGeoJson() {
  const can = useCan();
  return useQuery({
    queryKey: ['map', 'command-vehicles'],
    queryFn: () => call('get', '/api/map/command-vehicles'),
    enabled: can('command:read'),
    refetchInterval: VEHICLE_POLL_MS,
  });
}

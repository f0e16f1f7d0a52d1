import { useQuery } from '@tanstack/react-query';
import { endpoints } from '../../api/endpoints.ts';
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

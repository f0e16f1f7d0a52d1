import { useQuery } from '@tanstack/react-query';
import { endpoints } from '../../api/endpoints.ts';

export const publicConfigKey = ['config', 'public'] as const;

/** City, basemap, demo flag and password policy: needed before sign-in, fixed for the page's life. */
export function usePublicConfig() {
  return useQuery({ queryKey: publicConfigKey, queryFn: endpoints.publicConfig, staleTime: Infinity, retry: 2 });
}

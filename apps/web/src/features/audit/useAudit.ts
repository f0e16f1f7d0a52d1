import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { endpoints, type AuditQuery } from '../../api/endpoints.ts';

export function useAuditLog(query: AuditQuery) {
  return useQuery({ queryKey: ['audit', query], queryFn: () => endpoints.audit(query), placeholderData: keepPreviousData });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: endpoints.verifyAudit });
}

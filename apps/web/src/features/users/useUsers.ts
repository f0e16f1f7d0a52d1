import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLE_DEFINITIONS, type Role } from '@civdef/domain';
import { ApiError } from '../../api/client.ts';
import { endpoints } from '../../api/endpoints.ts';
import type { RoleInfo, User, UserCreate } from '../../api/types.ts';

export function useUserList(q: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['users', { q, page, pageSize }],
    queryFn: () => endpoints.users({ q, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

/** The server's role list; the shared domain definitions stand in if the server has no /api/roles. */
async function fetchRoles(): Promise<{ items: RoleInfo[] }> {
  try {
    return await endpoints.roles();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { items: Object.values(ROLE_DEFINITIONS).map((r) => ({ ...r, permissions: [...r.permissions] })) };
    throw err;
  }
}

export function useRoles() {
  return useQuery({ queryKey: ['roles'], queryFn: fetchRoles, staleTime: Infinity });
}

export function useRegionList() {
  return useQuery({ queryKey: ['regions', 'list'], queryFn: endpoints.regions, staleTime: Infinity });
}

/** The create-user form's values: the body of POST /api/users. */
export type UserInput = UserCreate;

/** Every user write refreshes the list (and the audit log, which records it). */
function useUserMutation<A, R>(fn: (arg: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['users'] });
      void qc.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

export const useCreateUser = () => useUserMutation((u: UserInput) => endpoints.createUser(u));
export const useUpdateUser = () =>
  useUserMutation(({ id, ...body }: { id: User['id']; displayName?: string; roles?: Role[]; regionCode?: string }) =>
    endpoints.updateUser(id, body),
  );
export const useLockUser = () => useUserMutation(({ id, lock }: { id: User['id']; lock: boolean }) => (lock ? endpoints.lockUser(id) : endpoints.unlockUser(id)));
export const useResetPassword = () => useUserMutation(({ id, password }: { id: User['id']; password: string }) => endpoints.resetPassword(id, password));

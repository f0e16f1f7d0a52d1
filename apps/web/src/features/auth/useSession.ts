import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Permission } from '@civdef/domain';
import { ApiError, setCsrfToken } from '../../api/client.ts';
import { endpoints } from '../../api/endpoints.ts';
import type { Me, Session } from '../../api/types.ts';
import { solveChallenge } from './proofOfWork.ts';

export const sessionKey = ['session'] as const;

/** The signed-in session, or null when there is none (401 is an answer here, not an error). */
async function fetchSession(): Promise<Session | null> {
  try {
    const s = await endpoints.me();
    setCsrfToken(s.csrfToken);
    return s;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.code === 'AUTH_REQUIRED')) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 5 * 60_000, retry: 1 });
}

/** The signed-in user; only call below <RequireAuth>, which guarantees one. */
export function useMe(): Me {
  const { data } = useSession();
  if (!data) throw new Error('useMe() outside a signed-in route');
  return data.user;
}

export function useCan(): (p: Permission) => boolean {
  const { data } = useSession();
  const perms = new Set(data?.user.permissions ?? []);
  return (p) => perms.has(p);
}

/** The server's answers that ask the sign-in to carry a solved challenge (a fresh one after a failed one). */
const CHALLENGE_CODES = new Set(['AUTH_CHALLENGE_REQUIRED', 'AUTH_CHALLENGE_FAILED']);

/**
 * Signs in. When the name has failed too often the server asks for a proof-of-work challenge: the hook fetches
 * one, solves it (`verifying` is true meanwhile, for the page to say so) and sends the sign-in again with it,
 * so the user only waits a moment. At most two rounds: a third request for one is shown as an error.
 */
export function useLogin() {
  const qc = useQueryClient();
  const [verifying, setVerifying] = useState(false);
  const mutation = useMutation({
    mutationFn: async ({ username, password }: { username: string; password: string }) => {
      let challenge: { id: string; nonce: string } | undefined;
      for (let round = 0; ; round++) {
        try {
          return await endpoints.login(username, password, challenge);
        } catch (err) {
          if (!(err instanceof ApiError && CHALLENGE_CODES.has(err.code)) || round >= 2) throw err;
        }
        setVerifying(true);
        try {
          const c = await endpoints.loginChallenge(username);
          challenge = { id: c.id, nonce: await solveChallenge(c) };
        } finally {
          setVerifying(false);
        }
      }
    },
    onSuccess: (s) => {
      setCsrfToken(s.csrfToken);
      // Data from a previous session must never show to the next user.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'config' });
      qc.setQueryData(sessionKey, s);
    },
  });
  return { ...mutation, verifying };
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => endpoints.logout(),
    onSettled: () => {
      setCsrfToken(null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'config' && q.queryKey[0] !== 'session' });
      qc.setQueryData(sessionKey, null);
    },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ currentPassword, newPassword }: { currentPassword: string; newPassword: string }) =>
      endpoints.changePassword(currentPassword, newPassword),
    // The server rotates the session and CSRF token: read them again.
    onSuccess: async () => {
      const s = await fetchSession();
      qc.setQueryData(sessionKey, s);
    },
  });
}

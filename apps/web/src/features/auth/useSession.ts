import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { use, useState } from 'react';
import type { Permission } from '@civdef/domain';
import { ApiError, setCsrfToken } from '../../api/client.ts';
import { endpoints } from '../../api/endpoints.ts';
import type { Me, Session } from '../../api/types.ts';
import { solveChallenge } from './proofOfWork.ts';

export const sessionKey = ['session'] as const;

/** The signed-in session, or null when there is none (asked of a route that answers "none" with 200, not 401). */
async function fetchSession(): Promise<Session | null> {
  const { session } = await endpoints.session();
  setCsrfToken(session?.csrfToken ?? null);
  return session;
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 5 * 60_000, retry: 1 });
}

/** Never settles: what a signed-in page waits on once the session is gone. */
const SIGNED_OUT: Promise<never> = new Promise(() => undefined);

/**
 * The signed-in user; only call below <RequireAuth>, which guarantees one. Right after a sign-out a page can
 * still render once without a session: a lazily loaded page's chunk arriving then renders its subtree alone,
 * before <RequireAuth> above it has replaced it with the sign-in page. It suspends there (and is then unmounted)
 * instead of throwing, which React reported as an uncaught error.
 */
export function useMe(): Me {
  const { data } = useSession();
  if (!data) return use(SIGNED_OUT);
  return data.user;
}

/** Drops every cached answer but the public configuration and the session: nothing of one session may show to the next. */
export function forgetSessionData(qc: QueryClient): void {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'config' && q.queryKey[0] !== 'session' });
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
      forgetSessionData(qc);
      qc.setQueryData(sessionKey, s);
    },
  });
  return { ...mutation, verifying };
}

/** Resolves once no query is fetching, or after `maxMs`. */
async function readsSettled(qc: QueryClient, maxMs: number): Promise<void> {
  const until = Date.now() + maxMs;
  while (qc.isFetching() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Signs out. `onSignedOut` runs when the server has ended the session (or failed to): pass it here, not to
 * `mutate`, because the page that asked is already gone by then.
 */
export function useLogout(onSignedOut?: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      // The pages go first, so none of them sends another read; reads already sent finish before the session
      // ends (a moment at most). Otherwise they reached the server after the sign-out and came back 401.
      qc.setQueryData(sessionKey, null);
      await readsSettled(qc, 3000);
      await endpoints.logout();
    },
    // The sign-in page drops the previous session's cached reads once its pages are gone (forgetSessionData):
    // removing them here, while the pages were still mounted, made those pages fetch again, signed out.
    onSettled: () => {
      setCsrfToken(null);
      qc.setQueryData(sessionKey, null);
      onSignedOut?.();
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

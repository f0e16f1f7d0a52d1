import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Button, Result } from 'antd';
import { lazy, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes, useNavigate } from 'react-router-dom';
import { ApiError, onUnauthorized } from './api/client.ts';
import { ChangePasswordPage } from './features/auth/ChangePasswordPage.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { RequireAuth } from './features/auth/RequireAuth.tsx';
import { sessionKey } from './features/auth/useSession.ts';
import { LocaleProvider } from './i18n/LocaleProvider.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { RequirePermission } from './layout/RequirePermission.tsx';

// maplibre-gl is about a megabyte: load it only with the map page.
const MapPage = lazy(() => import('./features/map/MapPage.tsx'));
const UsersPage = lazy(() => import('./features/users/UsersPage.tsx'));
const AuditPage = lazy(() => import('./features/audit/AuditPage.tsx'));
const WorksPage = lazy(() => import('./features/works/WorksPage.tsx'));
const WorkDetailPage = lazy(() => import('./features/works/WorkDetailPage.tsx'));
const WorkFormPage = lazy(() => import('./features/works/WorkFormPage.tsx'));
const ImportPage = lazy(() => import('./features/works/ImportPage.tsx'));
const InspectPage = lazy(() => import('./features/inspection/InspectPage.tsx'));
const RegulationPage = lazy(() => import('./features/regulation/RegulationPage.tsx'));
const QuizPage = lazy(() => import('./features/quiz/QuizPage.tsx'));
const DashboardPage = lazy(() => import('./features/dashboard/DashboardPage.tsx'));
const UpkeepOverviewPage = lazy(() => import('./features/works/UpkeepOverviewPage.tsx'));
const MaintenanceSchedulesPage = lazy(() => import('./features/works/MaintenanceSchedulesPage.tsx'));
const SirensPage = lazy(() => import('./features/warning/SirensPage.tsx'));
const FaultsPage = lazy(() => import('./features/warning/FaultsPage.tsx'));
const AlertsPage = lazy(() => import('./features/warning/AlertsPage.tsx'));
const SirenTestsPage = lazy(() => import('./features/warning/SirenTestsPage.tsx'));
const ChannelsPage = lazy(() => import('./features/warning/ChannelsPage.tsx'));
const PlanningPage = lazy(() => import('./features/planning/PlanningPage.tsx'));
const ZoningPage = lazy(() => import('./features/planning/ZoningPage.tsx'));
const CoveragePage = lazy(() => import('./features/coverage/CoveragePage.tsx'));
const SirenGroupsPage = lazy(() => import('./features/coverage/SirenGroupsPage.tsx'));
const BalanceReportPage = lazy(() => import('./features/planning/BalanceReportPage.tsx'));
const CommandPage = lazy(() => import('./features/command/CommandPage.tsx'));
const TeamsPage = lazy(() => import('./features/command/TeamsPage.tsx'));
const RollcallPage = lazy(() => import('./features/command/RollcallPage.tsx'));
const DispatchPage = lazy(() => import('./features/command/DispatchPage.tsx'));
const PlansPage = lazy(() => import('./features/response/PlansPage.tsx'));
const DrillsPage = lazy(() => import('./features/response/DrillsPage.tsx'));
const EvacuationPage = lazy(() => import('./features/response/EvacuationPage.tsx'));
const TargetsPage = lazy(() => import('./features/response/TargetsPage.tsx'));
const CountPage = lazy(() => import('./features/response/CountPage.tsx'));

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Retrying a 4xx only repeats the refusal.
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      },
    },
  });
}

/** Turns a lost session (401) or a pending forced password change (403) into navigation, once, here. */
function SessionWatcher({ client }: { client: QueryClient }) {
  const { message } = AntApp.useApp();
  const { t } = useTranslation();
  const navigate = useNavigate();
  useEffect(() => {
    onUnauthorized(() => {
      if (client.getQueryData(sessionKey)) message.warning(t('auth.sessionExpired'));
      client.setQueryData(sessionKey, null);
      navigate('/login', { replace: true });
    });
    const unsub = client.getQueryCache().subscribe((ev) => {
      const err = ev.query.state.error;
      if (ev.type === 'updated' && err instanceof ApiError && err.code === 'AUTH_PASSWORD_CHANGE_REQUIRED') {
        void client.invalidateQueries({ queryKey: sessionKey });
      }
    });
    return () => {
      onUnauthorized(null);
      unsub();
    };
  }, [client, message, navigate, t]);
  return null;
}

function NotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('errors.notFound')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('errors.backHome')}
        </Button>
      }
    />
  );
}

export function App() {
  const [client] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={client}>
      <LocaleProvider>
        <BrowserRouter>
          <SessionWatcher client={client} />
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/password" element={<ChangePasswordPage />} />
            <Route
              element={
                <RequireAuth>
                  <AppLayout />
                </RequireAuth>
              }
            >
              <Route
                index
                element={
                  <RequirePermission permission="map:read">
                    <MapPage />
                  </RequirePermission>
                }
              />
              <Route path="sirens" element={<RequirePermission permission="sirens:read"><SirensPage /></RequirePermission>} />
              <Route path="siren-faults" element={<RequirePermission permission="sirens:read"><FaultsPage /></RequirePermission>} />
              <Route path="alerts" element={<RequirePermission permission="sirens:read"><AlertsPage /></RequirePermission>} />
              <Route path="alert-channels" element={<RequirePermission permission="sirens:read"><ChannelsPage /></RequirePermission>} />
              <Route path="command" element={<RequirePermission permission="command:read"><CommandPage /></RequirePermission>} />
              <Route path="teams" element={<RequirePermission permission="command:read"><TeamsPage /></RequirePermission>} />
              <Route path="rollcall" element={<RequirePermission permission="teams:rollcall"><RollcallPage /></RequirePermission>} />
              <Route path="dispatch" element={<RequirePermission permission="command:read"><DispatchPage /></RequirePermission>} />
              <Route path="response/plans" element={<RequirePermission permission="response:read"><PlansPage /></RequirePermission>} />
              <Route path="response/drills" element={<RequirePermission permission="response:read"><DrillsPage /></RequirePermission>} />
              <Route path="response/evacuation" element={<RequirePermission permission="response:read"><EvacuationPage /></RequirePermission>} />
              <Route path="response/targets" element={<RequirePermission permission="response:read"><TargetsPage /></RequirePermission>} />
              <Route path="response/count" element={<RequirePermission permission="response:count"><CountPage /></RequirePermission>} />
              <Route path="siren-tests" element={<RequirePermission permission="sirens:read"><SirenTestsPage /></RequirePermission>} />
              <Route path="planning/zoning" element={<RequirePermission permission="planning:read"><ZoningPage /></RequirePermission>} />
              <Route path="coverage" element={<RequirePermission permission="sirens:read"><CoveragePage /></RequirePermission>} />
              <Route path="siren-groups" element={<RequirePermission permission="sirens:read"><SirenGroupsPage /></RequirePermission>} />
              <Route path="planning/report" element={<RequirePermission permission="planning:read"><BalanceReportPage /></RequirePermission>} />
              <Route
                path="planning"
                element={
                  <RequirePermission permission="planning:read">
                    <PlanningPage />
                  </RequirePermission>
                }
              />
              <Route
                path="overview"
                element={
                  <RequirePermission permission="works:read">
                    <DashboardPage />
                  </RequirePermission>
                }
              />
              <Route
                path="works"
                element={
                  <RequirePermission permission="works:read">
                    <WorksPage />
                  </RequirePermission>
                }
              />
              <Route
                path="works/new"
                element={
                  <RequirePermission permission="works:write">
                    <WorkFormPage />
                  </RequirePermission>
                }
              />
              <Route
                path="works/import"
                element={
                  <RequirePermission permission="works:import">
                    <ImportPage />
                  </RequirePermission>
                }
              />
              <Route
                path="works/:id"
                element={
                  <RequirePermission permission="works:read">
                    <WorkDetailPage />
                  </RequirePermission>
                }
              />
              <Route
                path="works/:id/edit"
                element={
                  <RequirePermission permission="works:write">
                    <WorkFormPage />
                  </RequirePermission>
                }
              />
              <Route
                path="upkeep"
                element={
                  <RequirePermission permission="works:read">
                    <UpkeepOverviewPage />
                  </RequirePermission>
                }
              />
              <Route
                path="maintenance-schedules"
                element={
                  <RequirePermission permission="system:config">
                    <MaintenanceSchedulesPage />
                  </RequirePermission>
                }
              />
              <Route
                path="inspect"
                element={
                  <RequirePermission permission="works:inspect">
                    <InspectPage />
                  </RequirePermission>
                }
              />
              <Route
                path="quiz"
                element={
                  <RequirePermission permission="quiz:read">
                    <QuizPage />
                  </RequirePermission>
                }
              />
              <Route
                path="regulation"
                element={
                  <RequirePermission permission="enforcement:read">
                    <RegulationPage />
                  </RequirePermission>
                }
              />
              <Route
                path="users"
                element={
                  <RequirePermission permission="users:read">
                    <UsersPage />
                  </RequirePermission>
                }
              />
              <Route
                path="audit"
                element={
                  <RequirePermission permission="audit:read">
                    <AuditPage />
                  </RequirePermission>
                }
              />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </LocaleProvider>
    </QueryClientProvider>
  );
}

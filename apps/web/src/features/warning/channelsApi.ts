/** CAP exchange and channel endpoints (sources, incoming CAP, agency subscriptions, SMS lists, deliveries) and their hooks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';

export type CapSource = ResponseOf<'/api/cap-sources', 'get'>['items'][number];
export type IncomingItem = ResponseOf<'/api/cap-incoming', 'get'>['items'][number];
export type IncomingDetail = ResponseOf<'/api/cap-incoming/{id}', 'get'>;
export type Subscription = ResponseOf<'/api/channels/subscriptions', 'get'>['items'][number];
export type SmsList = ResponseOf<'/api/channels/sms-lists', 'get'>['items'][number];
export type SmsGateway = ResponseOf<'/api/channels/sms-gateway', 'get'>;
export type ChannelDelivery = ResponseOf<'/api/alerts/{id}/channel-deliveries', 'get'>['items'][number];

export const channelsApi = {
  sources: () => call('get', '/api/cap-sources'),
  createSource: (body: BodyOf<'/api/cap-sources', 'post'>) => call('post', '/api/cap-sources', { body }),
  updateSource: (id: number, body: BodyOf<'/api/cap-sources/{id}', 'post'>) => call('post', '/api/cap-sources/{id}', { params: { id }, body }),
  pollSource: (id: number) => call('post', '/api/cap-sources/{id}/poll', { params: { id } }),
  incoming: () => call('get', '/api/cap-incoming', { query: { page: 1, pageSize: 100 } }),
  incomingOne: (id: number) => call('get', '/api/cap-incoming/{id}', { params: { id } }),
  relay: (id: number, body: BodyOf<'/api/cap-incoming/{id}/relay', 'post'>) => call('post', '/api/cap-incoming/{id}/relay', { params: { id }, body }),
  subscriptions: () => call('get', '/api/channels/subscriptions'),
  createSubscription: (body: BodyOf<'/api/channels/subscriptions', 'post'>) => call('post', '/api/channels/subscriptions', { body }),
  updateSubscription: (id: number, body: BodyOf<'/api/channels/subscriptions/{id}', 'post'>) => call('post', '/api/channels/subscriptions/{id}', { params: { id }, body }),
  rotateKey: (id: number, body: BodyOf<'/api/channels/subscriptions/{id}/rotate-key', 'post'>) => call('post', '/api/channels/subscriptions/{id}/rotate-key', { params: { id }, body }),
  smsGateway: () => call('get', '/api/channels/sms-gateway'),
  rotateSmsKey: (body: BodyOf<'/api/channels/sms-gateway/rotate-key', 'post'>) => call('post', '/api/channels/sms-gateway/rotate-key', { body }),
  retireSmsKey: (id: number) => call('post', '/api/channels/sms-gateway/keys/{id}/retire', { params: { id } }),
  smsLists: () => call('get', '/api/channels/sms-lists'),
  createSmsList: (body: BodyOf<'/api/channels/sms-lists', 'post'>) => call('post', '/api/channels/sms-lists', { body }),
  updateSmsList: (id: number, body: BodyOf<'/api/channels/sms-lists/{id}', 'post'>) => call('post', '/api/channels/sms-lists/{id}', { params: { id }, body }),
  deliveries: (alertId: number) => call('get', '/api/alerts/{id}/channel-deliveries', { params: { id: alertId } }),
};

export const useCapSources = (enabled: boolean) => useQuery({ queryKey: ['channels', 'sources'], queryFn: channelsApi.sources, enabled });
export const useIncoming = () => useQuery({ queryKey: ['channels', 'incoming'], queryFn: channelsApi.incoming, refetchInterval: 15_000 });
export const useIncomingOne = (id: number | null) => useQuery({ queryKey: ['channels', 'incoming', id], queryFn: () => channelsApi.incomingOne(id!), enabled: id !== null });
export const useSubscriptions = (enabled: boolean) => useQuery({ queryKey: ['channels', 'subscriptions'], queryFn: channelsApi.subscriptions, enabled });
export const useSmsGateway = (enabled: boolean) => useQuery({ queryKey: ['channels', 'sms-gateway'], queryFn: channelsApi.smsGateway, enabled });
export const useSmsLists = (enabled: boolean) => useQuery({ queryKey: ['channels', 'sms-lists'], queryFn: channelsApi.smsLists, enabled });
/** An alert's agency pushes and SMS, polled every 2 s while any is still pending. */
export const useChannelDeliveries = (alertId: number) => useQuery({
  queryKey: ['alerts', 'channel-deliveries', alertId], queryFn: () => channelsApi.deliveries(alertId),
  refetchInterval: (q) => (q.state.data?.items.some((d) => d.state === 'pending') ? 2000 : false),
});

/** A write that refreshes the channel pages, the alerts (a relay drafts one) and the audit log. */
export function useChannelsMutation<A, R>(fn: (arg: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['channels'] }), qc.invalidateQueries({ queryKey: ['alerts'] }), qc.invalidateQueries({ queryKey: ['audit'] })]),
  });
}

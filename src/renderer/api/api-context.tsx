import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import type { ApiClient } from '../../shared/contract/client';
import { eventAffects, isChannelName } from '../../shared/contract/channel-routing';
import type { Api, ChannelInput, ChannelName, ChannelOutput } from '../../shared/contract';

const ApiContext = createContext<ApiClient | null>(null);

export function createQueryClient(): QueryClient {
  // The replica is local: data is fresh until the core says a table changed.
  return new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false }, mutations: { retry: false } } });
}

/**
 * Provides the typed API and refetches exactly the queries the core's change reports can affect:
 * those reading a changed table and, for a chat's own data, only the chats that changed.
 */
export function ApiProvider({ client, queryClient, children }: { client: ApiClient; queryClient: QueryClient; children: ReactNode }) {
  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type !== 'tables.changed') return;
        void queryClient.invalidateQueries({
          predicate: (query) => {
            const [channel, input] = query.queryKey;
            return isChannelName(channel) && eventAffects(event, channel, input);
          },
        });
      }),
    [client, queryClient],
  );
  return (
    <ApiContext.Provider value={client}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ApiContext.Provider>
  );
}

export function useApi(): Api {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside ApiProvider');
  return client.api;
}

export function useApiQuery<K extends ChannelName>(
  channel: K,
  input: ChannelInput<K>,
  options?: Omit<UseQueryOptions<ChannelOutput<K>>, 'queryKey' | 'queryFn'>,
) {
  const api = useApi();
  const call = api[channel] as (input: ChannelInput<K>) => Promise<ChannelOutput<K>>;
  return useQuery({ queryKey: [channel, input], queryFn: () => call(input), ...options });
}

export function useApiCommand<K extends ChannelName>(channel: K) {
  const api = useApi();
  const call = api[channel] as (input: ChannelInput<K>) => Promise<ChannelOutput<K>>;
  return useMutation({ mutationFn: (input: ChannelInput<K>) => call(input) });
}

export { useQueryClient };

'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { ArrivalFocus } from './wizard/forward';
import { Toaster } from './ui/toast';

/** Browser-side state: react-query for server state, toasts for saved/sent, focus after "Send and continue". */
export function Providers({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: true } } }));
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <Toaster />
      <ArrivalFocus />
    </QueryClientProvider>
  );
}

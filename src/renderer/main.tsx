import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../shared/contract/client';
import { ApiProvider, createQueryClient } from './api/api-context';
import { createTransport } from './api/transports';
import { App } from './App';
import { setupI18n } from './i18n/setup-i18n';
import './styles.css';
import './console.css';
import './handoff.css';

async function start() {
  await setupI18n();
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <ApiProvider client={createApiClient(createTransport())} queryClient={createQueryClient()}>
        <App />
      </ApiProvider>
    </StrictMode>,
  );
}

void start();

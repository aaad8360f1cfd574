import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../api/api-context';

export function StatusBar() {
  const { t } = useTranslation();
  const status = useApiQuery('sync.status', {});
  if (!status.data) return <footer className="status-bar" />;
  const { connection, pendingCount, rejectedCount } = status.data;
  return (
    <footer className="status-bar" role="status">
      <span className={`connection connection-${connection}`}>{t(`sync.${connection}`)}</span>
      {pendingCount > 0 && <span className="pending">{t('sync.pending', { count: pendingCount })}</span>}
      {rejectedCount > 0 && <span className="rejected">{t('sync.rejected', { count: rejectedCount })}</span>}
    </footer>
  );
}

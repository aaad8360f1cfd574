import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiCommand, useApiQuery } from '../api/api-context';
import { formatTime } from '../i18n/format';

/** What the agent must always be able to see: connected or not, and what has not reached the server yet. */
// Memoised: it has no props, and the console re-renders around it on every chat switch.
export const StatusBar = memo(function StatusBar() {
  const { t, i18n } = useTranslation();
  const status = useApiQuery('sync.status', {});
  const syncNow = useApiCommand('sync.now');
  if (!status.data) return <footer className="status-bar" />;
  const { connection, pendingCount, rejectedCount, lastSyncAt, bootstrap } = status.data;
  return (
    <footer className="status-bar" role="status" data-connection={connection}>
      <span className={`connection connection-${connection}`}>{t(`sync.${connection}`)}</span>
      {bootstrap && (
        <label className="bootstrap-progress">
          {t('sync.bootstrap', { received: bootstrap.received, total: bootstrap.total })}
          <progress max={Math.max(bootstrap.total, 1)} value={bootstrap.received} />
        </label>
      )}
      {pendingCount > 0 && <span className="pending">{t('sync.pending', { count: pendingCount })}</span>}
      {rejectedCount > 0 && <span className="rejected">{t('sync.rejected', { count: rejectedCount })}</span>}
      {lastSyncAt && connection !== 'local' && <span className="last-sync">{t('sync.lastSync', { time: formatTime(lastSyncAt, i18n.language) })}</span>}
      {connection !== 'local' && connection !== 'update_required' && (
        <button type="button" className="sync-now" disabled={syncNow.isPending} onClick={() => syncNow.mutate({})}>
          {t('sync.now')}
        </button>
      )}
    </footer>
  );
});

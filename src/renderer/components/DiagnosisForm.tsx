import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Diagnosis } from '../../shared/tickets/diagnosis';
import { IMPACTS, RISKS, ROOT_CAUSES, URGENCIES } from '../../shared/tickets/process';
import { useApi } from '../api/api-context';
import { ActionResult } from './ActionResult';
import { useAction } from './use-action';

type Solution = Diagnosis['solutions'][number];
const EMPTY_SOLUTION: Solution = { description: '', timeNeeded: '', risk: 'low' };
const SOLUTION_SLOTS = [0, 1] as const;

const pick = <T extends string>(list: readonly T[], value: string): T | null => list.find((item) => item === value) ?? null;

/**
 * 快速診斷, in the order the standard walks it: classify (account, type, impact, urgency) → clarify →
 * root cause → one or two solutions with the time they need and their risk → who follows up, by
 * when, and when the customer hears next. Saved as a whole with ticket.diagnose.
 */
export function DiagnosisForm({ ticketId, diagnosis }: { ticketId: string; diagnosis: Diagnosis }) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = useId();
  const { busy, message, run } = useAction();
  const [value, setValue] = useState<Diagnosis>(diagnosis);
  const [solutions, setSolutions] = useState<Solution[]>(() => SOLUTION_SLOTS.map((i) => diagnosis.solutions[i] ?? EMPTY_SOLUTION));
  const classify = (patch: Partial<Diagnosis['classification']>) => setValue((v) => ({ ...v, classification: { ...v.classification, ...patch } }));
  const followUp = (patch: Partial<Diagnosis['followUp']>) => setValue((v) => ({ ...v, followUp: { ...v.followUp, ...patch } }));
  const solution = (index: number, patch: Partial<Solution>) => setSolutions((list) => list.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const saved = diagnosis.rootCause !== null || diagnosis.solutions.length > 0 || diagnosis.clarification !== '';

  return (
    <details className="diagnosis" open={!saved}>
      <summary>{t('console:diagnosis.title')}</summary>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          // An untouched second solution is not a solution.
          const filled = solutions.filter((s) => s.description.trim() !== '');
          void run(() => api['ticket.diagnose']({ ticketId, diagnosis: { ...value, solutions: filled } }), t('console:diagnosis.saved'));
        }}
      >
        <fieldset>
          <legend>{t('console:diagnosis.step.classify')}</legend>
          <label className="form-field">
            <span>{t('console:diagnosis.account')}</span>
            <input value={value.classification.account} onChange={(event) => classify({ account: event.target.value })} />
          </label>
          <label className="form-field">
            <span>{t('console:diagnosis.problemType')}</span>
            <input value={value.classification.problemType} onChange={(event) => classify({ problemType: event.target.value })} />
          </label>
          <label className="form-field">
            <span>{t('ticket-admin:diagnosis.errorText')}</span>
            <input value={value.classification.errorText} placeholder={t('ticket-admin:diagnosis.errorTextHint')} onChange={(event) => classify({ errorText: event.target.value })} />
          </label>
          <div className="form-row">
            <label className="form-field">
              <span>{t('console:diagnosis.impact')}</span>
              <select value={value.classification.impact ?? ''} onChange={(event) => classify({ impact: pick(IMPACTS, event.target.value) })}>
                <option value="">{t('console:diagnosis.unset')}</option>
                {IMPACTS.map((impact) => (
                  <option key={impact} value={impact}>
                    {t(`console:diagnosis.impacts.${impact}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="form-field">
              <span>{t('console:diagnosis.urgency')}</span>
              <select value={value.classification.urgency ?? ''} onChange={(event) => classify({ urgency: pick(URGENCIES, event.target.value) })}>
                <option value="">{t('console:diagnosis.unset')}</option>
                {URGENCIES.map((urgency) => (
                  <option key={urgency} value={urgency}>
                    {t(`console:diagnosis.levels.${urgency}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </fieldset>
        <label className="form-field">
          <span>{t('console:diagnosis.step.clarify')}</span>
          <textarea rows={2} value={value.clarification} onChange={(event) => setValue((v) => ({ ...v, clarification: event.target.value }))} />
        </label>
        <fieldset>
          <legend>{t('console:diagnosis.step.rootCause')}</legend>
          {ROOT_CAUSES.map((cause) => (
            <label key={cause} className="choice">
              <input type="radio" name={`${ids}-cause`} checked={value.rootCause === cause} onChange={() => setValue((v) => ({ ...v, rootCause: cause }))} />
              {t(`console:diagnosis.rootCauses.${cause}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('console:diagnosis.step.solutions')}</legend>
          {SOLUTION_SLOTS.map((index) => (
            <div key={index} className="diagnosis-solution">
              <label className="form-field">
                <span>{t('console:diagnosis.solution', { number: index + 1 })}</span>
                <input value={solutions[index]?.description ?? ''} onChange={(event) => solution(index, { description: event.target.value })} />
              </label>
              <div className="form-row">
                <label className="form-field">
                  <span>{t('console:diagnosis.timeNeeded')}</span>
                  <input value={solutions[index]?.timeNeeded ?? ''} onChange={(event) => solution(index, { timeNeeded: event.target.value })} />
                </label>
                <label className="form-field">
                  <span>{t('console:diagnosis.risk')}</span>
                  <select value={solutions[index]?.risk ?? 'low'} onChange={(event) => solution(index, { risk: pick(RISKS, event.target.value) ?? 'low' })}>
                    {RISKS.map((risk) => (
                      <option key={risk} value={risk}>
                        {t(`console:diagnosis.levels.${risk}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('console:diagnosis.step.followUp')}</legend>
          <div className="form-row">
            <label className="form-field">
              <span>{t('console:diagnosis.owner')}</span>
              <input value={value.followUp.owner} onChange={(event) => followUp({ owner: event.target.value })} />
            </label>
            <label className="form-field">
              <span>{t('console:diagnosis.eta')}</span>
              <input value={value.followUp.eta} onChange={(event) => followUp({ eta: event.target.value })} />
            </label>
            <label className="form-field">
              <span>{t('console:diagnosis.nextContact')}</span>
              <input value={value.followUp.nextContact} onChange={(event) => followUp({ nextContact: event.target.value })} />
            </label>
          </div>
        </fieldset>
        <button type="submit" disabled={busy}>
          {t('console:diagnosis.save')}
        </button>
        <ActionResult message={message} />
      </form>
    </details>
  );
}

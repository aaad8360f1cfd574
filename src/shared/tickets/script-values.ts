import type { Diagnosis } from './diagnosis';

/**
 * The stage templates' placeholders (SPEC §4; seed precise-service-diagnosis-and-templates:
 * 澄清 "關於[類別]，錯誤信息是「[文本]」", 道歉+解決 "[方案A/方案B]，預計完成時間為[時間]",
 * 確認已解決 "[清單]") filled from the chat's ticket: its category and order, and what the agent
 * wrote in the guided diagnosis. Only what is known comes back; the rest stays for the agent.
 */
export interface TicketScriptContext {
  diagnosis: Diagnosis;
  /** The ticket's category from the top, e.g. ['訂單服務', '物流問題', '快遞丟失']. */
  categoryPath: readonly string[];
  /** The order the ticket concerns. */
  orderNo: string | null;
}

export type TicketScriptValues = Partial<Record<'category' | 'errorText' | 'solution' | 'eta' | 'orderNo', string>>;

const CIRCLED = ['①', '②'];

/** One solution reads as itself; two as "①…；②…", the way the templates offer 方案A/方案B. */
function solutionText(solutions: Diagnosis['solutions']): string {
  const described = solutions.map((s) => s.description.trim()).filter((d) => d !== '');
  if (described.length <= 1) return described[0] ?? '';
  return described.map((d, i) => `${CIRCLED[i] ?? `${i + 1}.`}${d}`).join('；');
}

export function ticketScriptValues({ diagnosis, categoryPath, orderNo }: TicketScriptContext): TicketScriptValues {
  const values: TicketScriptValues = {};
  const put = (name: keyof TicketScriptValues, value: string | null | undefined) => {
    const text = value?.trim() ?? '';
    if (text !== '') values[name] = text;
  };
  // The leaf says what the problem is about (快遞丟失); the agent's own words when it has none.
  put('category', categoryPath.at(-1) ?? diagnosis.classification.problemType);
  put('errorText', diagnosis.classification.errorText);
  put('solution', solutionText(diagnosis.solutions));
  // The follow-up plan's ETA is the promise; a solution's own time is the next best.
  put('eta', diagnosis.followUp.eta || diagnosis.solutions.find((s) => s.timeNeeded.trim() !== '')?.timeNeeded);
  put('orderNo', orderNo);
  return values;
}

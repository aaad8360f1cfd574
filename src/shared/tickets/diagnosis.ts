import { z } from 'zod';
import { IMPACTS, RISKS, ROOT_CAUSES, URGENCIES } from './process';

/** 快速診斷: classify → clarify → root cause → 1–2 solutions → follow-up plan (seed precise-service-diagnosis-and-templates). */
const text = (max: number) => z.string().trim().max(max);

export const diagnosisSchema = z.object({
  classification: z
    .object({
      account: text(200).default(''),
      problemType: text(200).default(''),
      /** The exact prompt or error the customer sees (出現的具體提示): fills a script's {{errorText}}. */
      errorText: text(500).default(''),
      impact: z.enum(IMPACTS).nullable().default(null),
      urgency: z.enum(URGENCIES).nullable().default(null),
    })
    .default({ account: '', problemType: '', errorText: '', impact: null, urgency: null }),
  clarification: text(2000).default(''),
  rootCause: z.enum(ROOT_CAUSES).nullable().default(null),
  solutions: z
    .array(z.object({ description: text(1000).min(1), timeNeeded: text(100).default(''), risk: z.enum(RISKS).default('low') }))
    .max(2)
    .default([]),
  followUp: z
    .object({ owner: text(100).default(''), eta: text(100).default(''), nextContact: text(100).default('') })
    .default({ owner: '', eta: '', nextContact: '' }),
});
export type Diagnosis = z.output<typeof diagnosisSchema>;
export const EMPTY_DIAGNOSIS: Diagnosis = diagnosisSchema.parse({});

/** A ticket's stored diagnosis JSON; what no longer fits (an older or damaged value) reads as empty. */
export function parseStoredDiagnosis(json: string): Diagnosis {
  try {
    const parsed = diagnosisSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : EMPTY_DIAGNOSIS;
  } catch {
    return EMPTY_DIAGNOSIS;
  }
}

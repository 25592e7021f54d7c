/**
 * The form for a new action as tests fill it in: only what a test is about is written in the test; the
 * rest is left empty (a new, trust-wide action serving the WRES, with no indicators and no leads).
 */
import type { ActionInput } from '../../src/features/plans/inputs.js';

export function actionInput(fields: Pick<ActionInput, 'text'> & Partial<ActionInput>): ActionInput {
  return {
    status: 'new',
    theme: '',
    aim: '',
    kpiText: '',
    timescale: '',
    outcome: '',
    sustainability: '',
    serves: ['wres'],
    indicators: [],
    leads: '',
    leadUserIds: [],
    unitId: '',
    ...fields,
  };
}

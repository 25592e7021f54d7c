import {
  PAY,
  SURVEY_AGGREGATE,
  SURVEY_RESPONSES,
  BOARD,
  POPULATION,
  BENCHMARKS,
} from './pay-survey-board.js';
import { APPRAISALS, CASES, INCIDENTS, LEARNING, MOVEMENTS } from './people-events.js';
import { PANELS } from './panels.js';
import { RECRUITMENT } from './recruitment.js';
import type { Datasets } from '../../engine/index.js';
import type { DatasetId, DatasetSpec } from './types.js';
import { WORKFORCE } from './workforce.js';

export * from './types.js';
export { QUESTION_HEADER } from './pay-survey-board.js';

export const DATASETS: Readonly<Record<DatasetId, DatasetSpec>> = {
  workforce: WORKFORCE,
  recruitment: RECRUITMENT,
  cases: CASES,
  learning: LEARNING,
  appraisals: APPRAISALS,
  movements: MOVEMENTS,
  pay: PAY,
  survey_aggregate: SURVEY_AGGREGATE,
  survey_responses: SURVEY_RESPONSES,
  board: BOARD,
  incidents: INCIDENTS,
  panels: PANELS,
  population: POPULATION,
  benchmarks: BENCHMARKS,
};

/**
 * The engine dataset each loaded dataset's records feed, or null for the reference data the dashboard reads
 * itself (the local population, benchmarks). A new dataset does not compile until it is given one here.
 */
export const ENGINE_DATASET: Readonly<Record<DatasetId, keyof Datasets | null>> = {
  workforce: 'workforce',
  recruitment: 'recruitment',
  cases: 'cases',
  learning: 'learning',
  appraisals: 'appraisals',
  movements: 'movements',
  pay: 'pay',
  survey_aggregate: 'surveyAggregates',
  survey_responses: 'surveyResponses',
  board: 'board',
  incidents: 'incidents',
  panels: 'panelMembers',
  population: null,
  benchmarks: null,
};

import type { DatasetId } from '../schemas/index.js';
import type { Builder } from './context.js';
import { buildAppraisals, buildCases, buildIncidents, buildLearning, buildMovements } from './events.js';
import { buildPanels } from './panels.js';
import { buildRecruitment } from './recruitment.js';
import { buildBoard, buildPay } from './snapshots.js';
import {
  buildBenchmarks,
  buildPopulation,
  buildSurveyAggregate,
  buildSurveyResponses,
} from './survey-reference.js';
import { buildWorkforce } from './workforce.js';

export * from './context.js';
export { QUESTION_HEADER } from './survey-reference.js';

export const BUILDERS: Readonly<Record<DatasetId, Builder<unknown>>> = {
  workforce: buildWorkforce,
  recruitment: buildRecruitment,
  cases: buildCases,
  learning: buildLearning,
  appraisals: buildAppraisals,
  movements: buildMovements,
  pay: buildPay,
  survey_aggregate: buildSurveyAggregate,
  survey_responses: buildSurveyResponses,
  board: buildBoard,
  incidents: buildIncidents,
  panels: buildPanels,
  population: buildPopulation,
  benchmarks: buildBenchmarks,
};

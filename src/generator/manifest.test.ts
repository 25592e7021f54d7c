import { describe, expect, it } from 'vitest';
import { DATASET_IDS } from '../ingest/schemas/index.js';
import { GENERATED_DATASETS } from './manifest.js';

describe('the datasets the generator writes', () => {
  it('are every dataset Parity loads but respondent-level survey answers, each once', () => {
    expect([...GENERATED_DATASETS].sort()).toEqual(
      DATASET_IDS.filter((id) => id !== 'survey_responses').sort(),
    );
  });
});

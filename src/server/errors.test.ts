import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ParityError } from '../shared/errors.js';
import { describeError, STATUS_BY_CODE } from './errors.js';

describe('the web answer for every error code', () => {
  it('gives every code a status and a title on the web', () => {
    expect(Object.keys(STATUS_BY_CODE).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      const answer = describeError(new ParityError(code, 'What happened', [{ field: 'f', message: 'why' }]));
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.message).toBe('What happened why.');
    }
    expect(describeError(new ParityError('CONFLICT', 'x')).status).toBe(409);
  });

  it('tells nothing of an unexpected error’s cause', () => {
    expect(describeError(new Error('secret path /var/x'))).toEqual({
      status: 500,
      title: 'Sorry, there is a problem with the service',
      message: 'Try again later. If the problem continues, contact your Parity administrator.',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../shared/errors.js';
import { EXIT, EXIT_BY_CODE } from './exit-codes.js';

describe('the exit code for every error code', () => {
  it('gives every code an exit code on the command line', () => {
    expect(Object.keys(EXIT_BY_CODE).sort()).toEqual([...ERROR_CODES].sort());
    expect(EXIT_BY_CODE.INVALID_INPUT).toBe(EXIT.BAD_INPUT);
    expect(EXIT_BY_CODE.FORBIDDEN).toBe(EXIT.FAILURE);
  });
});

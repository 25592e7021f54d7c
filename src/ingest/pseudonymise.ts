/**
 * Staff identifiers are replaced, as they are read, by a keyed hash (HMAC-SHA-256 with the installation's
 * secret key). The same staff number always gives the same pseudonym in one installation, so datasets link;
 * without the key, the pseudonym cannot be turned back into the number, not even by trying every number.
 */
import { createHmac } from 'node:crypto';

export type Pseudonymiser = (staffNumber: string) => string;

export function createPseudonymiser(key: string): Pseudonymiser {
  if (key.length < 32) throw new Error('The pseudonymisation key must be at least 32 characters');
  return (staffNumber) => {
    // "12345678", " 12345678 " and the spreadsheet number 12345678.0 are the same person.
    const normal = staffNumber.trim().replace(/\.0+$/, '').toUpperCase();
    return `p_${createHmac('sha256', key).update(normal).digest('base64url').slice(0, 22)}`;
  };
}

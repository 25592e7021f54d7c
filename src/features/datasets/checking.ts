/**
 * Reading and checking a batch of files, with nothing from the database but what is handed in: the
 * organisation's known staff and saved column mappings. That makes it the same work whether it runs in the
 * command's own process or in a worker thread for the web server (`check.worker.ts`), where parsing a large
 * file must not stop the server answering everybody else.
 *
 * What comes back is each file's summary (everything the preview shows, and the counts) and, when asked,
 * its records already encoded as the database stores them, so the saving transaction only writes.
 */
import { loadFile, peekDataset, type LoadInput, type LoadResult } from '../../ingest/load.js';
import type { SavedMapping } from '../../ingest/mapping.js';
import { createPseudonymiser } from '../../ingest/pseudonymise.js';
import type { ReadOptions } from '../../ingest/readers/types.js';
import type { DatasetId } from '../../ingest/schemas/index.js';
import { encodeRecordChunks, type RecordChunk } from './record-chunks.js';

export interface ImportFile {
  input: LoadInput;
  dataset?: DatasetId;
  asAtDate?: string | null;
  /** A mapping the user edited; otherwise the organisation's saved mapping for the dataset is used. */
  mapping?: SavedMapping;
}

/** What checking one file found: the load result without its records, and how many there were. */
export type CheckedFile = Omit<LoadResult, 'records'> & { recordCount: number };

/** A clean file's records, ready to be written. */
export interface PreparedRecords {
  chunks: RecordChunk[];
  /** Every organisation path the records name, once each. */
  unitPaths: string[][];
}

export interface CheckContext {
  organisationName: string;
  /** Pseudonyms of the organisation's staff already loaded. */
  knownPersons: readonly string[];
  /** The organisation's units (paths, care group first): a survey file's units must be among them. */
  units?: readonly (readonly string[])[];
  /** The organisation's saved column mapping of each dataset. */
  savedMappings: Partial<Record<DatasetId, SavedMapping>>;
  pseudonymisationKey: string;
  /** Without `onProgress` when the work runs in a worker (a function cannot cross). */
  read: ReadOptions;
  /** Also encode the records of clean files for saving. */
  prepare: boolean;
}

export interface CheckOutcome {
  files: CheckedFile[];
  /** Set for each clean file when `prepare` was asked; null otherwise. */
  prepared: (PreparedRecords | null)[];
}

export function summarise(result: LoadResult): CheckedFile {
  const { records, ...rest } = result;
  return { ...rest, recordCount: records.length };
}

function prepareRecords(records: readonly unknown[]): PreparedRecords {
  const paths = new Map<string, string[]>();
  for (const r of records as { unitPath?: string[] }[])
    if (r.unitPath && r.unitPath.length > 0) paths.set(r.unitPath.join('\u0000'), r.unitPath);
  return { chunks: encodeRecordChunks(records), unitPaths: [...paths.values()] };
}

/** Reads and checks every file; workforce files first, so the other files can link to their people. */
export async function checkFiles(files: readonly ImportFile[], context: CheckContext): Promise<CheckOutcome> {
  const pseudonymise = createPseudonymiser(context.pseudonymisationKey);
  const people = new Set(context.knownPersons);
  // The units a workforce file of the same batch brings count as the organisation's (it is loaded first).
  const units = context.units ? [...context.units] : null;
  const unitKeys = new Set(units?.map((u) => u.join('\u0000')));
  const kinds = await Promise.all(
    files.map(async (f) => f.dataset ?? (await peekDataset(f.input, context.read))),
  );
  const order = files
    .map((f, i) => ({ f, i }))
    .sort((a, b) => Number(kinds[b.i] === 'workforce') - Number(kinds[a.i] === 'workforce'));
  const checked = new Array<CheckedFile>(files.length);
  const prepared = new Array<PreparedRecords | null>(files.length).fill(null);
  for (const { f, i } of order) {
    const mapping = f.mapping ?? (f.dataset ? context.savedMappings[f.dataset] : undefined);
    const result = await loadFile(f.input, {
      ...(f.dataset ? { dataset: f.dataset } : {}),
      asAtDate: f.asAtDate ?? null,
      ...(mapping ? { mapping } : {}),
      organisationName: context.organisationName,
      knownPersons: people,
      ...(units ? { units } : {}),
      pseudonymise,
      read: context.read,
    });
    if (result.dataset === 'workforce')
      for (const r of result.records as { personId: string; unitPath?: string[] }[]) {
        people.add(r.personId);
        const k = r.unitPath?.join('\u0000') ?? '';
        if (units && k !== '' && !unitKeys.has(k)) {
          unitKeys.add(k);
          units.push(r.unitPath!);
        }
      }
    checked[i] = summarise(result);
    if (context.prepare && result.ok && result.dataset !== null) prepared[i] = prepareRecords(result.records);
  }
  return { files: checked, prepared };
}

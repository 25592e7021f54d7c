/**
 * Files uploaded in the browser wait here between the preview and the confirmation, in the database so any
 * server process can finish the job. A batch belongs to the person who uploaded it and expires after a day;
 * confirming or cancelling removes it at once.
 *
 * A staged file holds staff numbers, and perhaps names and other identifiers, before pseudonymisation, so
 * it is kept sealed (see shared/sealing.ts), never raw; with SQLite's `secure_delete` on, removing it also
 * overwrites the pages it occupied. What checking found is kept beside it, so showing the preview again
 * does not read the file again.
 */
import type { Db } from '../../storage/database.js';
import { newId } from '../../shared/ids.js';
import type { Sealer } from '../../shared/sealing.js';
import type { DatasetId } from '../../ingest/schemas/index.js';
import type { CheckedFile } from './checking.js';

export const STAGING_HOURS = 24;

/** The choices the user made for one staged file in the preview. */
export interface StagedChoices {
  dataset?: DatasetId;
  asAtDate?: string | null;
  mapping?: Record<string, string>;
}

export interface StagedFile {
  id: string;
  fileName: string;
  size: number;
  choices: StagedChoices;
  /** What checking the file with these choices found; null until it has been checked. */
  check: CheckedFile | null;
}

export function stagingRepository(db: Db, sealer: Sealer) {
  return {
    async stage(input: {
      organisationId: string;
      userId: string;
      /** Each file with what checking it with `choices` found. */
      files: { fileName: string; content: Buffer; check: CheckedFile }[];
      choices: StagedChoices;
      now: Date;
    }): Promise<string> {
      const batchId = newId();
      const fileIds = input.files.map(() => newId());
      const expires = new Date(input.now.getTime() + STAGING_HOURS * 3_600_000).toISOString();
      const sealed: Buffer[] = [];
      for (const f of input.files) sealed.push(await sealer.seal(f.content));
      await db.transaction().execute(async (tx) => {
        for (const [i, f] of input.files.entries()) {
          await tx
            .insertInto('staged_uploads')
            .values({
              id: fileIds[i]!,
              organisation_id: input.organisationId,
              user_id: input.userId,
              batch_id: batchId,
              file_name: f.fileName.slice(0, 300),
              size: f.content.length,
              options_json: JSON.stringify(input.choices),
              check_json: JSON.stringify(f.check),
              created_at: input.now.toISOString(),
              expires_at: expires,
            })
            .execute();
          await tx
            .insertInto('staged_upload_contents')
            .values({ file_id: fileIds[i]!, content: sealed[i]! })
            .execute();
        }
      });
      return batchId;
    },

    /** The batch's files, only for the organisation and person who uploaded them and only until it expires. */
    async batch(batchId: string, organisationId: string, userId: string, now: Date): Promise<StagedFile[]> {
      const rows = await db
        .selectFrom('staged_uploads')
        .select(['id', 'file_name', 'size', 'options_json', 'check_json'])
        .where('batch_id', '=', batchId)
        .where('organisation_id', '=', organisationId)
        .where('user_id', '=', userId)
        .where('expires_at', '>', now.toISOString())
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        fileName: r.file_name,
        size: r.size,
        choices: JSON.parse(r.options_json) as StagedChoices,
        check: r.check_json === null ? null : (JSON.parse(r.check_json) as CheckedFile),
      }));
    },

    /** The files' contents, opened, in the order given. */
    async contents(files: readonly StagedFile[]): Promise<Buffer[]> {
      const out: Buffer[] = [];
      for (const f of files) {
        const row = await db
          .selectFrom('staged_upload_contents')
          .select('content')
          .where('file_id', '=', f.id)
          .executeTakeFirstOrThrow();
        out.push(await sealer.open(row.content));
      }
      return out;
    },

    /** New choices for a file; what was found with the old ones no longer holds. */
    async setChoices(fileId: string, choices: StagedChoices): Promise<void> {
      await db
        .updateTable('staged_uploads')
        .set({ options_json: JSON.stringify(choices), check_json: null })
        .where('id', '=', fileId)
        .execute();
    },

    async setCheck(fileId: string, check: CheckedFile): Promise<void> {
      await db
        .updateTable('staged_uploads')
        .set({ check_json: JSON.stringify(check) })
        .where('id', '=', fileId)
        .execute();
    },

    /** Removes a batch; returns how many files it held (0 when another request removed it first). */
    async discard(batchId: string): Promise<number> {
      await db
        .deleteFrom('staged_upload_contents')
        .where('file_id', 'in', db.selectFrom('staged_uploads').select('id').where('batch_id', '=', batchId))
        .execute();
      const result = await db.deleteFrom('staged_uploads').where('batch_id', '=', batchId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async purgeExpired(now: Date): Promise<void> {
      const expired = db
        .selectFrom('staged_uploads')
        .select('id')
        .where('expires_at', '<=', now.toISOString());
      await db.deleteFrom('staged_upload_contents').where('file_id', 'in', expired).execute();
      await db.deleteFrom('staged_uploads').where('expires_at', '<=', now.toISOString()).execute();
    },
  };
}

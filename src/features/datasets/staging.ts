/**
 * Files uploaded in the browser wait here between the preview and the confirmation, in the database so any
 * server process can finish the job. A batch belongs to the person who uploaded it and expires after a day.
 */
import type { Db } from '../../storage/database.js';
import { newId } from '../../shared/ids.js';
import type { DatasetId } from '../../ingest/schemas/index.js';

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
  content: Buffer;
  choices: StagedChoices;
}

export function stagingRepository(db: Db) {
  return {
    async stage(input: {
      organisationId: string;
      userId: string;
      files: { fileName: string; content: Buffer }[];
      choices: StagedChoices;
      now: Date;
    }): Promise<string> {
      const batchId = newId();
      const expires = new Date(input.now.getTime() + STAGING_HOURS * 3_600_000).toISOString();
      await db.transaction().execute(async (tx) => {
        for (const f of input.files) {
          await tx
            .insertInto('staged_uploads')
            .values({
              id: newId(),
              organisation_id: input.organisationId,
              user_id: input.userId,
              batch_id: batchId,
              file_name: f.fileName.slice(0, 300),
              size: f.content.length,
              content: f.content,
              options_json: JSON.stringify(input.choices),
              created_at: input.now.toISOString(),
              expires_at: expires,
            })
            .execute();
        }
      });
      return batchId;
    },

    /** The batch's files, only for the organisation and person who uploaded them and only until it expires. */
    async batch(batchId: string, organisationId: string, userId: string, now: Date): Promise<StagedFile[]> {
      const rows = await db
        .selectFrom('staged_uploads')
        .selectAll()
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
        content: Buffer.from(r.content),
        choices: JSON.parse(r.options_json) as StagedChoices,
      }));
    },

    async setChoices(fileId: string, choices: StagedChoices): Promise<void> {
      await db
        .updateTable('staged_uploads')
        .set({ options_json: JSON.stringify(choices) })
        .where('id', '=', fileId)
        .execute();
    },

    /** Removes a batch; returns how many files it held (0 when another request removed it first). */
    async discard(batchId: string): Promise<number> {
      const result = await db.deleteFrom('staged_uploads').where('batch_id', '=', batchId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async purgeExpired(now: Date): Promise<void> {
      await db.deleteFrom('staged_uploads').where('expires_at', '<=', now.toISOString()).execute();
    },
  };
}

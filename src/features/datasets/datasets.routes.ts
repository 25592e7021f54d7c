/**
 * Loading data in the browser: upload one or several files, see how each was read (dataset, header, which
 * column feeds which field) and every problem, adjust, and confirm; then the history of everything loaded.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgRoute, type RouteDeps } from '../../server/routing.js';
import { actorOf, errorView, field } from '../../server/forms.js';
import { formDate } from '../../shared/clock.js';
import { invalidInput, notFound, type Problem } from '../../shared/errors.js';
import { DATASET_IDS, DATASETS, type DatasetId } from '../../ingest/schemas/index.js';
import { readDate } from '../../ingest/values.js';
import { resolveSettings } from '../../engine/index.js';
import { fileDeclaration } from '../dashboard/declaration.js';
import type { Organisation } from '../organisations/organisation.js';
import type { CheckedFile, ImportFile } from './checking.js';
import type { StagedChoices, StagedFile } from './staging.js';
import { EXPORT_EXTENSION, EXPORT_FORMATS, EXPORT_MEDIA_TYPE, type ExportFormat } from './export-formats.js';

type OrgParams = { org: string };
type BatchParams = { org: string; batch: string };
type VersionParams = { org: string; version: string };

const datasetItems = (selected?: string) => [
  { value: '', text: 'Recognise from the column names', selected: !selected },
  ...DATASET_IDS.map((id) => ({ value: id, text: DATASETS[id].title, selected: selected === id })),
];

/** One previewed file, as the page shows it. */
function describeFile(file: StagedFile, result: CheckedFile, index: number) {
  const spec = result.dataset ? DATASETS[result.dataset] : null;
  const mapped = new Map((result.mapping?.columns ?? []).map((c) => [c.field, c]));
  const headers = result.header?.headers.filter((h) => h.trim() !== '') ?? [];
  return {
    index,
    id: file.id,
    result,
    spec,
    datasetItems: datasetItems(file.choices.dataset ?? result.dataset ?? undefined),
    needsAsAt: spec?.kind === 'snapshot',
    // As the box's hint asks for it (31/03/2024), though it reads either.
    asAtText: formDate(result.asAtDate ?? file.choices.asAtDate ?? ''),
    fields: (spec?.fields ?? [])
      .filter((f) => !f.key.startsWith('answer:'))
      .map((f) => {
        const current = mapped.get(f.key);
        return {
          key: f.key,
          label: f.label,
          required:
            f.required === true
              ? 'Required'
              : typeof f.required === 'object'
                ? 'One of a group is required'
                : 'Optional',
          via: current?.via ?? null,
          items: [
            { value: '', text: 'Not in this file', selected: !current },
            ...headers.map((h) => ({ value: h, text: h, selected: current?.header === h })),
          ],
        };
      }),
  };
}

export function registerDatasetRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;
  const view = { config: { access: orgRoute('data.view', 'organisation') } };
  const load = { config: { access: orgRoute('data.import', 'organisation') } };
  const staging = services.datasets.uploads;

  async function dataPage(
    reply: FastifyReply,
    org: Organisation,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    // The page's route needs an organisation-wide data role, which sees every count.
    const [versions, declaration] = await Promise.all([
      services.datasets.versions(org),
      services.dashboard.declaration(org, true),
    ]);
    const loaded = new Set(versions.filter((v) => v.status === 'active').map((v) => v.dataset));
    return reply.page(
      'datasets/views/data.njk',
      {
        versions: versions.map((v) => ({ ...v, title: DATASETS[v.dataset].title })),
        exportItems: DATASET_IDS.filter((id) => loaded.has(id)).map((id) => ({
          value: id,
          text: DATASETS[id].title,
        })),
        declaration,
        datasetItems: datasetItems(),
        maxMegabytes: deps.config.uploadMaxMegabytes,
        ...extra,
      },
      status,
    );
  }

  async function batchOf(request: FastifyRequest<{ Params: BatchParams }>): Promise<StagedFile[]> {
    const files = await staging.batch(
      request.params.batch,
      request.org!.organisation.id,
      request.auth!.principal.user.id,
      services.clock.now(),
    );
    if (files.length === 0)
      throw notFound(
        'This upload has expired, was already loaded, or was cancelled. Upload the files again.',
      );
    return files;
  }

  const importFile = (f: StagedFile, input: ImportFile['input']): ImportFile => ({ input, ...f.choices });

  /**
   * What checking each file found with its current choices: kept from the last check, or found now (in a
   * worker thread) and kept for next time.
   */
  async function checked(org: Organisation, files: StagedFile[]): Promise<CheckedFile[]> {
    if (files.every((f) => f.check !== null)) return files.map((f) => f.check!);
    const contents = await staging.contents(files);
    const results = await services.datasets.check(
      org,
      files.map((f, i) => importFile(f, { buffer: contents[i]!, fileName: f.fileName })),
      { inWorker: true },
    );
    for (const [i, f] of files.entries()) await staging.setCheck(f.id, results[i]!);
    return results;
  }

  function previewPage(
    reply: FastifyReply,
    batch: string,
    files: StagedFile[],
    results: CheckedFile[],
    status = 200,
  ) {
    const described = files.map((f, i) => describeFile(f, results[i]!, i));
    const errorList = results.flatMap((r, i) =>
      r.issues.kinds
        .filter((k) => k.severity === 'error')
        .map((k) => ({ text: `${r.file.name}: ${k.title} (${k.count})`, href: `#file-${i}-${k.kind}` })),
    );
    return reply.page(
      'datasets/views/preview.njk',
      { batch, files: described, errorList, ready: results.every((r) => r.ok) },
      status,
    );
  }

  app.get<{ Params: OrgParams }>('/o/:org/data', view, async (request, reply) =>
    dataPage(reply, request.org!.organisation),
  );

  /**
   * The current records of a dataset as a Parquet or Arrow file, for the roles that see loaded data across
   * the whole organisation (the records are not limited to a unit). A POST with the form's CSRF token: the
   * export is written to the audit trail.
   */
  app.post<{ Params: OrgParams }>('/o/:org/data/export', view, async (request, reply) => {
    const org = request.org!.organisation;
    const dataset = field(request.body, 'dataset');
    const format = field(request.body, 'format');
    const problems: Problem[] = [];
    if (!(DATASET_IDS as readonly string[]).includes(dataset))
      problems.push({ field: 'exportDataset', message: 'Choose a dataset from the list' });
    if (!(EXPORT_FORMATS as readonly string[]).includes(format))
      problems.push({ field: 'exportFormat', message: 'Choose Parquet or Arrow' });
    if (problems.length > 0) return dataPage(reply, org, { ...errorView(problems) }, 400);
    const { file } = await services.datasets.exportRecords(
      actorOf(request),
      org,
      dataset as DatasetId,
      format as ExportFormat,
    );
    const name = `${org.odsCode}-${dataset}.${EXPORT_EXTENSION[format as ExportFormat]}`;
    return reply
      .header('content-type', EXPORT_MEDIA_TYPE[format as ExportFormat])
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
  });

  const upload = {
    config: {
      ...load.config,
      upload: { field: 'files', maxFiles: 20, maxFileBytes: deps.config.uploadMaxMegabytes * 1024 * 1024 },
    },
  };

  app.post<{ Params: OrgParams }>('/o/:org/data/upload', upload, async (request, reply) => {
    const org = request.org!.organisation;
    const form = request.upload!;
    const dataset = (form.fields.dataset ?? '').trim();
    const asAtText = (form.fields.asAt ?? '').trim();
    const problems: Problem[] = [];
    if (form.files.length === 0)
      problems.push({ field: 'files', message: 'Choose one or more CSV or XLSX files to load' });
    if (dataset !== '' && !(DATASET_IDS as readonly string[]).includes(dataset))
      problems.push({ field: 'dataset', message: 'Choose a dataset from the list' });
    const asAt = readDate(asAtText);
    if (!asAt.ok) problems.push({ field: 'asAt', message: `Snapshot date: ${asAt.message}` });
    if (problems.length > 0)
      return dataPage(reply, org, { form: { dataset, asAt: asAtText }, ...errorView(problems) }, 400);
    const now = services.clock.now();
    await staging.purgeExpired(now);
    const choices: StagedChoices = {
      ...(dataset ? { dataset: dataset as DatasetId } : {}),
      asAtDate: asAt.ok ? asAt.value : null,
    };
    // Checked once, now, from the files on disk, in a worker thread; the preview shows what was found.
    const results = await services.datasets.check(
      org,
      form.files.map((f) => ({ input: { path: f.path, fileName: f.fileName }, ...choices })),
      { inWorker: true },
    );
    const files = [];
    for (const [i, f] of form.files.entries())
      files.push({ fileName: f.fileName, content: await readFile(f.path), check: results[i]! });
    const batch = await staging.stage({
      organisationId: org.id,
      userId: request.auth!.principal.user.id,
      files,
      choices,
      now,
    });
    return reply.redirect(`/o/${org.odsCode}/data/uploads/${batch}`, 303);
  });

  app.get<{ Params: BatchParams }>('/o/:org/data/uploads/:batch', load, async (request, reply) => {
    const org = request.org!.organisation;
    const files = await batchOf(request);
    return previewPage(reply, request.params.batch, files, await checked(org, files));
  });

  /** The user's corrections: dataset, snapshot date and column mapping, per file. */
  app.post<{ Params: BatchParams }>('/o/:org/data/uploads/:batch', load, async (request, reply) => {
    const org = request.org!.organisation;
    const files = await batchOf(request);
    for (const [i, file] of files.entries()) {
      const dataset = field(request.body, `dataset_${i}`);
      const choices: StagedChoices = {};
      if ((DATASET_IDS as readonly string[]).includes(dataset)) choices.dataset = dataset as DatasetId;
      const asAt = readDate(field(request.body, `asAt_${i}`));
      choices.asAtDate = asAt.ok ? asAt.value : null;
      // The column choices on the page were for the dataset shown then; they apply only if it is still chosen.
      if (choices.dataset && choices.dataset === field(request.body, `shown_${i}`)) {
        const mapping: Record<string, string> = {};
        for (const f of DATASETS[choices.dataset].fields) {
          const header = field(request.body, `map_${i}_${f.key}`);
          if (header !== '') mapping[f.key] = header;
        }
        if (Object.keys(mapping).length > 0) choices.mapping = mapping;
      }
      if (JSON.stringify(choices) !== JSON.stringify(file.choices))
        await staging.setChoices(file.id, choices);
    }
    return reply.redirect(`/o/${org.odsCode}/data/uploads/${request.params.batch}`, 303);
  });

  app.post<{ Params: BatchParams }>('/o/:org/data/uploads/:batch/confirm', load, async (request, reply) => {
    const org = request.org!.organisation;
    const files = await batchOf(request);
    const outcome = await services.datasets.importStaged(actorOf(request), org, request.params.batch, files, {
      inWorker: true,
    });
    if (!outcome.saved) {
      for (const [i, f] of files.entries()) await staging.setCheck(f.id, outcome.results[i]!);
      return previewPage(reply, request.params.batch, files, outcome.results, 400);
    }
    reply.flash(
      `Loaded ${outcome.versions.map((v) => `${v.recordCount} ${DATASETS[v.dataset].title.toLowerCase()} records from ${v.fileName}`).join('; ')}.`,
    );
    // The import is saved whatever happens next. Its overview's figures are computed now, while the person
    // who loaded the files is waiting for the import anyway, so their first view of the dashboard reads them.
    // A failure here is the engine's, not the import's: it is logged and the dashboard computes on view.
    await services.dashboard
      .ready(org)
      .catch((error: unknown) =>
        request.log.error({ err: error }, 'the figures could not be computed after an import'),
      );
    return reply.redirect(`/o/${org.odsCode}/data`, 303);
  });

  app.post<{ Params: BatchParams }>('/o/:org/data/uploads/:batch/cancel', load, async (request, reply) => {
    await batchOf(request);
    await staging.discard(request.params.batch);
    reply.flash('The upload was cancelled; nothing was loaded.');
    return reply.redirect(`/o/${request.org!.organisation.odsCode}/data`, 303);
  });

  app.get<{ Params: VersionParams }>('/o/:org/data/versions/:version', view, async (request, reply) => {
    const org = request.org!.organisation;
    const [version, settings] = await Promise.all([
      services.datasets.version(org, request.params.version),
      services.indicators.settingsOf(org),
    ]);
    const declared = version.quality
      ? fileDeclaration(
          version.quality,
          resolveSettings(settings).settings,
          DATASETS[version.dataset].kind === 'events' ? 'records' : 'people',
        )
      : null;
    return reply.page('datasets/views/version.njk', { version, declared, spec: DATASETS[version.dataset] });
  });

  app.post<{ Params: VersionParams }>(
    '/o/:org/data/versions/:version/delete',
    load,
    async (request, reply) => {
      const org = request.org!.organisation;
      if (field(request.body, 'confirm') !== 'yes')
        throw invalidInput('Tick the box to confirm that these records should be deleted', [
          { field: 'confirm', message: 'Confirm the deletion' },
        ]);
      await services.datasets.deleteVersion(actorOf(request), org, request.params.version);
      reply.flash('The records of that file were deleted. The history keeps a note of it.');
      return reply.redirect(`/o/${org.odsCode}/data`, 303);
    },
  );
}

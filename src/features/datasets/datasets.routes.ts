/**
 * Loading data in the browser: upload one or several files, see how each was read (dataset, header, which
 * column feeds which field) and every problem, adjust, and confirm; then the history of everything loaded.
 */
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../../server/app.js';
import { actorOf, errorView, field } from '../../server/forms.js';
import { orgRoute } from '../../server/routing.js';
import { conflict, invalidInput, notFound, type Problem } from '../../shared/errors.js';
import { DATASET_IDS, DATASETS, type DatasetId } from '../../ingest/schemas/index.js';
import { readDate } from '../../ingest/values.js';
import type { LoadResult } from '../../ingest/load.js';
import type { Organisation } from '../organisations/organisation.js';
import { stagingRepository, type StagedChoices, type StagedFile } from './staging.js';

type OrgParams = { org: string };
type BatchParams = { org: string; batch: string };
type VersionParams = { org: string; version: string };

const datasetItems = (selected?: string) => [
  { value: '', text: 'Recognise from the column names', selected: !selected },
  ...DATASET_IDS.map((id) => ({ value: id, text: DATASETS[id].title, selected: selected === id })),
];

function multipartFiles(body: unknown): MultipartFile[] {
  const value = (body as Record<string, unknown> | undefined)?.files;
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.filter(
    (f): f is MultipartFile =>
      typeof f === 'object' && f !== null && 'filename' in f && (f as MultipartFile).filename !== '',
  );
}

function multipartField(body: unknown, name: string): string {
  const value = (body as Record<string, { value?: unknown } | undefined> | undefined)?.[name];
  return typeof value?.value === 'string' ? value.value.trim() : '';
}

/** One previewed file, as the page shows it. */
function describeFile(file: StagedFile, result: LoadResult, index: number) {
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
    asAtText: result.asAtDate ?? file.choices.asAtDate ?? '',
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
  const staging = stagingRepository(services.db);

  async function dataPage(
    reply: FastifyReply,
    org: Organisation,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const versions = await services.datasets.versions(org);
    const latestWorkforce = versions.find((v) => v.dataset === 'workforce' && v.status === 'active') ?? null;
    return reply.page(
      'datasets/views/data.njk',
      {
        versions: versions.map((v) => ({ ...v, title: DATASETS[v.dataset].title })),
        latestWorkforce,
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

  async function check(org: Organisation, files: StagedFile[]): Promise<LoadResult[]> {
    return services.datasets.check(
      org,
      files.map((f) => ({ input: { buffer: f.content, fileName: f.fileName }, ...f.choices })),
    );
  }

  async function previewPage(
    reply: FastifyReply,
    org: Organisation,
    batch: string,
    files: StagedFile[],
    status = 200,
  ) {
    const results = await check(org, files);
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

  app.post<{ Params: OrgParams }>('/o/:org/data/upload', load, async (request, reply) => {
    const org = request.org!.organisation;
    const files = multipartFiles(request.body);
    const dataset = multipartField(request.body, 'dataset');
    const asAtText = multipartField(request.body, 'asAt');
    const problems: Problem[] = [];
    if (files.length === 0)
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
    const batch = await staging.stage({
      organisationId: org.id,
      userId: request.auth!.principal.user.id,
      files: await Promise.all(
        files.map(async (f) => ({ fileName: f.filename, content: await f.toBuffer() })),
      ),
      choices,
      now,
    });
    return reply.redirect(`/o/${org.odsCode}/data/uploads/${batch}`, 303);
  });

  app.get<{ Params: BatchParams }>('/o/:org/data/uploads/:batch', load, async (request, reply) => {
    return previewPage(reply, request.org!.organisation, request.params.batch, await batchOf(request));
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
      await staging.setChoices(file.id, choices);
    }
    return reply.redirect(`/o/${org.odsCode}/data/uploads/${request.params.batch}`, 303);
  });

  app.post<{ Params: BatchParams }>('/o/:org/data/uploads/:batch/confirm', load, async (request, reply) => {
    const org = request.org!.organisation;
    const files = await batchOf(request);
    const outcome = await services.datasets.importFiles(
      actorOf(request),
      org,
      files.map((f) => ({ input: { buffer: f.content, fileName: f.fileName }, ...f.choices })),
      {
        alsoInTransaction: async (tx) => {
          const removed = await stagingRepository(tx).discard(request.params.batch);
          if (removed !== files.length)
            throw conflict('These files were loaded by another request a moment ago.');
        },
      },
    );
    if (!outcome.saved) return previewPage(reply, org, request.params.batch, files, 400);
    reply.flash(
      `Loaded ${outcome.versions.map((v) => `${v.recordCount} ${DATASETS[v.dataset].title.toLowerCase()} records from ${v.fileName}`).join('; ')}.`,
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
    const version = await services.datasets.version(request.org!.organisation, request.params.version);
    return reply.page('datasets/views/version.njk', { version, spec: DATASETS[version.dataset] });
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

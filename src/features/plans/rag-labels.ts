/** The organisation's own words for the RAG statuses of action plans. */
import { invalidInput, type Problem } from '../../shared/errors.js';
import type { Actor } from '../audit/audit.js';
import type { Organisation } from '../organisations/organisation.js';
import { DEFAULT_RAG_LABELS, RAG_STATUSES, type RagLabels } from './plan.js';
import type { PlanContext } from './plan-context.js';
import { plansRepository } from './plans.repository.js';

export function ragLabelOperations({ db, clock, repo, stampOf, audit }: PlanContext) {
  const ragLabels = (org: Organisation) => repo.ragLabels(org.id);

  async function saveRagLabels(
    actor: Actor,
    org: Organisation,
    input: Record<string, string>,
  ): Promise<RagLabels> {
    const problems: Problem[] = [];
    const labels = { ...DEFAULT_RAG_LABELS } as Record<(typeof RAG_STATUSES)[number], string>;
    for (const s of RAG_STATUSES) {
      const text = (input[s] ?? '').trim();
      if (text === '')
        problems.push({ field: `rag-${s}`, message: `Enter the label for “${DEFAULT_RAG_LABELS[s]}”` });
      else if (text.length > 60)
        problems.push({ field: `rag-${s}`, message: 'Each label must be 60 characters or fewer' });
      labels[s] = text;
    }
    const lower = RAG_STATUSES.map((s) => labels[s].toLowerCase());
    if (new Set(lower).size !== lower.length)
      problems.push({ field: 'rag-on_track', message: 'Each RAG status needs a different label' });
    if (problems.length > 0) throw invalidInput('The labels have problems', problems);
    const before = await repo.ragLabels(org.id);
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      await plansRepository(tx).saveRagLabels(org.id, labels, stampOf(actor, now));
      await audit(
        tx,
        actor,
        now,
        org,
        'plan.settings',
        { type: 'organisation', id: org.id },
        'Changed the RAG labels of action plans',
        before,
        labels,
      );
    });
    return labels;
  }

  return { ragLabels, saveRagLabels };
}

/**
 * The plan as one self-contained, accessible HTML file to publish on a trust's website: headings in order,
 * one captioned table per indicator with column headers, RAG status in words (never colour alone), and a
 * print stylesheet (A4 landscape, headers repeated, rows kept whole). Every stored text is escaped.
 */
import { escapeHtml, toHtml } from '../markup.js';
import { ACTION_STATUS_LABELS, financialYearLabel, RAG_STATUSES, type Action } from '../plan.js';
import { groupByIndicator } from '../grouping.js';
import { describeReference } from '../references.js';
import { timescaleLabel } from '../timescale.js';
import {
  dateText,
  detailRows,
  latestOf,
  measuredKpisText,
  ownerText,
  stateOf,
  type ExportModel,
} from './model.js';
import { ACTION_STATE_LABELS, ACTION_STATES, milestoneText } from '../status.js';

const STYLE = `
body{font-family:Frutiger,Arial,sans-serif;color:#212b32;margin:2rem;line-height:1.5;font-size:1rem}
h1{font-size:2rem;margin:0 0 .25rem}h2{font-size:1.4rem;margin:2rem 0 .5rem;border-top:4px solid #005eb8;padding-top:.5rem}
.meta{color:#4c6272;margin:0 0 1.5rem}
table{border-collapse:collapse;width:100%;margin:0 0 1.5rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border:1px solid #aeb7bd;padding:.4rem .5rem;vertical-align:top;text-align:left}
thead th{background:#e8edee}
td p{margin:0 0 .4rem}td ul{margin:0 0 .4rem;padding-left:1.2rem}
.details th{width:22%}
.rag{display:inline-block;padding:0 .4rem;border:2px solid currentColor;font-weight:bold}
.rag-on_track{color:#005a30}.rag-slippage{color:#594d00}.rag-critical{color:#8a1538}.rag-complete{color:#003087}
.state{display:inline-block;padding:0 .4rem;border:2px solid currentColor;font-weight:bold}
.state-complete{color:#003087}.state-on_track{color:#005a30}.state-at_risk,.state-update_missing{color:#594d00}
.state-overdue,.state-off_track{color:#8a1538}.state-not_started{color:#4c6272}
.label{display:block;font-size:.85rem;font-weight:bold;color:#4c6272;margin-top:.4rem}
.figure{margin:.25rem 0 .75rem}
.marking{border:3px solid #d5281b;padding:.5rem .75rem;margin:0 0 1rem}
footer{color:#4c6272;font-size:.85rem;margin-top:2rem}
@media print{
  @page{size:A4 landscape;margin:12mm}
  body{margin:0;font-size:9pt}
  h2{break-after:avoid;page-break-after:avoid}
  thead{display:table-header-group}
  tr{break-inside:avoid;page-break-inside:avoid}
  a{color:inherit;text-decoration:none}
}`;

const t = escapeHtml;

function actionCells(model: ExportModel, a: Action, indicator: string | null, latestText: string): string {
  const elsewhere = a.indicators
    .filter((i) => i !== indicator)
    .map((i) => describeReference(i, model.catalogue).code);
  const measured = measuredKpisText(a, model.catalogue);
  const state = stateOf(model, a);
  return [
    `<th scope="row">A${a.ref}</th>`,
    `<td><p><strong>${t(ACTION_STATUS_LABELS[a.status])}</strong>${a.theme ? ` · ${t(a.theme)}` : ''}${a.unitId ? ` · ${t(ownerText(model, a))}` : ''}</p>${a.aim ? `<span class="label">Aim</span>${toHtml(a.aim)}` : ''}${toHtml(a.text)}${elsewhere.length > 0 ? `<span class="label">Also under ${t(elsewhere.join(', '))}</span>` : ''}</td>`,
    `<td>${a.leads.map((l) => `<p>${t(l.name)}</p>`).join('')}</td>`,
    `<td>${t(timescaleLabel(a.timescale))}</td>`,
    `<td>${toHtml(a.kpiText)}${
      measured
        ? `<span class="label">Targets</span><ul>${measured
            .split('\n')
            .map((l) => `<li>${t(l)}</li>`)
            .join('')}</ul>`
        : ''
    }</td>`,
    `<td>${a.outcome ? `<span class="label">Intended outcome</span>${toHtml(a.outcome)}` : ''}${a.sustainability ? `<span class="label">How it will be sustained</span>${toHtml(a.sustainability)}` : ''}</td>`,
    `<td><p><span class="state state-${state.key}">${t(state.label)}</span></p><ul>${state.reasons.map((r) => `<li>${t(r)}</li>`).join('')}</ul>${
      a.milestones.length > 0
        ? `<span class="label">Milestones</span><ul>${a.milestones.map((m) => `<li>${t(milestoneText(m))}</li>`).join('')}</ul>`
        : ''
    }${latestText}</td>`,
  ].join('');
}

export function planHtml(model: ExportModel): string {
  const latest = latestOf(model);
  const groups = groupByIndicator(model.actions, model.catalogue);
  const details = detailRows(model)
    .filter(([, v]) => v.trim() !== '')
    .map(([k, v]) => `<tr><th scope="row">${t(k)}</th><td>${toHtml(v)}</td></tr>`)
    .join('');
  const sections = groups
    .map((g, gi) => {
      const value = g.reference ? model.indicatorValues.get(g.reference.id) : undefined;
      const rows = g.actions
        .map((a) => {
          const u = latest.get(a.id);
          const latestText = u
            ? `<span class="label">Update, ${t(dateText(u.postedOn))}</span>${toHtml(u.narrative)}`
            : '';
          return `<tr>${actionCells(model, a, g.reference?.id ?? null, latestText)}</tr>`;
        })
        .join('\n');
      return `<section aria-labelledby="group-${gi}">
<h2 id="group-${gi}">${t(g.title)}</h2>
${value ? `<p class="figure">Current figure: ${t(value)}</p>` : ''}
<table>
<caption>Actions for ${t(g.reference?.code ?? g.title)} (${g.actions.length})</caption>
<thead><tr><th scope="col">Ref</th><th scope="col">Action</th><th scope="col">Leads</th><th scope="col">Timescale</th><th scope="col">KPIs</th><th scope="col">Intended outcome and sustainability</th><th scope="col">Progress</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(model.plan.title)} – ${t(model.organisationName)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
${model.marking ? `<p class="marking"><strong>${t(model.marking)}</strong></p>\n` : ''}<h1>${t(model.plan.title)}</h1>
<p class="meta">${t(model.organisationName)} · ${t(financialYearLabel(model.plan.year))}</p>
</header>
<main>
<table class="details"><caption>About this plan</caption><tbody>${details}</tbody></table>
<p><strong>Progress:</strong> each action’s status (${ACTION_STATES.map((s) => `<span class="state state-${s}">${t(ACTION_STATE_LABELS[s])}</span>`).join(' ')}) and why; its leads rate it ${RAG_STATUSES.map((s) => `<span class="rag rag-${s}">${t(model.labels[s])}</span>`).join(' ')}.</p>
${sections || '<p>This plan has no actions yet.</p>'}
</main>
<footer><p>Produced by Parity on ${t(dateText(model.generatedAt))}. An action that serves several indicators is listed under each of them.</p></footer>
</body>
</html>
`;
}

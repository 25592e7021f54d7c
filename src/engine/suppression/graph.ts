/**
 * Graph helpers for suppression. A table with its row totals, column totals and grand total is viewed as
 * an (R+1) x (C+1) grid; every entry is an edge between its row node and its column node. The published
 * values give one linear equation per line (the entries of a row sum to its total, and so on). An unknown
 * entry can be worked out from them exactly when its edge is a bridge of the graph of unknown entries (it
 * lies on no cycle); on a cycle it can move by +t/-t around the cycle without changing any published
 * value. See suppress.ts.
 */

export interface Edge {
  row: number;
  col: number;
}

/** Node numbering: rows 0..rows-1, then columns rows..rows+cols-1. */
const colNode = (rows: number, col: number) => rows + col;

/**
 * The edges (by index) that are bridges: removing one disconnects its endpoints. Tarjan's lowlink method.
 *
 * Example: a single edge is a bridge; the four edges of a 2 x 2 block form a cycle and none is a bridge.
 */
export function bridges(edges: readonly Edge[], rows: number, cols: number): Set<number> {
  const n = rows + cols;
  const adjacency: { to: number; edge: number }[][] = Array.from({ length: n }, () => []);
  edges.forEach((e, i) => {
    const a = e.row;
    const b = colNode(rows, e.col);
    adjacency[a]!.push({ to: b, edge: i });
    adjacency[b]!.push({ to: a, edge: i });
  });
  const order = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const out = new Set<number>();
  let counter = 0;
  const visit = (node: number, viaEdge: number): void => {
    order[node] = low[node] = counter++;
    for (const { to, edge } of adjacency[node]!) {
      if (edge === viaEdge) continue;
      if (order[to] === -1) {
        visit(to, edge);
        low[node] = Math.min(low[node], low[to]!);
        if (low[to]! > order[node]) out.add(edge);
      } else low[node] = Math.min(low[node], order[to]!);
    }
  };
  for (let v = 0; v < n; v++) if (order[v] === -1) visit(v, -1);
  return out;
}

/**
 * The cheapest path between two nodes over candidate edges, each with a cost (0 for edges already
 * unknown). Dijkstra with deterministic tie-breaking (lower cost, then fewer edges, then lower node).
 * Returns the edge indices on the path, or null when there is none.
 */
export function cheapestPath(
  candidates: readonly (Edge & { cost: number })[],
  rows: number,
  cols: number,
  from: number,
  to: number,
  skip: number,
): number[] | null {
  const n = rows + cols;
  const adjacency: { to: number; edge: number }[][] = Array.from({ length: n }, () => []);
  candidates.forEach((e, i) => {
    if (i === skip) return;
    const a = e.row;
    const b = colNode(rows, e.col);
    adjacency[a]!.push({ to: b, edge: i });
    adjacency[b]!.push({ to: a, edge: i });
  });
  const dist = new Array<number>(n).fill(Infinity);
  const hops = new Array<number>(n).fill(Infinity);
  const via = new Array<number>(n).fill(-1);
  const done = new Array<boolean>(n).fill(false);
  dist[from] = 0;
  hops[from] = 0;
  for (;;) {
    let best = -1;
    for (let v = 0; v < n; v++)
      if (
        !done[v] &&
        dist[v]! < Infinity &&
        (best === -1 || dist[v]! < dist[best]! || (dist[v] === dist[best] && hops[v]! < hops[best]!))
      )
        best = v;
    if (best === -1) return null;
    if (best === to) break;
    done[best] = true;
    for (const { to: next, edge } of adjacency[best]!) {
      const d = dist[best]! + candidates[edge]!.cost;
      const h = hops[best]! + 1;
      if (d < dist[next]! || (d === dist[next] && h < hops[next]!)) {
        dist[next] = d;
        hops[next] = h;
        via[next] = edge;
      }
    }
  }
  const path: number[] = [];
  let node = to;
  while (node !== from) {
    const e = via[node]!;
    path.push(e);
    const c = candidates[e]!;
    node = node === c.row ? colNode(rows, c.col) : c.row;
  }
  return path;
}

export const nodeOfColumn = colNode;

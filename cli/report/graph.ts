/**
 * The execution graph of a state machine definition, laid out for drawing: the states the console
 * shows, top to bottom, with Map (inline or distributed) and Parallel states as boxes holding their
 * own states. Pure: a definition in, positioned nodes and edge paths out.
 */

type EdgeKind = 'next' | 'choice' | 'default' | 'catch';

interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** For catches: the errors it takes. */
  readonly errors?: readonly string[];
}

interface GraphNode {
  readonly name: string;
  readonly type: string;
  /** `Map` states with `ProcessorConfig.Mode: DISTRIBUTED` say so. */
  readonly distributed: boolean;
  readonly end: boolean;
  /** Map: its ItemProcessor (or Iterator); Parallel: one graph per branch. */
  readonly children: readonly Graph[];
}

interface Graph {
  readonly startAt: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The graph of a definition (or of a Map's ItemProcessor / a Parallel branch: anything with StartAt and States). */
function graphOf(definition: unknown): Graph {
  if (!isObject(definition) || !isObject(definition.States) || typeof definition.StartAt !== 'string') {
    throw new Error('a state machine definition needs StartAt and States');
  }
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const [name, raw] of Object.entries(definition.States)) {
    const state = isObject(raw) ? raw : {};
    const processor = state.ItemProcessor ?? state.Iterator;
    const branches = Array.isArray(state.Branches) ? state.Branches : [];
    const config = isObject(processor) && isObject(processor.ProcessorConfig) ? processor.ProcessorConfig : {};
    nodes.push({
      name,
      type: String(state.Type ?? 'Unknown'),
      distributed: config.Mode === 'DISTRIBUTED',
      end: state.End === true || state.Type === 'Succeed' || state.Type === 'Fail',
      children: [...(isObject(processor) ? [graphOf(processor)] : []), ...branches.map((b) => graphOf(b))],
    });
    if (typeof state.Next === 'string') edges.push({ from: name, to: state.Next, kind: 'next' });
    for (const choice of Array.isArray(state.Choices) ? state.Choices : []) {
      if (isObject(choice) && typeof choice.Next === 'string')
        edges.push({ from: name, to: choice.Next, kind: 'choice' });
    }
    if (typeof state.Default === 'string') edges.push({ from: name, to: state.Default, kind: 'default' });
    for (const c of Array.isArray(state.Catch) ? state.Catch : []) {
      if (isObject(c) && typeof c.Next === 'string') {
        const errors = Array.isArray(c.ErrorEquals) ? c.ErrorEquals.map(String) : [];
        edges.push({ from: name, to: c.Next, kind: 'catch', errors });
      }
    }
  }
  // Several choices (or catches) to the same state are one arrow in the picture.
  const seen = new Set<string>();
  const unique = edges.filter((e) => {
    const key = `${e.from}\u0000${e.to}\u0000${e.kind === 'catch' ? 'catch' : 'flow'}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { startAt: definition.StartAt, nodes, edges: unique };
}

/** Every state name in the graph, nested ones included. */
function stateNames(graph: Graph): string[] {
  return graph.nodes.flatMap((n) => [n.name, ...n.children.flatMap(stateNames)]);
}

// ---------------------------------------------------------------------------------------------
// Layout

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

interface PlacedNode {
  readonly node: GraphNode;
  readonly box: Box;
  /** Children graphs, already placed in the same (absolute) coordinates. */
  readonly children: readonly PlacedGraph[];
}

interface PlacedEdge {
  readonly edge: GraphEdge;
  /** An SVG path (`d`), and where its label goes. */
  readonly path: string;
  readonly label: { readonly x: number; readonly y: number };
}

interface PlacedGraph {
  readonly startAt: string;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

const NODE_H = 40;
const MIN_NODE_W = 130;
const CHAR_W = 7.9;
const H_GAP = 28;
const V_GAP = 38;
const PAD = 18;
const HEADER_H = 30;

function textWidth(text: string): number {
  return Math.ceil(text.length * CHAR_W);
}

/** Longest-path ranks from the start, after setting aside the edges that loop back. */
function ranks(graph: Graph): Map<string, number> {
  const out = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  const names = new Set(graph.nodes.map((n) => n.name));
  const order: string[] = [];
  const onStack = new Set<string>();
  const done = new Set<string>();
  const forward: GraphEdge[] = [];
  const visit = (name: string) => {
    onStack.add(name);
    for (const e of out.get(name) ?? []) {
      if (!names.has(e.to) || onStack.has(e.to)) continue; // dangling or a loop back
      forward.push(e);
      if (!done.has(e.to)) visit(e.to);
    }
    onStack.delete(name);
    done.add(name);
    order.push(name);
  };
  if (names.has(graph.startAt)) visit(graph.startAt);
  for (const n of graph.nodes) if (!done.has(n.name)) visit(n.name); // unreachable states still get drawn
  const rank = new Map<string, number>(graph.nodes.map((n) => [n.name, 0]));
  for (const name of order.reverse()) {
    for (const e of forward.filter((f) => f.from === name)) {
      rank.set(e.to, Math.max(rank.get(e.to) ?? 0, (rank.get(name) ?? 0) + 1));
    }
  }
  return rank;
}

interface Sized {
  readonly node: GraphNode;
  readonly w: number;
  readonly h: number;
  readonly children: readonly PlacedGraph[];
}

function size(node: GraphNode): Sized {
  // Room for the name and the visit count badge.
  const label = textWidth(node.name) + 64;
  if (node.children.length === 0) return { node, w: Math.max(MIN_NODE_W, label), h: NODE_H, children: [] };
  const children = node.children.map(layoutGraph);
  const innerW = children.reduce((s, c) => s + c.width, 0) + H_GAP * (children.length - 1);
  const innerH = Math.max(...children.map((c) => c.height));
  return { node, w: Math.max(label + 90, innerW + 2 * PAD), h: HEADER_H + innerH + PAD, children };
}

function shift(graph: PlacedGraph, dx: number, dy: number): PlacedGraph {
  return {
    startAt: graph.startAt,
    width: graph.width,
    height: graph.height,
    nodes: graph.nodes.map((p) => ({
      node: p.node,
      box: { ...p.box, x: p.box.x + dx, y: p.box.y + dy },
      children: p.children.map((c) => shift(c, dx, dy)),
    })),
    edges: graph.edges.map((e) => ({
      edge: e.edge,
      path: shiftPath(e.path, dx, dy),
      label: { x: e.label.x + dx, y: e.label.y + dy },
    })),
  };
}

/** Paths are built from absolute `x,y` pairs only, so shifting them is shifting every pair. */
function shiftPath(path: string, dx: number, dy: number): string {
  return path.replace(
    /(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/g,
    (_m, x: string, y: string) => `${round(Number(x) + dx)},${round(Number(y) + dy)}`,
  );
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Lays one graph out at the origin: ranks top to bottom, each rank centred, rows aligned at the top. */
function layoutGraph(graph: Graph): PlacedGraph {
  const rank = ranks(graph);
  const sized = new Map(graph.nodes.map((n) => [n.name, size(n)]));
  const rows: Sized[][] = [];
  // Within a rank, states keep the order of the definition (the order CDK chains them in).
  for (const [name, r] of [...rank].sort((a, b) => a[1] - b[1])) {
    const s = sized.get(name);
    if (s === undefined) continue;
    rows[r] = [...(rows[r] ?? []), s];
  }
  const dense = rows.filter((row) => row !== undefined && row.length > 0);
  const rowWidth = (row: Sized[]) => row.reduce((s, n) => s + n.w, 0) + H_GAP * (row.length - 1);
  const width = Math.max(MIN_NODE_W, ...dense.map(rowWidth));
  const boxes = new Map<string, PlacedNode>();
  const rowOf = new Map<string, number>();
  const extents: { left: number; right: number }[] = [];
  let y = 0;
  dense.forEach((row, index) => {
    const rowH = Math.max(...row.map((n) => n.h));
    let x = (width - rowWidth(row)) / 2;
    extents.push({ left: x, right: x + rowWidth(row) });
    for (const s of row) {
      const box = { x: round(x), y: round(y), w: s.w, h: s.h };
      const children: PlacedGraph[] = [];
      let cx = box.x + (s.w - (s.children.reduce((t, c) => t + c.width, 0) + H_GAP * (s.children.length - 1))) / 2;
      for (const child of s.children) {
        children.push(shift(child, round(cx), box.y + HEADER_H));
        cx += child.width + H_GAP;
      }
      boxes.set(s.node.name, { node: s.node, box, children });
      rowOf.set(s.node.name, index);
      x += s.w + H_GAP;
    }
    y += rowH + V_GAP;
  });
  const height = Math.max(0, y - V_GAP);
  const lanes = { left: 0, right: 0 };
  const edges: PlacedEdge[] = [];
  for (const edge of graph.edges) {
    const from = boxes.get(edge.from);
    const to = boxes.get(edge.to);
    if (from === undefined || to === undefined) continue;
    const span = (rowOf.get(edge.to) ?? 0) - (rowOf.get(edge.from) ?? 0);
    if (span === 1) edges.push(adjacent(edge, from.box, to.box));
    else if (span > 1) {
      // A long edge runs down a lane beside the rows it skips, so it never crosses their states.
      const between = extents.slice((rowOf.get(edge.from) ?? 0) + 1, rowOf.get(edge.to) ?? 0);
      const left = from.box.x + from.box.w / 2 <= width / 2;
      const k = left ? lanes.left++ : lanes.right++;
      const lane = left
        ? Math.min(...between.map((e) => e.left)) - H_GAP / 2 - 7 * k
        : Math.max(...between.map((e) => e.right)) + H_GAP / 2 + 7 * k;
      edges.push(laned(edge, from.box, to.box, lane));
    } else edges.push(loopBack(edge, from.box, to.box, width));
  }
  const placed = { startAt: graph.startAt, width, height, nodes: [...boxes.values()], edges };
  return fitLanes(placed);
}

/** Lanes may run outside the rows: widen the graph (and move it right) so they stay inside. */
function fitLanes(graph: PlacedGraph): PlacedGraph {
  const xs = graph.edges.flatMap((e) => [...e.path.matchAll(/(-?\d+(?:\.\d+)?),/g)].map((m) => Number(m[1])));
  const minX = Math.min(0, ...xs);
  const maxX = Math.max(graph.width, ...xs);
  if (minX >= 0 && maxX <= graph.width) return graph;
  const moved = shift(graph, round(-minX + 4), 0);
  return { ...moved, width: round(maxX - minX + 8) };
}

function adjacent(edge: GraphEdge, a: Box, b: Box): PlacedEdge {
  const sx = a.x + a.w / 2;
  const sy = a.y + a.h;
  const tx = b.x + b.w / 2;
  const ty = b.y;
  const bend = Math.max(12, (ty - sy) / 2);
  return {
    edge,
    path: `M${round(sx)},${round(sy)} C${round(sx)},${round(sy + bend)} ${round(tx)},${round(ty - bend)} ${round(tx)},${round(ty)}`,
    label: { x: round((sx + tx) / 2), y: round((sy + ty) / 2) },
  };
}

function laned(edge: GraphEdge, a: Box, b: Box, lane: number): PlacedEdge {
  const sx = a.x + a.w / 2;
  const sy = a.y + a.h;
  const tx = b.x + b.w / 2;
  const ty = b.y;
  const bend = 16;
  return {
    edge,
    path: `M${round(sx)},${round(sy)} C${round(sx)},${round(sy + bend)} ${round(lane)},${round(sy)} ${round(lane)},${round(sy + bend * 2)} L${round(lane)},${round(ty - bend * 2)} C${round(lane)},${round(ty)} ${round(tx)},${round(ty - bend)} ${round(tx)},${round(ty)}`,
    label: { x: round(lane), y: round((sy + ty) / 2) },
  };
}

/** An edge back up (or sideways) swings round the right side. */
function loopBack(edge: GraphEdge, a: Box, b: Box, width: number): PlacedEdge {
  const sy = a.y + a.h / 2;
  const ty = b.y + b.h / 2;
  const out = Math.min(width + H_GAP, Math.max(a.x + a.w, b.x + b.w) + H_GAP * 1.5);
  return {
    edge,
    path: `M${round(a.x + a.w)},${round(sy)} C${round(out)},${round(sy)} ${round(out)},${round(ty)} ${round(b.x + b.w)},${round(ty)}`,
    label: { x: round(out), y: round((sy + ty) / 2) },
  };
}

/** The whole definition laid out, with a margin round it. */
function layoutDefinition(definition: unknown, margin = 24): PlacedGraph {
  const placed = layoutGraph(graphOf(definition));
  // Loop-back edges swing out to the right: leave room for them.
  const shifted = shift(placed, margin, margin);
  return { ...shifted, width: round(placed.width + 2 * margin + H_GAP), height: round(placed.height + 2 * margin) };
}

export type { Box, Graph, GraphEdge, GraphNode, PlacedEdge, PlacedGraph, PlacedNode };
export { graphOf, layoutDefinition, layoutGraph, stateNames };

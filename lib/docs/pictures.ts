/**
 * The pictures in the generated documents, as SVG built with xmlbuilder2 (which escapes every text and
 * attribute): the address pool as a block map (which Träger holds which block, what is free) and, per
 * Träger, a timeline of how long its backups are kept and what offboarding keeps. Deterministic: only
 * the model goes in, no date of today, fixed number formats.
 */
import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import { type Cidr, formatCidr, freeBlocks, parseCidr } from "../verbund/cidr";
import type { TraegerModel, VerbundModel } from "../verbund";
import { durationDays, germanDate, germanDuration, germanNumber, longestRetention } from "./german";

/** Path of the address pool's block map, relative to the project root. */
export const POOL_MAP_PATH = "docs/img/adressplan.svg";

/** Path of a Träger's retention and offboarding timeline, relative to the project root. */
export function timelinePath(traegerId: string): string {
  return `docs/img/zeitleiste-${traegerId}.svg`;
}

const FONT = "DejaVu Sans, Arial, Helvetica, sans-serif";
/** Colour-blind-safe palette (Okabe–Ito), repeated; free blocks are light grey, offboarding Träger hatched grey. */
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999933", "#882255", "#44AA99"];
/** Text colour on each palette colour: dark on the light ones, white on the others. */
const ON_PALETTE = ["#ffffff", "#222222", "#ffffff", "#222222", "#222222", "#ffffff", "#222222", "#ffffff", "#ffffff", "#222222"];
const FREE = "#eeeeee";
const OFFBOARDING = "#9e9e9e";

function svgDocument(width: number, height: number, title: string, description: string): { root: XMLBuilder; end: () => string } {
  const doc = create({ version: "1.0", encoding: "UTF-8" });
  const root = doc.ele("svg", {
    xmlns: "http://www.w3.org/2000/svg",
    width: String(width),
    height: String(height),
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-labelledby": "title desc",
    "font-family": FONT,
  });
  root.ele("title", { id: "title" }).txt(title);
  root.ele("desc", { id: "desc" }).txt(description);
  root.ele("rect", { x: "0", y: "0", width: String(width), height: String(height), fill: "#ffffff" });
  return { root, end: () => `${doc.end({ prettyPrint: true, indent: "  " })}\n` };
}

function text(parent: XMLBuilder, x: number, y: number, content: string, attrs: Record<string, string> = {}): void {
  parent.ele("text", { x: fmt(x), y: fmt(y), "font-size": "12", fill: "#222222", ...attrs }).txt(content);
}

/** Coordinates with at most one decimal, written the same on every machine. */
function fmt(value: number): string {
  return String(Math.round(value * 10) / 10);
}

const IMMUTABILITY_SHORT: Readonly<Record<TraegerModel["backup"]["immutability"], string>> = { locked: "gesperrt", unlocked: "nicht gesperrt", disabled: "aus" };

const block = (textCidr: string): Cidr => parseCidr(textCidr) as Cidr; // validated by the model

/**
 * The address pool as a block map: the pool in cells of one /23 (512 addresses), 64 per row, each
 * Träger's block in its colour with its id, free blocks light grey; a legend with block and size.
 */
export function renderPoolMap(model: VerbundModel): string {
  const pool = block(model.addressPool);
  const cellAddresses = Math.min(512, pool.size);
  const cells = pool.size / cellAddresses;
  const columns = Math.min(64, cells);
  const rows = Math.ceil(cells / columns);
  const cell = 12;
  const left = 20;
  const top = 58;
  const traeger = [...model.traeger].sort((a, b) => block(a.network.addressSpace).first - block(b.network.addressSpace).first);
  const used = traeger.map((t) => block(t.network.addressSpace));
  const free = freeBlocks(pool, used);
  const freeAddresses = free.reduce((n, b) => n + b.size, 0);
  const legendTop = top + rows * cell + 30;
  const legendRows = traeger.length + 1;
  const width = left * 2 + columns * cell;
  const height = legendTop + legendRows * 18 + 16;
  const { root, end } = svgDocument(
    width,
    height,
    `Adressplan des Träger-Pools ${model.addressPool}`,
    `${traeger.length} Träger belegen ${germanNumber(pool.size - freeAddresses)} von ${germanNumber(pool.size)} Adressen; ${germanNumber(freeAddresses)} Adressen sind frei. Jedes Kästchen steht für 512 Adressen (ein /23).`,
  );
  text(root, left, 24, `Adressplan des Träger-Pools ${model.addressPool} (${model.name})`, { "font-size": "15", "font-weight": "bold" });
  text(root, left, 44, `Ein Kästchen = ${germanNumber(cellAddresses)} Adressen. Belegt: ${germanNumber(pool.size - freeAddresses)}, frei: ${germanNumber(freeAddresses)} von ${germanNumber(pool.size)}.`);

  const area = root.ele("g", { id: "pool", stroke: "#ffffff", "stroke-width": "1" });
  const rect = (b: Cidr, fill: string, label: string, id: string, extra: Record<string, string> = {}) => {
    const firstCell = (b.first - pool.first) / cellAddresses;
    const span = Math.max(1, b.size / cellAddresses);
    // Aligned blocks of at least a row cover whole rows; smaller ones lie within one row.
    const x = left + (firstCell % columns) * cell;
    const y = top + Math.floor(firstCell / columns) * cell;
    const w = Math.min(span, columns) * cell;
    const h = Math.max(1, span / columns) * cell;
    const g = area.ele("g", { id });
    g.ele("rect", { x: fmt(x), y: fmt(y), width: fmt(w), height: fmt(h), fill, ...extra }).ele("title").txt(label);
    return { g, x, y, w, h };
  };
  for (const b of free) rect(b, FREE, `${formatCidr(b)}: frei (${germanNumber(b.size)} Adressen)`, `frei-${formatCidr(b).replace(/[./]/g, "-")}`);
  traeger.forEach((t, i) => {
    const fill = t.status === "offboarding" ? OFFBOARDING : PALETTE[i % PALETTE.length]!;
    const { g, x, y, w, h } = rect(block(t.network.addressSpace), fill, `${t.network.addressSpace}: ${t.name}`, `traeger-${t.id}`, t.status === "offboarding" ? { "fill-opacity": "0.6" } : {});
    const ink = t.status === "offboarding" ? "#222222" : ON_PALETTE[i % ON_PALETTE.length]!;
    if (w >= t.id.length * 5.6 + 6) text(g, x + 3, y + Math.min(h, cell) / 2 + 3.5, t.id, { "font-size": "9", fill: ink, stroke: "none" });
  });

  const legend = root.ele("g", { id: "legende" });
  traeger.forEach((t, i) => {
    const y = legendTop + i * 18;
    const fill = t.status === "offboarding" ? OFFBOARDING : PALETTE[i % PALETTE.length]!;
    legend.ele("rect", { x: fmt(left), y: fmt(y - 10), width: "12", height: "12", fill });
    const size = block(t.network.addressSpace).size;
    text(legend, left + 18, y, `${t.network.addressSpace}  ${t.name} (${t.id}), ${germanNumber(size)} Adressen${t.status === "offboarding" ? ", Offboarding" : ""}`);
  });
  const y = legendTop + traeger.length * 18;
  legend.ele("rect", { x: fmt(left), y: fmt(y - 10), width: "12", height: "12", fill: FREE, stroke: "#999999" });
  text(legend, left + 18, y, `frei: ${free.length} Blöcke, ${germanNumber(freeAddresses)} Adressen (größter freier Block ${free.length > 0 ? formatCidr(free.reduce((a, b) => (b.size > a.size ? b : a))) : "–"})`);
  return end();
}

/**
 * A Träger's timeline: how long each backup tier keeps a recovery point (square-root time axis, so
 * days and years both show), and what offboarding keeps until the longest retention has passed.
 */
export function renderTimeline(t: TraegerModel): string {
  const r = t.backup.retention;
  const tiers = [
    { label: "Täglich (virtuelle Desktops)", count: r.vm.daily, unit: "day" as const },
    { label: "Wöchentlich (virtuelle Desktops)", count: r.vm.weekly, unit: "week" as const },
    { label: "Monatlich (virtuelle Desktops)", count: r.vm.monthly, unit: "month" as const },
    { label: "Jährlich (virtuelle Desktops)", count: r.vm.yearly, unit: "year" as const },
    { label: "Täglich (Dateifreigaben, Profile)", count: r.fileShare.daily, unit: "day" as const },
  ].filter((tier) => tier.count > 0);
  const longest = longestRetention(t);
  const left = 250;
  const axisWidth = 460;
  const width = 820;
  const top = 96;
  const rowHeight = 24;
  const axisY = top + tiers.length * rowHeight + 8;
  const offTop = axisY + 56;
  const height = offTop + 92;
  const scale = (days: number) => left + Math.sqrt(days / longest.days) * axisWidth;
  const offboarding = t.status === "offboarding";
  const { root, end } = svgDocument(
    width,
    height,
    `Aufbewahrung und Offboarding – ${t.name}`,
    `Beitritt am ${germanDate(t.joined)}. Eine Sicherung wird höchstens ${germanDuration(longest.count, longest.unit)} aufbewahrt; so lange bleiben die Daten nach einem Offboarding geschützt.`,
  );
  text(root, 20, 24, `Aufbewahrung und Offboarding – ${t.name}`, { "font-size": "15", "font-weight": "bold" });
  text(root, 20, 44, `Träger seit ${germanDate(t.joined)} · Status: ${offboarding ? "Offboarding (Betrieb beendet, Daten bleiben erhalten)" : "aktiv"} · tägliche Datensicherung um ${t.backup.time} Uhr`);
  text(root, 20, 72, "Wie lange eine Sicherung aufbewahrt wird, gerechnet vom Tag der Sicherung:", { "font-weight": "bold" });

  const bars = root.ele("g", { id: "aufbewahrung" });
  tiers.forEach((tier, i) => {
    const y = top + i * rowHeight;
    const days = durationDays(tier.count, tier.unit);
    text(bars, 20, y + 13, tier.label);
    bars.ele("rect", { x: fmt(left), y: fmt(y), width: fmt(Math.max(2, scale(days) - left)), height: "16", fill: PALETTE[i % PALETTE.length]! }).ele("title").txt(`${tier.label}: ${germanDuration(tier.count, tier.unit)}`);
    const label = germanDuration(tier.count, tier.unit);
    // The label follows the bar, or sits inside its end when the bar reaches the right edge.
    if (scale(days) + 4 + label.length * 7 <= width - 10) text(bars, scale(days) + 4, y + 13, label);
    else text(bars, scale(days) - 4, y + 13, label, { "text-anchor": "end", fill: "#ffffff" });
  });

  const axis = root.ele("g", { id: "zeitachse", stroke: "#444444" });
  axis.ele("line", { x1: fmt(left), y1: fmt(axisY), x2: fmt(left + axisWidth), y2: fmt(axisY) });
  const ticks: [number, string][] = [
    [0, "Sicherung"],
    [30.4375, "1 Monat"],
    [365.25, "1 Jahr"],
    [2 * 365.25, "2 Jahre"],
    [5 * 365.25, "5 Jahre"],
    [10 * 365.25, "10 Jahre"],
  ];
  let lastLabelEnd = -Infinity;
  for (const [days, label] of ticks.filter(([d]) => d <= longest.days + 1)) {
    const x = scale(days);
    axis.ele("line", { x1: fmt(x), y1: fmt(axisY), x2: fmt(x), y2: fmt(axisY + 5) });
    const start = days === 0 ? x : x - label.length * 3;
    if (start < lastLabelEnd + 6) continue; // a label that would overlap its neighbour is left out
    text(axis, start, axisY + 18, label, { stroke: "none", "font-size": "10" });
    lastLabelEnd = start + label.length * 6;
  }
  text(root, left, axisY + 34, "Zeitachse mit Wurzelskala: kurze Fristen bleiben sichtbar.", { "font-size": "10", fill: "#555555" });

  const off = root.ele("g", { id: "offboarding" });
  text(off, 20, offTop, "Offboarding: was bleibt und wie lange", { "font-weight": "bold" });
  const steps: [string, string][] = [
    ["1. Status „offboarding“", "Desktops, Zugänge und Hub-Anbindung entfallen; Daten und Sicherungen bleiben geschützt."],
    ["2. Aufbewahrung", `Letzte Sicherungen bleiben bis zu ${germanDuration(longest.count, longest.unit)} erhalten (Unveränderlichkeit: ${IMMUTABILITY_SHORT[t.backup.immutability]}).`],
    ["3. Rückbau", "Erst danach, von Hand und im Vier-Augen-Prinzip: Daten übergeben, Stack und Zustand löschen."],
  ];
  steps.forEach(([head, body], i) => {
    const y = offTop + 22 + i * 22;
    const current = offboarding && i === 0;
    off.ele("circle", { cx: "28", cy: fmt(y - 4), r: "6", fill: current ? "#D55E00" : "#0072B2" });
    text(off, 42, y, head, { "font-weight": "bold" });
    text(off, 210, y, body, { "font-size": "11" });
  });
  return end();
}

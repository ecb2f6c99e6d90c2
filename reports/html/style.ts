/** The reports' stylesheet: system fonts only (nothing to download), print-friendly, calm colours. */
export const BASE_CSS = `
:root {
  --ink: #1d2530; --muted: #5b6676; --line: #d7dee8; --paper: #ffffff; --wash: #f4f6f9;
  --bad: #c62828; --bad-wash: #fdecec; --good: #1f7a3a; --good-wash: #e7f5eb;
  --warn: #9a6400; --warn-wash: #fff4da; --accent: #2463a6;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--wash); color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
a { color: var(--accent); }
h1, h2, h3 { line-height: 1.25; }
h2 { font-size: 18px; margin: 0 0 10px; }
h3 { font-size: 14px; margin: 4px 0 8px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
main { max-width: 1400px; margin: 0 auto; padding: 0 20px 40px; }
section.card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 16px 0; }
.muted { color: var(--muted); }
.bad { color: var(--bad); }
.good { color: var(--good); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data { border-collapse: collapse; width: 100%; font-size: 13px; }
table.data th { text-align: left; font-weight: 600; color: var(--muted); border-bottom: 2px solid var(--line); padding: 6px 8px; white-space: nowrap; }
table.data td { border-bottom: 1px solid #edf0f4; padding: 5px 8px; vertical-align: top; overflow-wrap: anywhere; }
table.data tr.total td { border-top: 2px solid var(--line); font-weight: 600; }
table.data tr.bad-row td { background: var(--bad-wash); }
details > summary { cursor: pointer; color: var(--accent); font-weight: 600; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.bad { background: var(--bad-wash); color: var(--bad); }
.badge.good { background: var(--good-wash); color: var(--good); }
.badge.warn { background: var(--warn-wash); color: var(--warn); }
.badge.plain { background: #e8edf4; color: var(--ink); }
.repro { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; margin-top: 14px; }
.repro code { background: #0f1722; color: #e6edf6; padding: 7px 12px; border-radius: 6px; overflow-wrap: anywhere; }
button { font: inherit; font-size: 13px; border: 1px solid var(--line); background: var(--paper); color: var(--ink); border-radius: 6px; padding: 4px 10px; cursor: pointer; }
button:hover { border-color: var(--accent); color: var(--accent); }
header.verdict { padding: 26px 20px 22px; border-bottom: 1px solid var(--line); }
header.verdict .inner { max-width: 1400px; margin: 0 auto; }
header.verdict.unsafe { background: linear-gradient(180deg, #fff1f1, #fde7e7); border-top: 6px solid var(--bad); }
header.verdict.safe { background: linear-gradient(180deg, #effaf2, #e4f4e9); border-top: 6px solid var(--good); }
header.verdict.unknown { background: linear-gradient(180deg, #fff8e6, #fff0cc); border-top: 6px solid #d49500; }
.eyebrow { font-size: 12.5px; color: var(--muted); letter-spacing: .03em; }
.eyebrow strong { color: var(--ink); }
header.verdict h1 { font-size: 28px; margin: 8px 0 6px; }
header.verdict.unsafe h1 { color: #a51d1d; }
header.verdict.safe h1 { color: var(--good); }
header.verdict.unknown h1 { color: var(--warn); }
header.verdict .summary { margin: 0; font-size: 15px; }
.facts { display: flex; flex-wrap: wrap; gap: 8px 26px; margin: 14px 0 0; padding: 0; }
.facts div { display: flex; flex-direction: column; }
.facts dt { font-size: 11.5px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.facts dd { margin: 0; font-weight: 600; }
@media print { body { background: white; } section.card { break-inside: avoid; } }
`;

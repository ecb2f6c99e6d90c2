/** Styles of the run report only (the verdict banner, violation cards, the timeline). */
export const RUN_CSS = `
.what-happened { margin-top: 14px; background: var(--paper); border: 1px solid #f0c4c4; border-left: 5px solid var(--bad); border-radius: 8px; padding: 12px 14px; font-size: 15px; }
.what-happened .label { display: block; font-size: 12px; font-weight: 700; color: var(--bad); text-transform: uppercase; letter-spacing: .05em; margin-bottom: 2px; }
.about { margin: 14px 0 0; font-size: 13px; color: var(--muted); max-width: 980px; }
details.params { margin-top: 12px; }
details.params table { margin-top: 8px; max-width: 900px; background: var(--paper); }
nav.sections { position: sticky; top: 0; z-index: 5; background: rgba(255,255,255,.94); border-bottom: 1px solid var(--line); backdrop-filter: blur(4px); }
nav.sections .inner { max-width: 1400px; margin: 0 auto; padding: 8px 20px; display: flex; gap: 18px; flex-wrap: wrap; font-size: 13px; }
nav.sections a { text-decoration: none; }
section.card { scroll-margin-top: 48px; }
.violation { border: 1px solid #f0c4c4; border-left: 5px solid var(--bad); border-radius: 8px; padding: 10px 14px; margin: 10px 0; background: #fffafa; }
.violation.selected { box-shadow: 0 0 0 2px rgba(214,40,40,.35); }
.violation .v-head { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.v-num { display: inline-flex; width: 22px; height: 22px; border-radius: 50%; background: var(--bad); color: white; font-weight: 700; font-size: 12px; align-items: center; justify-content: center; }
.violation .v-expl { font-size: 14.5px; margin: 6px 0 4px; overflow-wrap: anywhere; }
.violation .v-rule, .violation .v-meta { font-size: 12.5px; margin: 2px 0; }
.violation button { margin-top: 6px; }
.story { border: 1px solid #f0c4c4; border-left: 5px solid var(--bad); border-radius: 8px; padding: 10px 14px; margin: 12px 0; background: #fffafa; scroll-margin-top: 56px; }
.story.selected { box-shadow: 0 0 0 2px rgba(214,40,40,.35); }
.story.linked { box-shadow: 0 0 0 3px rgba(124,77,255,.45); }
.story .v-head { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.story .v-expl { font-size: 14.5px; margin: 6px 0 4px; overflow-wrap: anywhere; }
.story .v-rule { font-size: 12.5px; margin: 2px 0 8px; }
.story h4 { margin: 6px 0 4px; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.s-cols { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 18px; }
@media (max-width: 900px) { .s-cols { grid-template-columns: minmax(0, 1fr); } }
.s-cols.single { grid-template-columns: minmax(0, 1fr); }
ol.followers { margin: 0; padding-left: 22px; font-size: 13px; }
ol.followers li { margin: 3px 0; overflow-wrap: anywhere; }
ol.followers li.selected { background: #fde7e7; }
ul.candidates { list-style: none; margin: 4px 0; padding: 0; font-size: 13px; }
ul.candidates li { margin: 3px 0; }
ul.candidates li.strong button { border-color: var(--bad); color: var(--bad); font-weight: 600; }
button.fault-link { padding: 1px 8px; font-size: 12.5px; }
button.fault-link.active { background: #efe8ff; border-color: rgb(124,77,255); }
.small { font-size: 12.5px; }
.involved { margin: 2px 0; }
details.glossary { margin-top: 14px; }
details.glossary table { margin-top: 6px; }
.chart-block { margin: 6px 0 16px; }
.chart-block h3 { margin-bottom: 2px; }
svg.perf { width: 100%; height: auto; font-size: 11px; fill: var(--muted); display: block; }
svg.perf .grid { stroke: #e3e8ef; }
svg.perf .axis { stroke: #9aa6b6; }
table.keys td.spark { width: 46%; min-width: 260px; }
svg.spark { width: 100%; height: 22px; display: block; }
.timeline { position: relative; }
.tl-controls { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin-bottom: 8px; }
.tl-controls .hint { color: var(--muted); font-size: 12.5px; margin-left: 8px; }
.tl-canvas-wrap { position: relative; width: 100%; overflow: hidden; border: 1px solid var(--line); border-radius: 6px; background: white; }
.tl-canvas-wrap canvas { display: block; cursor: crosshair; }
.tl-selection { position: absolute; top: 0; display: none; background: rgba(36,99,166,.15); border-left: 1px solid var(--accent); border-right: 1px solid var(--accent); pointer-events: none; }
.tl-fault-links { font-size: 13px; margin: 6px 0; padding: 6px 10px; background: #f3efff; border: 1px solid #d5c8ff; border-radius: 6px; }
.tl-key-label { font-size: 13px; margin-left: 6px; }
.tl-status { font-size: 12.5px; color: var(--muted); margin-top: 6px; min-height: 1.5em; }
.tl-status.sampled { color: var(--warn); }
.tl-legend { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 12px; color: var(--muted); margin-top: 8px; }
.tl-legend span.sw { display: inline-block; width: 14px; height: 10px; border-radius: 2px; vertical-align: -1px; margin-right: 5px; }
.tip { position: fixed; z-index: 20; max-width: 440px; background: #111822; color: #e8eef6; border-radius: 6px; padding: 8px 10px; font-size: 12px; pointer-events: none; box-shadow: 0 6px 22px rgba(0,0,0,.25); overflow-wrap: anywhere; }
.tip .tip-title { font-weight: 700; margin-bottom: 4px; color: white; }
.tip .tip-key { color: #9fb0c6; display: inline-block; min-width: 112px; padding-right: 8px; }
.gapbar { display: inline-block; height: 8px; border-radius: 2px; background: var(--good); }
.gapbar.bad { background: var(--bad); }
svg.chart { width: 100%; max-width: 900px; height: auto; font-size: 11px; fill: var(--muted); }
svg.chart .grid { stroke: #e3e8ef; }
svg.chart .zero { stroke: #9aa6b6; stroke-dasharray: 4 3; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 12.5px; }
ul.legend .swatch { display: inline-block; width: 12px; height: 3px; vertical-align: 3px; margin-right: 6px; }
.two-col { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 24px; }
table.kv th { border-bottom: 1px solid #edf0f4; width: 38%; color: var(--ink); white-space: normal; }
`;

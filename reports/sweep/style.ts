/** Styles of the sweep index only. */
export const SWEEP_CSS = `
ul.unmet { margin: 12px 0 0; padding-left: 20px; font-size: 14.5px; }
ul.unmet li { margin: 3px 0; }
.table-wrap { overflow-x: auto; }
/* Every column fits at 1400 px: cells wrap between words, and the failing runs take what is left. */
table.sweep td { white-space: normal; overflow-wrap: normal; }
table.sweep td:last-child { width: 24%; }
table.sweep th { white-space: normal; }
details.glossary { margin-top: 12px; }
dl.kinds { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; font-size: 13px; }
dl.kinds dd { margin: 0; }
table.sweep tr.unmet td { background: var(--bad-wash); }
table.sweep tr.unmet td:first-child { box-shadow: inset 4px 0 0 var(--bad); }
ul.runs { list-style: none; margin: 0; padding: 0; }
ul.runs li { margin: 1px 0; }
ul.runs.compact { display: inline; }
ul.runs.compact li { display: inline-block; margin: 0 6px 0 0; white-space: nowrap; }
table.sweep tbody + tbody tr:first-child td { border-top: 2px solid var(--line); }
table.sweep td details { display: inline; }
`;

/** Styles of the sweep index only. */
export const SWEEP_CSS = `
ul.unmet { margin: 12px 0 0; padding-left: 20px; font-size: 14.5px; }
ul.unmet li { margin: 3px 0; }
.table-wrap { overflow-x: auto; }
table.sweep td { white-space: nowrap; overflow-wrap: normal; }
table.sweep td:last-child { white-space: normal; width: 26%; min-width: 200px; }
table.sweep tr.unmet td { background: var(--bad-wash); }
table.sweep tr.unmet td:first-child { box-shadow: inset 4px 0 0 var(--bad); }
ul.runs { list-style: none; margin: 0; padding: 0; }
ul.runs li { margin: 1px 0; }
ul.runs.compact { display: inline; }
ul.runs.compact li { display: inline-block; margin: 0 6px 0 0; white-space: nowrap; }
table.sweep tbody + tbody tr:first-child td { border-top: 2px solid var(--line); }
table.sweep td details { display: inline; }
`;

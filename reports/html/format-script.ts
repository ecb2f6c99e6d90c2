/**
 * The page scripts' time formats, as JavaScript source: `fmtT` writes an instant and `fmtDur` a
 * duration exactly as the checkers' words (checker/validators/words.ts) and the page's tables do,
 * so what the tooltip says matches the sentence it explains. format-script.test.ts holds the two
 * to the same output.
 */
export const FORMAT_SCRIPT = String.raw`
  function fmtTrimFixed(s) { return s.indexOf('.') >= 0 ? s.replace(/0+$/, '').replace(/\.$/, '') : s; }
  function fmtT(ns) {
    if (!isFinite(ns)) return 'the end of the run';
    return fmtTrimFixed((ns / 1e9).toFixed(9)) + 's';
  }
  function fmtDur(ns) {
    if (!isFinite(ns)) return 'forever';
    var a = Math.abs(ns);
    if (a >= 1e9) return fmtTrimFixed((ns / 1e9).toFixed(6)) + 's';
    if (a >= 1e6) return fmtTrimFixed((ns / 1e6).toFixed(3)) + 'ms';
    if (a >= 1e3) return fmtTrimFixed((ns / 1e3).toFixed(3)) + 'µs';
    return fmtTrimFixed(ns.toFixed(0)) + 'ns';
  }
  function fmtCount(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
`;

/**
 * The script that draws the run report's timeline on a canvas from the embedded JSON
 * (`TimelineData`). It is plain ES2017 in a string because the page must be self-contained; it
 * touches the DOM only through `textContent` and attributes, never `innerHTML`, so no value from
 * a history can become markup.
 *
 * Big histories stay fast because each frame visits only the items in the visible time window
 * (binary search on per-lane start times), and a lane with more items in view than it has pixels
 * is drawn as pixel columns (the worst outcome per column); the status line says so.
 *
 * Written without backticks or dollar-brace so it can live in a template string.
 */
export const TIMELINE_SCRIPT = String.raw`
(function () {
  'use strict';
  var dataEl = document.getElementById('timeline-data');
  var root = document.getElementById('timeline');
  if (!dataEl || !root) return;
  var D = JSON.parse(dataEl.textContent || '{}');
  var wrap = root.querySelector('.tl-canvas-wrap');
  var canvas = root.querySelector('canvas');
  var ctx = canvas.getContext('2d');
  var tip = document.getElementById('tl-tip');
  var statusEl = root.querySelector('.tl-status');
  var selEl = root.querySelector('.tl-selection');

  var LABEL_W = 178, AXIS_H = 42, FAULT_H = 17, ROW_H = 22, WRITES_H = 18, GROUP_H = 22, PAD_R = 14;
  var OUTCOMES = ['ok', 'fail', 'info', 'no completion'];
  var OUT_FILL = ['#4f9d5d', '#b3bcc9', '#efa821', '#efa821'];
  var ROLES = ['follower', 'candidate', 'leader', 'down', 'up'];
  var ROLE_FILL = ['#dbe3ee', '#f4c550', '#2463a6', '#262a30', '#eef1f5'];
  var ROLE_TEXT = ['#3d4a5c', '#4d3a00', '#ffffff', '#f3f4f6', '#3d4a5c'];
  var FAULT_RGB = ['124,77,255', '235,120,20', '0,140,130', '70,70,70', '30,130,220', '120,120,120'];
  var FAULT_NAMES = ['partition', 'pause', 'clock', 'crash', 'network', 'other'];
  var CLIENT_COLORS = ['#3b7dd8', '#d9534f', '#2a9d8f', '#9b59b6', '#e67e22', '#16a085', '#c0392b',
    '#8e6c3a', '#d63384', '#5d6d7e', '#1abc9c', '#6f42c1'];
  var RED = '#d62828', GREEN = '#0f6b2c';

  var t0 = D.t0, t1 = D.t1;
  var view = { a: t0, b: t1 };
  var selected = D.violations.length > 0 ? 1 : 0;
  var clientIndex = {};
  D.clients.forEach(function (c, i) { clientIndex[c] = i; });
  function clientColor(name) {
    var i = clientIndex[name];
    return CLIENT_COLORS[(i === undefined ? 0 : i) % CLIENT_COLORS.length];
  }

  // ---- layout: one row per lane, a header per group, fault labels on top -------------------
  var lanes = D.lanes;
  var laneY = [], laneH = [], headers = [];
  var y = AXIS_H;
  var faultTop = y;
  if (D.faultRows > 0) {
    headers.push({ label: 'Faults injected (shaded across all lanes)', y: y });
    y += GROUP_H;
    faultTop = y;
    y += D.faultRows * FAULT_H + 4;
  }
  var lastGroup = null;
  for (var li = 0; li < lanes.length; li++) {
    if (lanes[li].group !== lastGroup) {
      lastGroup = lanes[li].group;
      headers.push({ label: lastGroup, y: y });
      y += GROUP_H;
    }
    laneY.push(y);
    laneH.push(lanes[li].kind === 'writes' ? WRITES_H : ROW_H);
    y += laneH[li];
  }
  var contentTop = AXIS_H;
  var totalH = y + 10;

  // ---- per-lane indexes sorted by start, for visiting only what is in view -----------------
  var LONG = (t1 - t0) / 40;
  function indexRows(rows, sCol, eCol) {
    var byLane = {};
    for (var i = 0; i < rows.length; i++) {
      var l = rows[i][0];
      (byLane[l] || (byLane[l] = [])).push(i);
    }
    var out = {};
    Object.keys(byLane).forEach(function (l) {
      var ids = byLane[l];
      ids.sort(function (p, q) { return rows[p][sCol] - rows[q][sCol] || p - q; });
      var short = [], long = [], maxDur = 0;
      ids.forEach(function (id) {
        var d = rows[id][eCol] - rows[id][sCol];
        if (d > LONG) long.push(id); else { short.push(id); if (d > maxDur) maxDur = d; }
      });
      var starts = new Float64Array(short.length);
      short.forEach(function (id, k) { starts[k] = rows[id][sCol]; });
      out[l] = { ids: short, starts: starts, long: long, maxDur: maxDur, all: ids.length };
    });
    return out;
  }
  function lowerBound(arr, x) {
    var lo = 0, hi = arr.length;
    while (lo < hi) { var m = (lo + hi) >> 1; if (arr[m] < x) lo = m + 1; else hi = m; }
    return lo;
  }
  // Visits rows of one lane that overlap [a, b]; returns how many it visited.
  function eachVisible(ix, rows, sCol, eCol, a, b, fn) {
    if (!ix) return 0;
    var n = 0;
    var lo = lowerBound(ix.starts, a - ix.maxDur), hi = lowerBound(ix.starts, b + 1e-9);
    for (var k = lo; k < hi; k++) {
      var id = ix.ids[k];
      if (rows[id][eCol] >= a) { fn(id); n++; }
    }
    for (var j = 0; j < ix.long.length; j++) {
      var r = rows[ix.long[j]];
      if (r[sCol] <= b && r[eCol] >= a) { fn(ix.long[j]); n++; }
    }
    return n;
  }
  function countVisible(ix, a, b) {
    if (!ix) return 0;
    return lowerBound(ix.starts, b) - lowerBound(ix.starts, a - ix.maxDur) + ix.long.length;
  }
  var OPS = indexRows(D.ops, 1, 2);
  var ROLESIX = indexRows(D.roles, 1, 2);
  var PAUSES = indexRows(D.pauses, 1, 2);
  var BELIEFS = indexRows(D.beliefs, 1, 2);
  var GRANTS = indexRows(D.grants, 1, 2);
  var WRITES = indexRows(D.writes, 1, 1);

  // ---- formatting ---------------------------------------------------------------------------
  function fmtDur(ns) {
    var a = Math.abs(ns), s = ns < 0 ? '-' : '';
    if (a < 1e3) return s + Math.round(a) + ' ns';
    if (a < 1e6) return s + trim(a / 1e3) + ' µs';
    if (a < 1e9) return s + trim(a / 1e6) + ' ms';
    return s + (a / 1e9).toFixed(3) + ' s';
  }
  function trim(x) { return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2); }
  function fmtT(ns) { return 't=' + (ns / 1e9).toFixed(6) + ' s'; }
  function fmtCount(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }

  // ---- drawing --------------------------------------------------------------------------------
  var W = 800, plotX = LABEL_W, plotW = 600;
  function xOf(t) { return plotX + (t - view.a) / (view.b - view.a) * plotW; }
  function tOf(x) { return view.a + (x - plotX) / plotW * (view.b - view.a); }
  var hatch = null;
  function hatchPattern() {
    if (hatch) return hatch;
    var c = document.createElement('canvas');
    c.width = 8; c.height = 8;
    var g = c.getContext('2d');
    g.strokeStyle = 'rgba(235,120,20,0.85)';
    g.lineWidth = 2;
    g.beginPath(); g.moveTo(-2, 10); g.lineTo(10, -2); g.moveTo(6, 10); g.lineTo(10, 6); g.moveTo(-2, 2); g.lineTo(2, -2); g.stroke();
    hatch = ctx.createPattern(c, 'repeat');
    return hatch;
  }
  function clippedText(text, x0, x1, yy, color) {
    var left = Math.max(x0, plotX) + 4, right = Math.min(x1, plotX + plotW) - 3;
    if (right - left < 18) return;
    ctx.save();
    ctx.beginPath(); ctx.rect(left, yy - 12, right - left, 16); ctx.clip();
    ctx.fillStyle = color;
    ctx.fillText(text, left, yy);
    ctx.restore();
  }
  function span(s, e) {
    var x0 = Math.max(xOf(s), plotX - 2), x1 = Math.min(xOf(e), plotX + plotW + 2);
    if (x1 - x0 < 1) x1 = x0 + 1;
    return [x0, x1];
  }

  var sampledLanes = 0, opsInView = 0;

  function draw() {
    W = Math.max(480, wrap.clientWidth);
    plotW = W - LABEL_W - PAD_R;
    var dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(W * dpr);
    canvas.height = Math.round(totalH * dpr);
    canvas.style.width = W + 'px';
    canvas.style.height = totalH + 'px';
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, totalH);
    ctx.font = '11px system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
    ctx.textBaseline = 'alphabetic';
    sampledLanes = 0; opsInView = 0;

    // lane backgrounds
    for (var i = 0; i < lanes.length; i++) {
      ctx.fillStyle = i % 2 === 0 ? '#fbfcfe' : '#f3f6fa';
      ctx.fillRect(plotX, laneY[i], plotW, laneH[i]);
    }
    headers.forEach(function (h) {
      ctx.fillStyle = '#e8edf4';
      ctx.fillRect(0, h.y, W, GROUP_H);
    });

    ctx.save();
    ctx.beginPath(); ctx.rect(plotX, 0, plotW, totalH); ctx.clip();
    drawFaults();
    drawViolationWindow();
    for (var l = 0; l < lanes.length; l++) drawLane(l);
    drawFaultTargets();
    drawHighlights();
    drawViolationMarks();
    ctx.restore();

    drawAxis();
    drawLabels();
    updateStatus();
    root.setAttribute('data-view-start', String(view.a));
    root.setAttribute('data-view-end', String(view.b));
    root.setAttribute('data-selected', String(selected));
    root.setAttribute('data-ready', '1');
  }

  function drawFaults() {
    D.faults.forEach(function (f) {
      if (f[2] < view.a || f[1] > view.b) return;
      var sx = span(f[1], f[2]);
      var rgb = FAULT_RGB[f[4]] || FAULT_RGB[5];
      var fy = faultTop + f[0] * FAULT_H;
      ctx.fillStyle = 'rgba(' + rgb + ',0.85)';
      ctx.fillRect(sx[0], fy + 2, sx[1] - sx[0], FAULT_H - 4);
      clippedText(f[3] + (f[8] ? ' (never healed)' : ''), sx[0], sx[1], fy + FAULT_H - 5, '#ffffff');
    });
  }

  // Drawn over the lanes: a light wash across all of them while a fault lasts, and a stronger
  // one on the lanes it targeted, so a partitioned or paused process stands out of its row.
  function drawFaultTargets() {
    D.faults.forEach(function (f) {
      if (f[2] < view.a || f[1] > view.b) return;
      var sx = span(f[1], f[2]);
      var rgb = FAULT_RGB[f[4]] || FAULT_RGB[5];
      ctx.fillStyle = 'rgba(' + rgb + ',0.07)';
      ctx.fillRect(sx[0], faultTop + D.faultRows * FAULT_H, sx[1] - sx[0], totalH);
      ctx.fillStyle = 'rgba(' + rgb + ',0.2)';
      f[5].forEach(function (lane) { ctx.fillRect(sx[0], laneY[lane], sx[1] - sx[0], laneH[lane]); });
    });
  }

  function drawLane(l) {
    var kind = lanes[l].kind, y0 = laneY[l], h = laneH[l];
    if (kind === 'client') drawOps(l, y0, h);
    else if (kind === 'server' || kind === 'process') drawRoles(l, y0, h);
    else if (kind === 'belief') drawIntervals(l, y0, h, D.beliefs, BELIEFS, true);
    else if (kind === 'grant') drawIntervals(l, y0, h, D.grants, GRANTS, false);
    else if (kind === 'writes') drawWrites(l, y0, h);
    if (kind !== 'belief' && kind !== 'grant' && kind !== 'writes') drawPauses(l, y0, h);
  }

  // Pixel columns for lanes with more items in view than pixels: column -> worst severity.
  function columns(ix, rows, sCol, eCol, severity) {
    var cols = new Int16Array(Math.ceil(plotW) + 2).fill(-1);
    eachVisible(ix, rows, sCol, eCol, view.a, view.b, function (id) {
      var r = rows[id];
      var c0 = Math.max(0, Math.floor(xOf(r[sCol]) - plotX)), c1 = Math.min(cols.length - 1, Math.floor(xOf(r[eCol]) - plotX));
      var s = severity(r);
      for (var c = c0; c <= c1; c++) if (cols[c] < s) cols[c] = s;
    });
    return cols;
  }
  function fillColumns(cols, y0, h, colorOf) {
    var c = 0;
    while (c < cols.length) {
      if (cols[c] < 0) { c++; continue; }
      var s = cols[c], start = c;
      while (c < cols.length && cols[c] === s) c++;
      ctx.fillStyle = colorOf(s);
      ctx.fillRect(plotX + start, y0, c - start, h);
    }
  }

  function drawOps(l, y0, h) {
    var ix = OPS[l];
    var n = countVisible(ix, view.a, view.b);
    if (n > plotW / 3) {
      sampledLanes++;
      var cols = columns(ix, D.ops, 1, 2, function (r) { return r[3]; });
      opsInView += n;
      fillColumns(cols, y0 + 4, h - 8, function (s) { return OUT_FILL[s]; });
      return;
    }
    opsInView += eachVisible(ix, D.ops, 1, 2, view.a, view.b, function (id) {
      var r = D.ops[id];
      var sx = span(r[1], r[2]);
      ctx.fillStyle = OUT_FILL[r[3]];
      ctx.fillRect(sx[0], y0 + 4, sx[1] - sx[0], h - 8);
      if (r[3] === 3) {
        ctx.strokeStyle = '#9a6a00'; ctx.setLineDash([3, 2]);
        ctx.strokeRect(sx[0] + 0.5, y0 + 4.5, sx[1] - sx[0] - 1, h - 9);
        ctx.setLineDash([]);
      }
      if (sx[1] - sx[0] > 30) clippedText(opLabel(r), sx[0], sx[1], y0 + h - 8, r[3] === 0 ? '#ffffff' : '#29313d');
    });
  }
  // "read k1 → 3", "write k1 4", "acquire /ls/lock1 → 37": what the op asked and what it got.
  function opLabel(r) {
    var text = r[6] + (r[7] ? ' ' + r[7] : '');
    if (r[9] !== '' && r[9] !== 'null' && r[9] !== r[8]) return text + ' → ' + r[9];
    if (r[8] !== '' && r[8] !== 'null') return text + ' ' + r[8];
    return text;
  }

  function drawRoles(l, y0, h) {
    eachVisible(ROLESIX[l], D.roles, 1, 2, view.a, view.b, function (id) {
      var r = D.roles[id];
      var sx = span(r[1], r[2]);
      ctx.fillStyle = ROLE_FILL[r[3]];
      ctx.fillRect(sx[0], y0 + 2, sx[1] - sx[0], h - 4);
      var text = ROLES[r[3]] + (r[4] >= 0 && r[3] !== 3 ? ' · term ' + r[4] : '');
      clippedText(text, sx[0], sx[1], y0 + h - 7, ROLE_TEXT[r[3]]);
    });
  }

  function drawPauses(l, y0, h) {
    eachVisible(PAUSES[l], D.pauses, 1, 2, view.a, view.b, function (id) {
      var r = D.pauses[id];
      var sx = span(r[1], r[2]);
      ctx.fillStyle = hatchPattern();
      ctx.fillRect(sx[0], y0 + 1, sx[1] - sx[0], h - 2);
      ctx.strokeStyle = 'rgba(235,120,20,0.9)';
      ctx.strokeRect(sx[0] + 0.5, y0 + 1.5, sx[1] - sx[0] - 1, h - 3);
      ctx.fillStyle = '#ffffff';
      var tw = ctx.measureText('paused').width;
      if (sx[1] - sx[0] > tw + 12) {
        var mid = (Math.max(sx[0], plotX) + Math.min(sx[1], plotX + plotW)) / 2;
        ctx.fillRect(mid - tw / 2 - 3, y0 + 5, tw + 6, h - 10);
        ctx.fillStyle = '#a04b00';
        ctx.fillText('paused', mid - tw / 2, y0 + h - 8);
      }
    });
  }

  function drawIntervals(l, y0, h, rows, IX, isBelief) {
    var ix = IX[l];
    var n = countVisible(ix, view.a, view.b);
    var inset = isBelief ? 3 : 6;
    if (n > plotW / 3) {
      sampledLanes++;
      var cols = columns(ix, rows, 1, 2, function (r) { return clientIndex[r[3]] || 0; });
      ctx.globalAlpha = isBelief ? 0.85 : 0.5;
      fillColumns(cols, y0 + inset, h - 2 * inset, function (s) { return CLIENT_COLORS[s % CLIENT_COLORS.length]; });
      ctx.globalAlpha = 1;
      return;
    }
    eachVisible(ix, rows, 1, 2, view.a, view.b, function (id) {
      var r = rows[id];
      var sx = span(r[1], r[2]);
      var color = clientColor(r[3]);
      ctx.globalAlpha = isBelief ? 0.9 : 0.45;
      ctx.fillStyle = color;
      ctx.fillRect(sx[0], y0 + inset, sx[1] - sx[0], h - 2 * inset);
      ctx.globalAlpha = 1;
      if (!isBelief) {
        ctx.strokeStyle = color;
        ctx.strokeRect(sx[0] + 0.5, y0 + inset + 0.5, sx[1] - sx[0] - 1, h - 2 * inset - 1);
      }
      var open = isBelief ? r[7] : r[6];
      if (open && sx[1] - sx[0] > 8) {
        ctx.fillStyle = '#ffffff';
        ctx.fillText('→', Math.min(sx[1], plotX + plotW) - 12, y0 + h - 7);
      }
      if (isBelief) clippedText(r[3] + ' · token ' + r[4], sx[0], sx[1] - (open ? 14 : 0), y0 + h - 8, '#ffffff');
      else clippedText(r[3] + ' · token ' + r[4], sx[0], sx[1], y0 + h - 8, '#1d2530');
    });
  }

  function drawWrites(l, y0, h) {
    var ix = WRITES[l];
    var n = countVisible(ix, view.a, view.b);
    if (n > plotW / 2) sampledLanes++;
    var lastX = -10;
    eachVisible(ix, D.writes, 1, 1, view.a, view.b, function (id) {
      var r = D.writes[id];
      var x = Math.round(xOf(r[1])) + 0.5;
      if (r[2] === 1) {
        if (n > plotW / 2 && x === lastX) return;
        lastX = x;
        ctx.strokeStyle = '#2f7d45';
        ctx.beginPath(); ctx.moveTo(x, y0 + 3); ctx.lineTo(x, y0 + h - 3); ctx.stroke();
      } else {
        ctx.strokeStyle = '#8a95a5';
        ctx.beginPath();
        ctx.moveTo(x - 3, y0 + h / 2 - 3); ctx.lineTo(x + 3, y0 + h / 2 + 3);
        ctx.moveTo(x + 3, y0 + h / 2 - 3); ctx.lineTo(x - 3, y0 + h / 2 + 3);
        ctx.stroke();
      }
    });
  }

  function currentViolation() { return selected > 0 ? D.violations[selected - 1] : null; }

  function drawViolationWindow() {
    var v = currentViolation();
    if (!v || v.end < view.a || v.start > view.b) return;
    var sx = span(v.start, v.end);
    ctx.fillStyle = 'rgba(214,40,40,0.10)';
    ctx.fillRect(sx[0], contentTop, sx[1] - sx[0], totalH - contentTop);
    ctx.strokeStyle = 'rgba(214,40,40,0.55)';
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(sx[0] + 0.5, contentTop); ctx.lineTo(sx[0] + 0.5, totalH);
    ctx.moveTo(sx[1] - 0.5, contentTop); ctx.lineTo(sx[1] - 0.5, totalH);
    ctx.stroke();
    ctx.setLineDash([]);
  }

  function ring(x0, x1, y0, h, color) {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2.5;
    ctx.strokeRect(x0 - 1, y0 - 1, Math.max(3, x1 - x0) + 2, h + 2);
    ctx.lineWidth = 1;
  }

  function drawHighlights() {
    var v = currentViolation();
    if (!v) return;
    v.prefix.forEach(function (id) {
      var r = D.ops[id]; var sx = span(r[1], r[2]);
      ctx.fillStyle = GREEN;
      ctx.fillRect(sx[0], laneY[r[0]] + laneH[r[0]] - 4, sx[1] - sx[0], 3);
    });
    if (v.prefix.length > 0) {
      var px = Math.round(xOf(prefixEnd(v))) + 0.5;
      ctx.strokeStyle = GREEN; ctx.lineWidth = 1.5; ctx.setLineDash([5, 3]);
      ctx.beginPath(); ctx.moveTo(px, AXIS_H); ctx.lineTo(px, totalH); ctx.stroke();
      ctx.setLineDash([]); ctx.lineWidth = 1;
    }
    v.ops.forEach(function (id) {
      var r = D.ops[id]; var sx = span(r[1], r[2]);
      ctx.fillStyle = OUT_FILL[r[3]];
      ctx.fillRect(sx[0], laneY[r[0]] + 4, sx[1] - sx[0], laneH[r[0]] - 8);
      ring(sx[0], sx[1], laneY[r[0]] + 4, laneH[r[0]] - 8, RED);
      if (sx[1] - sx[0] > 30) clippedText(opLabel(r), sx[0], sx[1], laneY[r[0]] + laneH[r[0]] - 8, r[3] === 0 ? '#ffffff' : '#29313d');
    });
    v.beliefs.forEach(function (id) {
      var r = D.beliefs[id]; var sx = span(r[1], r[2]);
      ring(sx[0], sx[1], laneY[r[0]] + 3, laneH[r[0]] - 6, RED);
    });
    v.grants.forEach(function (id) {
      var r = D.grants[id]; var sx = span(r[1], r[2]);
      ring(sx[0], sx[1], laneY[r[0]] + 6, laneH[r[0]] - 12, '#b02020');
    });
    v.writes.forEach(function (id) {
      var r = D.writes[id]; var x = xOf(r[1]);
      var yy = laneY[r[0]] + laneH[r[0]] / 2;
      ctx.strokeStyle = RED; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.arc(x, yy, 6, 0, Math.PI * 2); ctx.stroke();
      ctx.lineWidth = 1;
    });
  }

  // The last invocation in the longest linearizable prefix: everything up to it can be ordered.
  function prefixEnd(v) {
    var last = 0;
    v.prefix.forEach(function (id) { last = Math.max(last, D.ops[id][1]); });
    return last;
  }

  function drawViolationMarks() {
    D.violations.forEach(function (v) {
      if (v.at < view.a || v.at > view.b) return;
      var x = Math.round(xOf(v.at)) + 0.5;
      ctx.strokeStyle = v.n === selected ? RED : 'rgba(214,40,40,0.55)';
      ctx.lineWidth = v.n === selected ? 2 : 1;
      ctx.beginPath(); ctx.moveTo(x, AXIS_H - 6); ctx.lineTo(x, totalH); ctx.stroke();
      ctx.lineWidth = 1;
    });
  }

  function niceStep(span, px) {
    var raw = span / Math.max(1, px / 110);
    var p = Math.pow(10, Math.floor(Math.log10(raw)));
    var m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
  }
  function tickLabel(t, step) {
    if (step >= 1e9) return (t / 1e9).toFixed(step >= 1e10 ? 0 : 1) + ' s';
    if (step >= 1e6) return (t / 1e6).toFixed(step >= 1e7 ? 0 : 1) + ' ms';
    if (step >= 1e3) return (t / 1e3).toFixed(step >= 1e4 ? 0 : 1) + ' µs';
    return Math.round(t) + ' ns';
  }

  function drawAxis() {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, W, AXIS_H);
    var step = niceStep(view.b - view.a, plotW);
    var first = Math.ceil(view.a / step) * step;
    ctx.strokeStyle = '#c6cfdb';
    ctx.fillStyle = '#4a5565';
    for (var t = first; t <= view.b; t += step) {
      var x = Math.round(xOf(t)) + 0.5;
      ctx.beginPath(); ctx.moveTo(x, AXIS_H - 8); ctx.lineTo(x, totalH); ctx.globalAlpha = 0.35; ctx.stroke(); ctx.globalAlpha = 1;
      var label = tickLabel(t, step);
      var tw = ctx.measureText(label).width;
      if (x - tw / 2 > plotX - 4 && x + tw / 2 < W) ctx.fillText(label, x - tw / 2, AXIS_H - 9);
    }
    ctx.strokeStyle = '#9aa6b6';
    ctx.beginPath(); ctx.moveTo(plotX, AXIS_H - 0.5); ctx.lineTo(plotX + plotW, AXIS_H - 0.5); ctx.stroke();
    // violation flags sit on the axis
    D.violations.forEach(function (v) {
      if (v.at < view.a || v.at > view.b) return;
      var x = xOf(v.at);
      ctx.fillStyle = v.n === selected ? RED : 'rgba(214,40,40,0.7)';
      ctx.beginPath(); ctx.arc(x, 10, 8, 0, Math.PI * 2); ctx.fill();
      ctx.fillStyle = '#ffffff';
      ctx.font = 'bold 10px system-ui, sans-serif';
      var s = String(v.n), tw = ctx.measureText(s).width;
      ctx.fillText(s, x - tw / 2, 14);
      ctx.font = '11px system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
      if (v.n === selected) {
        // Name the selected violation beside its flag, on whichever side has room.
        var name = v.kind + ': ' + v.title;
        ctx.fillStyle = RED;
        ctx.font = '600 11px system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
        var nw = ctx.measureText(name).width;
        var free = function (a, b) {
          return a >= plotX && b <= plotX + plotW && D.violations.every(function (o) {
            var ox = xOf(o.at);
            return o.n === v.n || o.at < view.a || o.at > view.b || ox < a - 10 || ox > b + 10;
          });
        };
        if (free(x + 12, x + 12 + nw)) ctx.fillText(name, x + 12, 14);
        else if (free(x - 12 - nw, x - 12)) ctx.fillText(name, x - 12 - nw, 14);
        ctx.font = '11px system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
      }
    });
    var cur = currentViolation();
    if (cur && cur.prefix.length > 0) {
      var pe = prefixEnd(cur);
      if (pe >= view.a && pe <= view.b) {
        var note = 'longest linearizable prefix ends here ▸', px = Math.round(xOf(pe)) + 0.5;
        var nw = ctx.measureText(note).width;
        ctx.fillStyle = GREEN;
        ctx.fillText(note, Math.max(plotX, px - nw - 4), 14);
        ctx.strokeStyle = GREEN; ctx.setLineDash([5, 3]);
        ctx.beginPath(); ctx.moveTo(px, 4); ctx.lineTo(px, AXIS_H); ctx.stroke();
        ctx.setLineDash([]);
      }
    }
    ctx.fillStyle = '#4a5565';
    ctx.fillText('true time →', 10, AXIS_H - 9);
  }

  function drawLabels() {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, AXIS_H, LABEL_W - 6, totalH - AXIS_H);
    headers.forEach(function (hd) {
      ctx.fillStyle = '#e8edf4';
      ctx.fillRect(0, hd.y, LABEL_W - 6, GROUP_H);
      ctx.fillStyle = '#1d2530';
      ctx.font = '600 11.5px system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
      ctx.fillText(hd.label, 8, hd.y + GROUP_H - 7);
      ctx.font = '11px system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
    });
    for (var l = 0; l < lanes.length; l++) {
      var lane = lanes[l];
      var yy = laneY[l] + laneH[l] - 7;
      var x = 14;
      if (lane.kind === 'client') {
        ctx.fillStyle = clientColor(lane.label);
        ctx.fillRect(x, laneY[l] + 6, 8, laneH[l] - 12);
        x += 13;
      }
      ctx.fillStyle = lane.kind === 'client' || lane.kind === 'server' || lane.kind === 'process' ? '#1d2530' : '#4a5565';
      var text = lane.label;
      while (text.length > 3 && ctx.measureText(text).width > LABEL_W - x - 12) text = text.slice(0, -2);
      ctx.fillText(text === lane.label ? text : text + '…', x, yy);
    }
    ctx.strokeStyle = '#c6cfdb';
    ctx.beginPath(); ctx.moveTo(LABEL_W - 5.5, AXIS_H); ctx.lineTo(LABEL_W - 5.5, totalH); ctx.stroke();
  }

  function updateStatus() {
    var whole = view.a <= t0 && view.b >= t1;
    var text = 'Showing ' + fmtT(view.a) + ' to ' + fmtT(view.b) + ' (' + fmtDur(view.b - view.a) + (whole ? ', the whole run' : '') + '). ';
    if (sampledLanes > 0) {
      text += 'Sampled: ' + fmtCount(opsInView) + ' operations are in view, too many to draw one by one, so crowded lanes are drawn as pixel columns coloured by the worst outcome in each column (info over fail over ok). Zoom in to see single operations.';
      root.setAttribute('data-sampled', '1');
    } else {
      text += fmtCount(opsInView) + ' operations in view, each drawn on its own.';
      root.setAttribute('data-sampled', '0');
    }
    statusEl.textContent = text;
    statusEl.className = 'tl-status' + (sampledLanes > 0 ? ' sampled' : '');
  }

  // ---- zoom ---------------------------------------------------------------------------------
  var MIN_SPAN = Math.max(1000, (t1 - t0) / 1e7);
  function zoomTo(a, b) {
    if (b < a) { var s = a; a = b; b = s; }
    var w = Math.max(MIN_SPAN, b - a);
    var mid = (a + b) / 2;
    a = mid - w / 2; b = mid + w / 2;
    if (w >= t1 - t0) { a = t0; b = t1; }
    else if (a < t0) { b += t0 - a; a = t0; }
    else if (b > t1) { a -= b - t1; b = t1; }
    view.a = a; view.b = b;
    hideTip();
    draw();
  }
  function zoomBy(f) {
    var mid = (view.a + view.b) / 2, w = (view.b - view.a) * f;
    zoomTo(mid - w / 2, mid + w / 2);
  }
  function pan(f) {
    var d = (view.b - view.a) * f;
    zoomTo(view.a + d, view.b + d);
  }
  function focusViolation(n) {
    var v = D.violations[n - 1];
    if (!v) return;
    selected = n;
    var w = Math.max(v.end - v.start, (t1 - t0) / 2000);
    zoomTo(v.start - w * 0.6, v.end + w * 0.6);
    var cards = document.querySelectorAll('[data-violation]');
    for (var i = 0; i < cards.length; i++) {
      cards[i].classList.toggle('selected', cards[i].getAttribute('data-violation') === String(n));
    }
  }

  root.querySelectorAll('[data-zoom]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var z = btn.getAttribute('data-zoom');
      if (z === 'in') zoomBy(0.5);
      else if (z === 'out') zoomBy(2);
      else if (z === 'left') pan(-0.4);
      else if (z === 'right') pan(0.4);
      else if (z === 'violation') focusViolation(selected || 1);
      else zoomTo(t0, t1);
    });
  });
  document.querySelectorAll('[data-show-violation]').forEach(function (el) {
    el.addEventListener('click', function (e) {
      e.preventDefault();
      focusViolation(Number(el.getAttribute('data-show-violation')));
      root.scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
  });

  var drag = null;
  function localX(e) { return e.clientX - canvas.getBoundingClientRect().left; }
  function localY(e) { return e.clientY - canvas.getBoundingClientRect().top; }
  canvas.addEventListener('mousedown', function (e) {
    if (e.button !== 0) return;
    var x = localX(e);
    if (x < plotX) return;
    drag = { x: x };
    e.preventDefault();
  });
  window.addEventListener('mousemove', function (e) {
    if (!drag) return;
    var x = Math.max(plotX, Math.min(plotX + plotW, localX(e)));
    var lo = Math.min(drag.x, x), hi = Math.max(drag.x, x);
    selEl.style.display = hi - lo > 3 ? 'block' : 'none';
    selEl.style.left = lo + 'px';
    selEl.style.width = (hi - lo) + 'px';
    selEl.style.height = totalH + 'px';
  });
  window.addEventListener('mouseup', function (e) {
    if (!drag) return;
    var x = Math.max(plotX, Math.min(plotX + plotW, localX(e)));
    var from = drag.x;
    drag = null;
    selEl.style.display = 'none';
    if (Math.abs(x - from) > 5) zoomTo(tOf(Math.min(from, x)), tOf(Math.max(from, x)));
  });
  canvas.addEventListener('dblclick', function () { zoomTo(t0, t1); });
  canvas.addEventListener('wheel', function (e) {
    if (!e.ctrlKey && !e.altKey) return;
    e.preventDefault();
    var t = tOf(localX(e));
    var f = e.deltaY > 0 ? 1.5 : 1 / 1.5;
    zoomTo(t - (t - view.a) * f, t + (view.b - t) * f);
  }, { passive: false });

  // ---- hover tooltip ------------------------------------------------------------------------
  function hideTip() { tip.hidden = true; }
  function showTip(e, title, lines) {
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    var h = document.createElement('div');
    h.className = 'tip-title';
    h.textContent = title;
    tip.appendChild(h);
    lines.forEach(function (pair) {
      if (pair[1] === '' || pair[1] === undefined || pair[1] === null) return;
      var row = document.createElement('div');
      var k = document.createElement('span');
      k.className = 'tip-key';
      k.textContent = pair[0];
      var v = document.createElement('span');
      v.textContent = String(pair[1]);
      row.appendChild(k); row.appendChild(v);
      tip.appendChild(row);
    });
    tip.hidden = false;
    var tw = tip.offsetWidth, th = tip.offsetHeight;
    var left = e.clientX + 14, top = e.clientY + 14;
    if (left + tw > window.innerWidth - 8) left = e.clientX - tw - 14;
    if (top + th > window.innerHeight - 8) top = e.clientY - th - 14;
    tip.style.left = Math.max(4, left) + 'px';
    tip.style.top = Math.max(4, top) + 'px';
  }

  function nearest(ix, rows, sCol, eCol, t, tol) {
    var best = -1, bestD = Infinity;
    eachVisible(ix, rows, sCol, eCol, t - tol, t + tol, function (id) {
      var r = rows[id];
      var d = t < r[sCol] ? r[sCol] - t : t > r[eCol] ? t - r[eCol] : 0;
      if (d < bestD) { bestD = d; best = id; }
    });
    return best;
  }

  function hit(e) {
    var x = localX(e), yy = localY(e);
    if (x < plotX || x > plotX + plotW) return null;
    var t = tOf(x), tol = 4 * (view.b - view.a) / plotW;
    if (yy < AXIS_H) {
      for (var i = 0; i < D.violations.length; i++) {
        var v = D.violations[i];
        if (Math.abs(xOf(v.at) - x) < 9) {
          return ['Violation ' + v.n + ': ' + v.title, [['at', fmtT(v.at)], ['what', v.explanation], ['', 'click the list above to zoom to it']]];
        }
      }
      return null;
    }
    if (D.faultRows > 0 && yy >= faultTop && yy < faultTop + D.faultRows * FAULT_H) {
      var row = Math.floor((yy - faultTop) / FAULT_H);
      for (var k = 0; k < D.faults.length; k++) {
        var f = D.faults[k];
        if (f[0] === row && f[1] - tol <= t && t <= f[2] + tol) {
          return ['Fault: ' + f[3], [['kind', FAULT_NAMES[f[4]]], ['from', fmtT(f[1])], ['to', f[8] ? 'never healed' : fmtT(f[2])],
            ['lasted', fmtDur(f[2] - f[1])], ['targets', f[6]], ['params', f[7]]]];
        }
      }
      return null;
    }
    var l = -1;
    for (var j = 0; j < lanes.length; j++) if (yy >= laneY[j] && yy < laneY[j] + laneH[j]) { l = j; break; }
    if (l < 0) return null;
    var kind = lanes[l].kind, id;
    if (kind === 'client') {
      id = nearest(OPS[l], D.ops, 1, 2, t, tol);
      if (id < 0) return null;
      var r = D.ops[id];
      return [r[6] + (r[7] ? ' ' + r[7] : '') + ': ' + OUTCOMES[r[3]], [['client', lanes[l].label + ' (process ' + r[11] + ')'],
        ['invoked', fmtT(r[1])], ['completed', r[3] === 3 ? 'never (run ended)' : fmtT(r[2])], ['took', fmtDur(r[2] - r[1])],
        ['argument', r[8]], ['result', r[9]], ['error', r[10]], ['history index', r[4] + (r[5] >= 0 ? ', ' + r[5] : '')]]];
    }
    if (kind === 'server' || kind === 'process') {
      id = nearest(PAUSES[l], D.pauses, 1, 2, t, 0);
      if (id >= 0) {
        var p = D.pauses[id];
        return [lanes[l].label + ' paused', [['from', fmtT(p[1])], ['to', fmtT(p[2])], ['lasted', fmtDur(p[2] - p[1])]]];
      }
      id = nearest(ROLESIX[l], D.roles, 1, 2, t, tol);
      if (id < 0) return null;
      var ro = D.roles[id];
      return [lanes[l].label + ': ' + ROLES[ro[3]], [['term', ro[4] >= 0 ? ro[4] : 'unknown'], ['from', fmtT(ro[1])], ['to', fmtT(ro[2])], ['lasted', fmtDur(ro[2] - ro[1])]]];
    }
    if (kind === 'belief') {
      id = nearest(BELIEFS[l], D.beliefs, 1, 2, t, tol);
      if (id < 0) return null;
      var b = D.beliefs[id];
      return [b[3] + ' believed it held the lock', [['token', b[4]], ['mode', b[5]], ['from', fmtT(b[1])],
        ['until', b[7] ? 'the end of the run' : fmtT(b[2])], ['lasted', fmtDur(b[2] - b[1])], ['ended because', b[6]], ['history index', b[8] >= 0 ? b[8] : '']]];
    }
    if (kind === 'grant') {
      id = nearest(GRANTS[l], D.grants, 1, 2, t, tol);
      if (id < 0) return null;
      var g = D.grants[id];
      return ['Server granted the lock to ' + g[3], [['token', g[4]], ['granted', fmtT(g[1])], ['server end', g[6] ? 'never' : fmtT(g[2])],
        ['lasted', fmtDur(g[2] - g[1])], ['ended because', g[5]]]];
    }
    if (kind === 'writes') {
      id = nearest(WRITES[l], D.writes, 1, 1, t, tol);
      if (id < 0) return null;
      var w = D.writes[id];
      return ['Resource ' + (w[2] ? 'accepted' : 'refused') + ' a write from ' + w[3], [['at', fmtT(w[1])],
        ['token', w[4] >= 0 ? w[4] : 'none'], ['reason', w[5]], ['key', w[6]], ['value', w[7]]]];
    }
    return null;
  }

  canvas.addEventListener('mousemove', function (e) {
    if (drag) { hideTip(); return; }
    var h = hit(e);
    if (h) showTip(e, h[0], h[1]); else hideTip();
  });
  canvas.addEventListener('mouseleave', hideTip);

  var pending = false;
  window.addEventListener('resize', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; draw(); });
  });

  // For tests and for readers poking at the page from the console.
  window.lockstepTimeline = {
    zoomTo: zoomTo,
    focusViolation: focusViolation,
    view: view,
    laneBox: function (i) { return { y: laneY[i], h: laneH[i] }; },
    xOf: xOf,
  };
  draw();
})();
`;

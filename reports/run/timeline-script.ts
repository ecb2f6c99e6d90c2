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
 * Every label it draws goes through one function that also records the label's box, so a test
 * can check that no two labels overlap (lockstepTimeline.labels()).
 *
 * Written without backticks or dollar-brace so it can live in a template string.
 */
import { FORMAT_SCRIPT } from '../html/format-script.js';

export const TIMELINE_SCRIPT = String.raw`
(function () {
  'use strict';
  var scriptStarted = performance.now();
  ${FORMAT_SCRIPT}
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

  var LABEL_W = 178, AXIS_H = 42, SUB_H = 9, ROW_H = 22, WRITES_H = 18, GROUP_H = 22, PAD_R = 14;
  var OUTCOMES = ['ok', 'fail', 'info', 'no completion'];
  var OUT_FILL = ['#4f9d5d', '#b3bcc9', '#efa821', '#efa821'];
  var ROLES = ['follower', 'candidate', 'leader', 'down', 'up', 'pre-candidate', 'primary', 'replica', 'promoted', 'sentinel'];
  var ROLE_FILL = ['#dbe3ee', '#f4c550', '#2463a6', '#262a30', '#eef1f5', '#f8e2a0', '#2463a6', '#dbe3ee', '#7b3fb0', '#e4ead6'];
  var ROLE_TEXT = ['#3d4a5c', '#4d3a00', '#ffffff', '#f3f4f6', '#3d4a5c', '#4d3a00', '#ffffff', '#3d4a5c', '#ffffff', '#3d4a5c'];
  // Stores count epochs, Raft servers terms.
  var ROLE_EPOCH = [false, false, false, false, false, false, true, true, true, false];
  var SESSIONS = ['connected', 'suspended', 'lost'];
  var SESSION_FILL = ['#8fcca0', '#f0b429', '#d62828'];
  var FAULT_RGB = ['124,77,255', '235,120,20', '0,140,130', '70,70,70', '30,130,220', '120,120,120'];
  var FAULT_NAMES = ['partition', 'pause', 'clock', 'crash', 'network', 'other'];
  var CLIENT_COLORS = ['#3b7dd8', '#d9534f', '#2a9d8f', '#9b59b6', '#e67e22', '#16a085', '#c0392b',
    '#8e6c3a', '#d63384', '#5d6d7e', '#1abc9c', '#6f42c1'];
  var RED = '#d62828', GREEN = '#0f6b2c';

  var t0 = D.t0, t1 = D.t1;
  var view = { a: t0, b: t1 };
  // The selected story (0: none), the fault picked in the fault lane (-1: none), the key shown ('' all).
  var selected = D.stories.length > 0 ? 1 : 0;
  var pickedFault = -1;
  var keyShown = '';
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
  var lastGroup = null;
  for (var li = 0; li < lanes.length; li++) {
    if (lanes[li].group !== lastGroup) {
      lastGroup = lanes[li].group;
      headers.push({ label: lastGroup, y: y });
      y += GROUP_H;
    }
    laneY.push(y);
    var rows = lanes[li].rows || 1;
    laneH.push(lanes[li].kind === 'writes' ? WRITES_H : lanes[li].kind === 'faults' && rows > 1 ? rows * SUB_H + 4 : ROW_H);
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
  var SESSIONIX = indexRows(D.sessions, 1, 2);
  var FAULTIX = indexRows(D.faults, 1, 2);
  var PAUSES = indexRows(D.pauses, 1, 2);
  var BELIEFS = indexRows(D.beliefs, 1, 2);
  var GRANTS = indexRows(D.grants, 1, 2);
  var WRITES = indexRows(D.writes, 1, 1);

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
  // Every label drawn, with its box (canvas pixels), for the overlap check in the browser tests.
  var labels = [];
  var labelsByBand = {};
  function boxFree(band, x0, x1) {
    var list = labelsByBand[band];
    if (!list) return true;
    for (var i = 0; i < list.length; i++) if (x0 < list[i][1] + 3 && x1 > list[i][0] - 3) return false;
    return true;
  }
  // Draws text at (x, yy) baseline and records it; band groups labels that could collide.
  function label(text, x, yy, color, band, font) {
    if (font) ctx.font = font;
    var w = ctx.measureText(text).width;
    ctx.fillStyle = color;
    ctx.fillText(text, x, yy);
    labels.push({ text: text, x: x, y: yy - 10, w: w, h: 13, band: band });
    (labelsByBand[band] || (labelsByBand[band] = [])).push([x, x + w]);
    if (font) ctx.font = FONT;
    return w;
  }
  // Texts of a lane's items wait until the lane's pauses are drawn, so the hatch never covers a
  // label and a label never lands on a "paused" tag.
  var queued = [];
  function later(text, x0, x1, yy, color, band) { queued.push([text, x0, x1, yy, color, band]); }
  function flushLater() {
    queued.forEach(function (p) {
      if (!fitText(p[0], p[1], p[2], p[3], p[4], p[5]) && p[6]) fitText(p[6], p[1], p[2], p[3], p[4], p[5]);
    });
    queued = [];
  }
  // A label inside the visible part of [x0, x1], drawn whole or not at all: never cut off.
  function fitText(text, x0, x1, yy, color, band) {
    var left = Math.max(x0, plotX) + 4, right = Math.min(x1, plotX + plotW) - 3;
    var w = ctx.measureText(text).width;
    if (w > right - left || !boxFree(band, left, left + w)) return false;
    label(text, left, yy, color, band);
    return true;
  }
  function span(s, e) {
    var x0 = Math.max(xOf(s), plotX - 2), x1 = Math.min(xOf(e), plotX + plotW + 2);
    if (x1 - x0 < 1) x1 = x0 + 1;
    return [x0, x1];
  }

  var sampledLanes = 0, opsInView = 0;
  var FONT = '11px system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

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
    ctx.font = FONT;
    ctx.textBaseline = 'alphabetic';
    sampledLanes = 0; opsInView = 0;
    labels = []; labelsByBand = {};

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
    drawViolationWindow();
    for (var l = 0; l < lanes.length; l++) drawLane(l);
    drawFaultTargets();
    drawFaultMarks();
    drawHighlights();
    drawViolationMarks();
    ctx.restore();

    drawAxis();
    drawLabels();
    updateStatus();
    root.setAttribute('data-view-start', String(view.a));
    root.setAttribute('data-view-end', String(view.b));
    root.setAttribute('data-selected', String(selected));
    if (root.getAttribute('data-ready') !== '1') {
      // How long the page took to its first drawing, and how much of it was this script's work.
      root.setAttribute('data-first-draw-ms', String(Math.round(performance.now())));
      root.setAttribute('data-script-ms', String(Math.round(performance.now() - scriptStarted)));
    }
    root.setAttribute('data-ready', '1');
  }

  // One lane per kind of fault; overlapping faults of a kind sit in thin sub-rows. Labels (the
  // targets) only where a fault has a full-height row and room for the whole label.
  function drawFaults(l, y0, h) {
    var lane = lanes[l], rows = lane.rows || 1, subH = rows > 1 ? SUB_H : h - 4;
    eachVisible(FAULTIX[l], D.faults, 1, 2, view.a, view.b, function (id) {
      var f = D.faults[id];
      var sx = span(f[1], f[2]);
      var fy = y0 + 2 + f[9] * (rows > 1 ? SUB_H : 0);
      ctx.fillStyle = 'rgba(' + (FAULT_RGB[f[4]] || FAULT_RGB[5]) + ',' + (rows > 1 ? '0.7' : '0.85') + ')';
      ctx.fillRect(sx[0], fy, sx[1] - sx[0], subH - 1);
      if (rows === 1) fitText(f[3] + (f[8] ? ' (never healed)' : ''), sx[0], sx[1], fy + subH - 5, '#ffffff', 'lane' + l);
    });
  }

  // The targeted process lanes take the fault's colour while it lasts (pauses have their own hatch).
  function drawFaultTargets() {
    D.faults.forEach(function (f) {
      if (f[2] < view.a || f[1] > view.b || f[4] === 1) return;
      var sx = span(f[1], f[2]);
      ctx.fillStyle = 'rgba(' + (FAULT_RGB[f[4]] || FAULT_RGB[5]) + ',0.16)';
      f[5].forEach(function (lane) { ctx.fillRect(sx[0], laneY[lane], sx[1] - sx[0], laneH[lane]); });
    });
  }

  // The selected story's candidate faults (solid red on involved processes, dashed otherwise) and
  // the fault picked in the lane (a dark outline, and its targets' lanes outlined too).
  function faultBox(id) {
    var f = D.faults[id], l = f[0], rows = lanes[l].rows || 1;
    var sx = span(f[1], f[2]);
    var fy = laneY[l] + 2 + f[9] * (rows > 1 ? SUB_H : 0);
    return [sx[0], fy, sx[1] - sx[0], (rows > 1 ? SUB_H : laneH[l] - 4) - 1];
  }
  function drawFaultMarks() {
    var st = currentStory();
    if (st) {
      st.faults.forEach(function (id) {
        var b = faultBox(id);
        var strong = st.strong.indexOf(id) >= 0;
        ctx.strokeStyle = RED; ctx.lineWidth = strong ? 2 : 1;
        if (!strong) ctx.setLineDash([3, 2]);
        ctx.strokeRect(b[0] - 0.5, b[1] - 0.5, b[2] + 1, b[3] + 1);
        ctx.setLineDash([]); ctx.lineWidth = 1;
      });
    }
    if (pickedFault >= 0) {
      var f = D.faults[pickedFault], b = faultBox(pickedFault);
      ctx.strokeStyle = '#111822'; ctx.lineWidth = 2.5;
      ctx.strokeRect(b[0] - 1.5, b[1] - 1.5, b[2] + 3, b[3] + 3);
      ctx.lineWidth = 1.5; ctx.strokeStyle = 'rgba(' + (FAULT_RGB[f[4]] || FAULT_RGB[5]) + ',1)';
      f[5].forEach(function (lane) { ctx.strokeRect(b[0] + 0.5, laneY[lane] + 1.5, b[2] - 1, laneH[lane] - 3); });
      ctx.lineWidth = 1;
    }
  }

  function drawLane(l) {
    var kind = lanes[l].kind, y0 = laneY[l], h = laneH[l];
    if (kind === 'faults') { drawFaults(l, y0, h); return; }
    if (kind === 'client') { drawOps(l, y0, h); drawSessions(l, y0, h); }
    else if (kind === 'server' || kind === 'process') drawRoles(l, y0, h);
    else if (kind === 'belief') drawIntervals(l, y0, h, D.beliefs, BELIEFS, true);
    else if (kind === 'grant') drawIntervals(l, y0, h, D.grants, GRANTS, false);
    else if (kind === 'writes') drawWrites(l, y0, h);
    if (kind !== 'belief' && kind !== 'grant' && kind !== 'writes') drawPauses(l, y0, h);
    flushLater();
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
      var cols = columns(ix, D.ops, 1, 2, function (r) { return keyShown !== '' && r[7] !== keyShown ? -1 : r[3]; });
      opsInView += n;
      fillColumns(cols, y0 + 4, h - 8, function (s) { return OUT_FILL[s]; });
      return;
    }
    opsInView += eachVisible(ix, D.ops, 1, 2, view.a, view.b, function (id) {
      var r = D.ops[id];
      if (keyShown !== '' && r[7] !== keyShown) return;
      var sx = span(r[1], r[2]);
      ctx.fillStyle = OUT_FILL[r[3]];
      ctx.fillRect(sx[0], y0 + 4, sx[1] - sx[0], h - 8);
      if (r[3] === 3) {
        ctx.strokeStyle = '#9a6a00'; ctx.setLineDash([3, 2]);
        ctx.strokeRect(sx[0] + 0.5, y0 + 4.5, sx[1] - sx[0] - 1, h - 9);
        ctx.setLineDash([]);
      }
      if (sx[1] - sx[0] > 30) later(opLabel(r), sx[0], sx[1], y0 + h - 8, r[3] === 0 ? '#ffffff' : '#29313d', 'lane' + l);
    });
  }

  // The client's session along the bottom of its lane: connected, suspended, lost.
  function drawSessions(l, y0, h) {
    eachVisible(SESSIONIX[l], D.sessions, 1, 2, view.a, view.b, function (id) {
      var r = D.sessions[id];
      var sx = span(r[1], r[2]);
      ctx.fillStyle = SESSION_FILL[r[3]];
      ctx.fillRect(sx[0], y0 + h - 3, sx[1] - sx[0], 3);
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
      var text = ROLES[r[3]] + (r[4] >= 0 && r[3] !== 3 ? (ROLE_EPOCH[r[3]] ? ' · epoch ' : ' · term ') + r[4] : '');
      var sx0 = sx[0], sx1 = sx[1], color = ROLE_TEXT[r[3]], short = ROLES[r[3]];
      queued.push([text, sx0, sx1, y0 + h - 7, color, 'lane' + l, short]);
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
      var tw = ctx.measureText('paused').width;
      var mid = (Math.max(sx[0], plotX) + Math.min(sx[1], plotX + plotW)) / 2;
      if (Math.min(sx[1], plotX + plotW) - Math.max(sx[0], plotX) > tw + 12 && boxFree('lane' + l, mid - tw / 2 - 3, mid + tw / 2 + 3)) {
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(mid - tw / 2 - 3, y0 + 5, tw + 6, h - 10);
        label('paused', mid - tw / 2, y0 + h - 8, '#a04b00', 'lane' + l);
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
      if (isBelief) later(r[3] + ' · token ' + r[4], sx[0], sx[1] - (open ? 14 : 0), y0 + h - 8, '#ffffff', 'lane' + l);
      else later(r[3] + ' · token ' + r[4], sx[0], sx[1], y0 + h - 8, '#1d2530', 'lane' + l);
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

  function currentStory() { return selected > 0 ? D.stories[selected - 1] : null; }
  // The violations of the selected story, the root first.
  function storyViolations() {
    var st = currentStory();
    return st ? st.violations.map(function (n) { return D.violations[n - 1]; }) : [];
  }

  // The selected story's root window, shaded, and the rest of the story's window, outlined.
  function drawViolationWindow() {
    var st = currentStory();
    if (!st || st.end < view.a || st.start > view.b) return;
    var sx = span(st.rootStart, st.rootEnd);
    ctx.fillStyle = 'rgba(214,40,40,0.10)';
    ctx.fillRect(sx[0], contentTop, sx[1] - sx[0], totalH - contentTop);
    var wx = span(st.start, st.end);
    ctx.strokeStyle = 'rgba(214,40,40,0.55)';
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(wx[0] + 0.5, contentTop); ctx.lineTo(wx[0] + 0.5, totalH);
    ctx.moveTo(wx[1] - 0.5, contentTop); ctx.lineTo(wx[1] - 0.5, totalH);
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
    storyViolations().forEach(function (v) {
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
        ring(sx[0], sx[1], laneY[r[0]] + 4, laneH[r[0]] - 8, RED);
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
    });
  }

  // The last invocation in the longest linearizable prefix: everything up to it can be ordered.
  function prefixEnd(v) {
    var last = 0;
    v.prefix.forEach(function (id) { last = Math.max(last, D.ops[id][1]); });
    return last;
  }

  // A thin red line at every violation; the selected story's stronger.
  function drawViolationMarks() {
    D.violations.forEach(function (v) {
      if (v.at < view.a || v.at > view.b) return;
      var x = Math.round(xOf(v.at)) + 0.5;
      var mine = v.story === selected;
      ctx.strokeStyle = mine ? 'rgba(214,40,40,0.85)' : 'rgba(214,40,40,0.3)';
      ctx.lineWidth = mine ? 1.5 : 1;
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
  // Tick labels in the page's one time format, to the precision the step needs.
  function tickLabel(t, step) {
    if (step >= 1e9) return fmtTrimFixed((t / 1e9).toFixed(step >= 1e10 ? 0 : 1)) + 's';
    if (step >= 1e6) return fmtTrimFixed((t / 1e6).toFixed(step >= 1e7 ? 0 : 1)) + 'ms';
    if (step >= 1e3) return fmtTrimFixed((t / 1e3).toFixed(step >= 1e4 ? 0 : 1)) + 'µs';
    return Math.round(t) + 'ns';
  }

  var FLAG_R = 8;
  // Where each story's flag is drawn: at its root's instant, nudged right of the flag before it
  // when they would touch (the thin line below still marks the exact instant).
  function flagPositions() {
    var out = [], lastX = -1e9;
    D.stories.forEach(function (st) {
      var root = D.violations[st.violations[0] - 1];
      if (root.at < view.a || root.at > view.b) return;
      var x = Math.max(xOf(root.at), lastX + 2 * FLAG_R + 2);
      lastX = x;
      out.push({ st: st, x: x, at: xOf(root.at) });
    });
    return out;
  }

  function drawAxis() {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, W, AXIS_H);
    label('true time →', 10, AXIS_H - 9, '#4a5565', 'axis');
    var step = niceStep(view.b - view.a, plotW);
    var first = Math.ceil(view.a / step) * step;
    ctx.strokeStyle = '#c6cfdb';
    for (var t = first; t <= view.b; t += step) {
      var x = Math.round(xOf(t)) + 0.5;
      ctx.beginPath(); ctx.moveTo(x, AXIS_H - 8); ctx.lineTo(x, totalH); ctx.globalAlpha = 0.35; ctx.stroke(); ctx.globalAlpha = 1;
      var text = tickLabel(t, step);
      var tw = ctx.measureText(text).width;
      if (x - tw / 2 > plotX - 4 && x + tw / 2 < W && boxFree('axis', x - tw / 2, x + tw / 2)) label(text, x - tw / 2, AXIS_H - 9, '#4a5565', 'axis');
    }
    ctx.strokeStyle = '#9aa6b6';
    ctx.beginPath(); ctx.moveTo(plotX, AXIS_H - 0.5); ctx.lineTo(plotX + plotW, AXIS_H - 0.5); ctx.stroke();
    // One numbered flag per story, at its root; the selected one is named beside it if there is room.
    var flags = flagPositions();
    flags.forEach(function (f) {
      var mine = f.st.n === selected;
      if (Math.abs(f.x - f.at) > 1) {
        ctx.strokeStyle = 'rgba(214,40,40,0.6)';
        ctx.beginPath(); ctx.moveTo(f.at, AXIS_H - 6); ctx.lineTo(f.x, 10 + FLAG_R); ctx.stroke();
      }
      ctx.fillStyle = mine ? RED : 'rgba(214,40,40,0.7)';
      ctx.beginPath(); ctx.arc(f.x, 10, FLAG_R, 0, Math.PI * 2); ctx.fill();
      var s = String(f.st.n);
      ctx.font = 'bold 10px system-ui, sans-serif';
      var tw = ctx.measureText(s).width;
      label(s, f.x - tw / 2, 14, '#ffffff', 'flags', 'bold 10px system-ui, sans-serif');
    });
    flags.forEach(function (f) {
      if (f.st.n !== selected) return;
      var root = D.violations[f.st.violations[0] - 1];
      var name = 'story ' + f.st.n + ': ' + root.kind + (f.st.violations.length > 1 ? ' and ' + (f.st.violations.length - 1) + ' more' : '');
      var font = '600 11px system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
      ctx.font = font;
      var nw = ctx.measureText(name).width;
      ctx.font = FONT;
      var right = f.x + FLAG_R + 4, left = f.x - FLAG_R - 4 - nw;
      if (right + nw <= plotX + plotW && boxFree('flags', right, right + nw)) label(name, right, 14, RED, 'flags', font);
      else if (left >= plotX && boxFree('flags', left, left + nw)) label(name, left, 14, RED, 'flags', font);
    });
    var withPrefix = storyViolations().filter(function (v) { return v.prefix.length > 0; })[0];
    if (withPrefix) {
      var pe = prefixEnd(withPrefix);
      if (pe >= view.a && pe <= view.b) {
        var note = 'longest linearizable prefix ends here ▸', px = Math.round(xOf(pe)) + 0.5;
        var nw2 = ctx.measureText(note).width;
        var nx = Math.max(plotX, px - nw2 - 4);
        if (boxFree('flags', nx, nx + nw2)) label(note, nx, 14, GREEN, 'flags');
        ctx.strokeStyle = GREEN; ctx.setLineDash([5, 3]);
        ctx.beginPath(); ctx.moveTo(px, 4); ctx.lineTo(px, AXIS_H); ctx.stroke();
        ctx.setLineDash([]);
      }
    }
  }

  function drawLabels() {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, AXIS_H, LABEL_W - 6, totalH - AXIS_H);
    var HEAD_FONT = '600 11.5px system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
    headers.forEach(function (hd) {
      ctx.fillStyle = '#e8edf4';
      ctx.fillRect(0, hd.y, LABEL_W - 6, GROUP_H);
      label(hd.label, 8, hd.y + GROUP_H - 7, '#1d2530', 'head' + hd.y, HEAD_FONT);
    });
    for (var l = 0; l < lanes.length; l++) {
      var lane = lanes[l];
      var yy = laneY[l] + Math.min(laneH[l], ROW_H) - 7;
      var x = 14;
      if (lane.kind === 'client') {
        ctx.fillStyle = clientColor(lane.label);
        ctx.fillRect(x, laneY[l] + 6, 8, ROW_H - 12);
        x += 13;
      }
      if (lane.kind === 'faults') {
        ctx.fillStyle = 'rgba(' + FAULT_RGB[D.faults.filter(function (f) { return f[0] === l; })[0][4]] + ',0.85)';
        ctx.fillRect(x, laneY[l] + 6, 8, ROW_H - 12);
        x += 13;
      }
      var text = lane.label;
      while (text.length > 3 && ctx.measureText(text).width > LABEL_W - x - 12) text = text.slice(0, -2);
      label(text === lane.label ? text : text + '…', x, yy, lane.kind === 'client' || lane.kind === 'server' || lane.kind === 'process' ? '#1d2530' : '#4a5565', 'labels');
    }
    ctx.strokeStyle = '#c6cfdb';
    ctx.beginPath(); ctx.moveTo(LABEL_W - 5.5, AXIS_H); ctx.lineTo(LABEL_W - 5.5, totalH); ctx.stroke();
  }

  function updateStatus() {
    var whole = view.a <= t0 && view.b >= t1;
    var text = 'Showing ' + fmtT(view.a) + ' to ' + fmtT(view.b) + ' (' + fmtDur(view.b - view.a) + (whole ? ', the whole run' : '') + '). ';
    if (keyShown !== '') text += 'Only operations on key ' + keyShown + ' are drawn. ';
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
  function markCards() {
    var cards = document.querySelectorAll('[data-story]');
    for (var i = 0; i < cards.length; i++) {
      var n = Number(cards[i].getAttribute('data-story'));
      cards[i].classList.toggle('selected', n === selected);
      var st = D.stories[n - 1];
      cards[i].classList.toggle('linked', pickedFault >= 0 && !!st && st.faults.indexOf(pickedFault) >= 0);
    }
    var buttons = document.querySelectorAll('[data-fault]');
    for (var j = 0; j < buttons.length; j++) {
      buttons[j].classList.toggle('active', Number(buttons[j].getAttribute('data-fault')) === pickedFault);
    }
  }
  // Selects a story and shows its root's window (the rest of the story is outlined around it).
  function focusStory(n) {
    var st = D.stories[n - 1];
    if (!st) return;
    selected = n;
    var w = Math.max(st.rootEnd - st.rootStart, (t1 - t0) / 2000);
    markCards();
    zoomTo(st.rootStart - w * 0.6, st.rootEnd + w * 0.6);
  }
  // A violation is shown as part of its story.
  function focusViolation(n) {
    var v = D.violations[n - 1];
    if (v) focusStory(v.story);
  }
  // Picks a fault: outlines it and its targets, and links the stories that list it as a candidate.
  function pickFault(id, zoom) {
    var f = D.faults[id];
    if (!f) return;
    pickedFault = id;
    markCards();
    var linked = D.stories.filter(function (st) { return st.faults.indexOf(id) >= 0; });
    while (faultLinks.firstChild) faultLinks.removeChild(faultLinks.firstChild);
    var head = document.createElement('span');
    head.textContent = f[10] + ' ' + f[6] + ' (' + fmtT(f[1]) + ' → ' + (f[8] ? 'never healed' : fmtT(f[2])) + '): ' +
      (linked.length === 0 ? 'not a candidate cause of any story.' : 'a candidate cause of ');
    faultLinks.appendChild(head);
    linked.forEach(function (st, i) {
      var a = document.createElement('a');
      a.href = '#story-' + st.n;
      a.textContent = 'story ' + st.n + (st.strong.indexOf(id) >= 0 ? ' (on a process involved)' : '');
      a.addEventListener('click', function () { selected = st.n; markCards(); draw(); });
      if (i > 0) faultLinks.appendChild(document.createTextNode(', '));
      faultLinks.appendChild(a);
    });
    faultLinks.hidden = false;
    root.setAttribute('data-fault', String(id));
    if (zoom) {
      var w = Math.max(f[2] - f[1], (t1 - t0) / 2000);
      zoomTo(f[1] - w * 0.5, f[2] + w * 0.5);
    } else draw();
  }

  var faultLinks = root.querySelector('.tl-fault-links');
  root.querySelectorAll('[data-zoom]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var z = btn.getAttribute('data-zoom');
      if (z === 'in') zoomBy(0.5);
      else if (z === 'out') zoomBy(2);
      else if (z === 'left') pan(-0.4);
      else if (z === 'right') pan(0.4);
      else if (z === 'violation') focusStory(selected || 1);
      else zoomTo(t0, t1);
    });
  });
  document.querySelectorAll('[data-show-story]').forEach(function (el) {
    el.addEventListener('click', function (e) {
      e.preventDefault();
      focusStory(Number(el.getAttribute('data-show-story')));
      root.scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
  });
  document.querySelectorAll('button[data-fault]').forEach(function (el) {
    el.addEventListener('click', function (e) {
      e.preventDefault();
      pickFault(Number(el.getAttribute('data-fault')), true);
      root.scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
  });
  // The per-key view: with several keys, a selector draws one key's operations only.
  var keySelect = root.querySelector('select.tl-key');
  if (keySelect) {
    D.keys.forEach(function (k) {
      var o = document.createElement('option');
      o.value = k; o.textContent = k;
      keySelect.appendChild(o);
    });
    keySelect.addEventListener('change', function () { keyShown = keySelect.value; draw(); });
  }

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
  canvas.addEventListener('click', function (e) {
    var id = faultAt(e);
    if (id >= 0) pickFault(id, false);
  });
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

  // The fault under the mouse in a fault lane, or -1.
  function faultAt(e) {
    var x = localX(e), yy = localY(e);
    if (x < plotX || x > plotX + plotW) return -1;
    var t = tOf(x), tol = 3 * (view.b - view.a) / plotW;
    for (var l = 0; l < lanes.length; l++) {
      if (lanes[l].kind !== 'faults' || yy < laneY[l] || yy >= laneY[l] + laneH[l]) continue;
      var rows = lanes[l].rows || 1;
      var sub = rows > 1 ? Math.min(rows - 1, Math.floor((yy - laneY[l] - 2) / SUB_H)) : 0;
      var best = -1;
      eachVisible(FAULTIX[l], D.faults, 1, 2, t - tol, t + tol, function (id) {
        if (D.faults[id][9] === sub && best < 0) best = id;
      });
      return best;
    }
    return -1;
  }

  function hit(e) {
    var x = localX(e), yy = localY(e);
    if (x < plotX || x > plotX + plotW) return null;
    var t = tOf(x), tol = 4 * (view.b - view.a) / plotW;
    if (yy < AXIS_H) {
      var flags = flagPositions();
      for (var i = 0; i < flags.length; i++) {
        var st = flags[i].st;
        if (Math.abs(flags[i].x - x) < FLAG_R + 1) {
          var rootV = D.violations[st.violations[0] - 1];
          return ['Story ' + st.n + ': ' + rootV.title + (st.violations.length > 1 ? ', and ' + (st.violations.length - 1) + ' violations that follow from it' : ''),
            [['root at', fmtT(rootV.at)], ['what', rootV.explanation], ['processes', st.processes.join(', ')], ['', 'the list above the timeline tells the whole story']]];
        }
      }
      return null;
    }
    var fid = faultAt(e);
    if (fid >= 0) {
      var f = D.faults[fid];
      var cands = D.stories.filter(function (s2) { return s2.faults.indexOf(fid) >= 0; }).map(function (s2) { return 'story ' + s2.n; });
      return ['Fault: ' + f[10] + (f[6] ? ' on ' + f[6] : ''), [['kind', FAULT_NAMES[f[4]]], ['from', fmtT(f[1])], ['to', f[8] ? 'never healed' : fmtT(f[2])],
        ['lasted', fmtDur(f[2] - f[1])], ['params', f[7]], ['candidate cause of', cands.join(', ')], ['', 'click to outline its targets and link its stories']]];
    }
    var l = -1;
    for (var j = 0; j < lanes.length; j++) if (yy >= laneY[j] && yy < laneY[j] + laneH[j]) { l = j; break; }
    if (l < 0) return null;
    var kind = lanes[l].kind, id;
    if (kind === 'client' && yy >= laneY[l] + laneH[l] - 4) {
      id = nearest(SESSIONIX[l], D.sessions, 1, 2, t, 0);
      if (id >= 0) {
        var se = D.sessions[id];
        return [lanes[l].label + "'s session " + se[4] + ': ' + SESSIONS[se[3]], [['from', fmtT(se[1])], ['to', fmtT(se[2])], ['lasted', fmtDur(se[2] - se[1])]]];
      }
    }
    if (kind === 'client') {
      id = nearest(OPS[l], D.ops, 1, 2, t, tol);
      if (id < 0) return null;
      var r = D.ops[id];
      return [r[6] + (r[7] ? ' ' + r[7] : '') + ': ' + OUTCOMES[r[3]], [['client', lanes[l].label], ['history process', r[11]],
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
      return [lanes[l].label + ': ' + ROLES[ro[3]], [[ROLE_EPOCH[ro[3]] ? 'epoch' : 'term', ro[4] >= 0 ? ro[4] : 'unknown'], ['from', fmtT(ro[1])], ['to', fmtT(ro[2])], ['lasted', fmtDur(ro[2] - ro[1])]]];
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
    focusStory: focusStory,
    pickFault: pickFault,
    labels: function () { return labels.slice(); },
    faultBox: faultBox,
    view: view,
    laneBox: function (i) { return { y: laneY[i], h: laneH[i] }; },
    xOf: xOf,
  };
  draw();
})();
`;

// SVG charts for the continuous figures, drawn in the page with no library: a figure is one or more
// panels (axes on log or linear scales, lines, points, shaded ranges, a legend, or horizontal bars), in the
// book's size (plotting.CONTENT_PX wide), palette and smallest text (11 px, plotting.MIN_TEXT_PX). Drawn
// by hand rather than with a charting package because the figures need only these few marks, and a few
// kilobytes here replace the 50-200 kB (gzipped) of the small npm charting libraries.
(function (root) {
  "use strict";
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];
  var WIDTH = 672, ROW = 400, TEXT = 11, SUPER = "⁰¹²³⁴⁵⁶⁷⁸⁹";

  function superscript(k) {
    return (k < 0 ? "⁻" : "") + String(Math.abs(k)).split("").map(function (c) { return SUPER[+c]; }).join("");
  }
  // x to `digits` significant figures as 3.0×10⁹ (10⁹ for a mantissa of 1 to one figure), as
  // formatting.powers writes Python's "{:.1e}".
  function human(x, digits) {
    if (x === 0) return "0";
    var parts = x.toExponential(digits - 1).split("e"), k = Number(parts[1]);
    if (k === 0) return parts[0];
    if (parts[0] === "1" || parts[0] === "1.0") return "10" + superscript(k);
    return parts[0] + "×10" + superscript(k);
  }
  function escape(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function fixed(x) { return Math.round(x * 100) / 100; }

  // A scale: [min, max] onto [a, b] pixels, log10 where asked.
  function scale(axis, a, b) {
    var f = axis.log ? Math.log10 : function (v) { return v; };
    var lo = f(axis.min), hi = f(axis.max);
    return function (v) { return a + (f(v) - lo) / (hi - lo) * (b - a); };
  }
  // Tick values and labels: given, decades of a log axis, or 1-2-5 steps of a linear one.
  function ticks(axis) {
    if (axis.ticks) return axis.ticks.map(function (t) { return [t, String(t)]; });
    var out = [], k;
    if (axis.log) {
      var first = Math.ceil(Math.log10(axis.min) - 1e-9), last = Math.floor(Math.log10(axis.max) + 1e-9);
      var step = Math.max(1, Math.ceil((last - first + 1) / 7));
      for (k = first; k <= last; k += step) out.push([Math.pow(10, k), "10" + superscript(k)]);
      return out;
    }
    var raw = (axis.max - axis.min) / 5, mag = Math.pow(10, Math.floor(Math.log10(raw))), r = raw / mag;
    var size = mag * (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10);
    for (k = Math.ceil(axis.min / size - 1e-9); k * size <= axis.max + 1e-9 * size; k++) {
      var v = k * size;
      out.push([v, Math.abs(v) >= 1e4 ? human(v, 1) : String(Number(v.toPrecision(6)))]);
    }
    return out;
  }
  function path(xs, ys, sx, sy) {
    var d = "", pen = false;
    for (var i = 0; i < xs.length; i++) {
      var px = sx(xs[i]), py = sy(ys[i]);
      if (!isFinite(px) || !isFinite(py)) { pen = false; continue; }
      d += (pen ? "L" : "M") + fixed(px) + " " + fixed(py);
      pen = true;
    }
    return d;
  }
  var DASH = { dashed: "6 4", dotted: "2 3" };

  function marker(p, x, y) {
    var size = p.size || 7, c = escape(p.color || PALETTE[3]);
    if (p.shape === "square") {
      return '<rect x="' + fixed(x - size / 2) + '" y="' + fixed(y - size / 2) + '" width="' + size + '" height="' +
        size + '" fill="' + c + '"/>';
    }
    return '<circle cx="' + fixed(x) + '" cy="' + fixed(y) + '" r="' + size / 2 + '" fill="' + c + '"' +
      (p.stroke ? ' stroke="' + escape(p.stroke) + '" stroke-width="0.8"' : "") + "/>";
  }

  function legend(entries, box, corner) {
    if (!entries.length) return "";
    var width = 12 + 26 + Math.max.apply(null, entries.map(function (e) { return e.label.length; })) * TEXT * 0.56;
    var height = 8 + entries.length * (TEXT + 5);
    width = Math.min(width, box.w - 8);
    var x = corner.indexOf("left") >= 0 ? box.x + 6
      : corner.indexOf("center") >= 0 ? box.x + (box.w - width) / 2 : box.x + box.w - width - 6;
    var y = corner.indexOf("lower") >= 0 ? box.y + box.h - height - 6 : box.y + 6;
    var out = '<g class="slx-legend"><rect x="' + fixed(x) + '" y="' + fixed(y) + '" width="' + fixed(width) +
      '" height="' + height + '" fill="#fff" fill-opacity="0.85" stroke="#ccc"/>';
    entries.forEach(function (e, i) {
      var cy = y + 4 + (i + 0.5) * (TEXT + 5);
      if (e.kind === "point") out += marker(e, x + 19, cy);
      else if (e.kind === "band") out += '<rect x="' + fixed(x + 8) + '" y="' + fixed(cy - 5) + '" width="22" height="10" fill="#888" fill-opacity="0.18"/>';
      else out += '<line x1="' + fixed(x + 8) + '" x2="' + fixed(x + 30) + '" y1="' + fixed(cy) + '" y2="' + fixed(cy) +
        '" stroke="' + escape(e.color) + '" stroke-width="' + (e.width || 2) + '"' +
        (e.dash ? ' stroke-dasharray="' + DASH[e.dash] + '"' : "") + "/>";
      out += '<text x="' + fixed(x + 36) + '" y="' + fixed(cy + 4) + '">' + escape(e.label) + "</text>";
    });
    return out + "</g>";
  }

  var clips = 0;
  // One panel of lines and points in the box {x, y, w, h} (the whole panel, labels included).
  function panel(p, box) {
    var m = { left: 58, right: 10, top: p.title ? 24 : 10, bottom: 42 };
    var plot = { x: box.x + m.left, y: box.y + m.top, w: box.w - m.left - m.right, h: box.h - m.top - m.bottom };
    var sx = scale(p.x, plot.x, plot.x + plot.w), sy = scale(p.y, plot.y + plot.h, plot.y);
    var id = "slx-clip-" + (++clips), out = '<clipPath id="' + id + '"><rect x="' + fixed(plot.x) + '" y="' +
      fixed(plot.y) + '" width="' + fixed(plot.w) + '" height="' + fixed(plot.h) + '"/></clipPath>';
    var entries = [];
    out += '<g clip-path="url(#' + id + ')">';
    (p.bands || []).forEach(function (b) {
      var x0 = Math.max(plot.x, sx(b.from)), x1 = Math.min(plot.x + plot.w, sx(b.to));
      if (x1 > x0) out += '<rect class="slx-band" x="' + fixed(x0) + '" y="' + fixed(plot.y) + '" width="' + fixed(x1 - x0) +
        '" height="' + fixed(plot.h) + '" fill="#888" fill-opacity="0.18"/>';
      if (b.label) entries.push({ kind: "band", label: b.label });
    });
    (p.vlines || []).forEach(function (v) {
      out += '<line x1="' + fixed(sx(v.x)) + '" x2="' + fixed(sx(v.x)) + '" y1="' + fixed(plot.y) + '" y2="' +
        fixed(plot.y + plot.h) + '" stroke="' + escape(v.color || "#888") + '" stroke-width="1"/>';
    });
    (p.lines || []).forEach(function (l) {
      out += '<path d="' + path(l.x, l.y, sx, sy) + '" fill="none" stroke="' + escape(l.color || PALETTE[0]) +
        '" stroke-width="' + (l.width || 2) + '"' + (l.dash ? ' stroke-dasharray="' + DASH[l.dash] + '"' : "") +
        ' stroke-linejoin="round"/>';
      if (l.label) entries.push({ kind: "line", label: l.label, color: l.color || PALETTE[0], width: l.width, dash: l.dash });
    });
    (p.points || []).forEach(function (q) {
      q.x.forEach(function (x, i) {
        var px = sx(x), py = sy(q.y[i]);
        if (isFinite(px) && isFinite(py)) out += marker({ color: q.colors ? q.colors[i] : q.color, size: q.size, shape: q.shape, stroke: q.stroke }, px, py);
      });
      if (q.label) entries.push({ kind: "point", label: q.label, color: q.color, size: q.size, shape: q.shape });
    });
    out += "</g>";
    // Axes, ticks and labels.
    out += '<rect x="' + fixed(plot.x) + '" y="' + fixed(plot.y) + '" width="' + fixed(plot.w) + '" height="' +
      fixed(plot.h) + '" fill="none" stroke="#333" stroke-width="0.8"/>';
    ticks(p.x).forEach(function (t) {
      var x = sx(t[0]);
      if (x < plot.x - 0.5 || x > plot.x + plot.w + 0.5) return;
      out += '<line x1="' + fixed(x) + '" x2="' + fixed(x) + '" y1="' + fixed(plot.y + plot.h) + '" y2="' +
        fixed(plot.y + plot.h + 4) + '" stroke="#333"/><text x="' + fixed(x) + '" y="' + fixed(plot.y + plot.h + 16) +
        '" text-anchor="middle">' + escape(t[1]) + "</text>";
    });
    ticks(p.y).forEach(function (t) {
      var y = sy(t[0]);
      if (y < plot.y - 0.5 || y > plot.y + plot.h + 0.5) return;
      out += '<line x1="' + fixed(plot.x - 4) + '" x2="' + fixed(plot.x) + '" y1="' + fixed(y) + '" y2="' + fixed(y) +
        '" stroke="#333"/><text x="' + fixed(plot.x - 6) + '" y="' + fixed(y + 4) + '" text-anchor="end">' +
        escape(t[1]) + "</text>";
    });
    out += '<text x="' + fixed(plot.x + plot.w / 2) + '" y="' + fixed(box.y + box.h - 6) + '" text-anchor="middle">' +
      escape(p.x.label) + "</text>";
    out += '<text transform="translate(' + fixed(box.x + 13) + " " + fixed(plot.y + plot.h / 2) +
      ') rotate(-90)" text-anchor="middle">' + escape(p.y.label) + "</text>";
    if (p.title) out += '<text x="' + fixed(plot.x + plot.w / 2) + '" y="' + fixed(box.y + 16) +
      '" text-anchor="middle" font-weight="600">' + escape(p.title) + "</text>";
    return out + legend(entries, plot, p.legend || "upper right");
  }

  // Horizontal bars: {bars: [{label, value, color}], x: {label, min, max}}.
  function bars(p, box) {
    var m = { left: 110, right: 10, top: 10, bottom: 42 };
    var plot = { x: box.x + m.left, y: box.y + m.top, w: box.w - m.left - m.right, h: box.h - m.top - m.bottom };
    var sx = scale(p.x, plot.x, plot.x + plot.w), band = plot.h / p.bars.length, out = "";
    p.bars.forEach(function (b, i) {
      var y = plot.y + i * band;
      out += '<rect x="' + fixed(plot.x) + '" y="' + fixed(y + band * 0.15) + '" width="' +
        fixed(Math.max(0, sx(Math.min(b.value, p.x.max)) - plot.x)) + '" height="' + fixed(band * 0.7) + '" fill="' +
        escape(b.color) + '"/><text x="' + fixed(plot.x - 6) + '" y="' + fixed(y + band / 2 + 4) +
        '" text-anchor="end">' + escape(b.label) + "</text>";
    });
    out += '<rect x="' + fixed(plot.x) + '" y="' + fixed(plot.y) + '" width="' + fixed(plot.w) + '" height="' +
      fixed(plot.h) + '" fill="none" stroke="#333" stroke-width="0.8"/>';
    ticks(p.x).forEach(function (t) {
      var x = sx(t[0]);
      out += '<line x1="' + fixed(x) + '" x2="' + fixed(x) + '" y1="' + fixed(plot.y + plot.h) + '" y2="' +
        fixed(plot.y + plot.h + 4) + '" stroke="#333"/><text x="' + fixed(x) + '" y="' + fixed(plot.y + plot.h + 16) +
        '" text-anchor="middle">' + escape(t[1]) + "</text>";
    });
    return out + '<text x="' + fixed(plot.x + plot.w / 2) + '" y="' + fixed(box.y + box.h - 6) +
      '" text-anchor="middle">' + escape(p.x.label) + "</text>";
  }

  // The whole figure as SVG text: spec.panels side by side (spec.columns, default all) in rows, the
  // suptitle's lines above, each row spec.rowHeight (default 400 px, as plotting.FIGSIZE at its DPI).
  function svg(spec) {
    var cols = spec.columns || spec.panels.length, rows = Math.ceil(spec.panels.length / cols);
    var head = (spec.title || []).length * 17 + ((spec.title || []).length ? 6 : 0);
    var heights = spec.heights || spec.panels.map(function () { return spec.rowHeight || ROW; });
    var total = head, out = "";
    for (var r = 0; r < rows; r++) total += heights[r * cols];
    (spec.title || []).forEach(function (line, i) {
      out += '<text x="' + WIDTH / 2 + '" y="' + (17 * (i + 1)) + '" text-anchor="middle" font-weight="600">' +
        escape(line) + "</text>";
    });
    var y = head;
    for (r = 0; r < rows; r++) {
      for (var c = 0; c < cols && r * cols + c < spec.panels.length; c++) {
        var p = spec.panels[r * cols + c], box = { x: c * WIDTH / cols, y: y, w: WIDTH / cols, h: heights[r * cols + c] };
        out += p.bars ? bars(p, box) : panel(p, box);
      }
      y += heights[r * cols];
    }
    return '<svg class="slx-svg" xmlns="http://www.w3.org/2000/svg" width="' + WIDTH + '" height="' + total +
      '" viewBox="0 0 ' + WIDTH + " " + total + '" role="img" aria-label="' + escape(spec.alt) +
      '" font-family="DejaVu Sans, Arial, sans-serif" font-size="' + TEXT + '" fill="#222">' + out + "</svg>";
  }
  // n points from a to b, evenly spaced in log10 (np.geomspace).
  function geomspace(a, b, n) {
    var out = [], la = Math.log10(a), lb = Math.log10(b);
    for (var i = 0; i < n; i++) out.push(Math.pow(10, la + (lb - la) * i / (n - 1)));
    out[0] = a; out[n - 1] = b;
    return out;
  }
  root.SLXCharts = { PALETTE: PALETTE, human: human, svg: svg, geomspace: geomspace };
})(this);

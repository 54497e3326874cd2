// The book's figures drawn in the page (widgets.DrawnFigure): one program per figure, from the controls'
// values (state) and the figure's data (the laws' constants and grids, written by the chapter from the
// library) to a chart for SLXCharts.svg. Each mirrors the chapter's matplotlib function of the same figure,
// which draws the start frame; `values` holds the numbers a reader reads off (tested against the Python).
(function (root) {
  "use strict";
  var F = root.SLXFormulas, C = root.SLXCharts, P = C.PALETTE, human = C.human;
  var GREY = "#808080", LIGHT = "#bfbfbf";

  function fill(n, v) { var out = []; for (var i = 0; i < n; i++) out.push(v); return out; }
  function span(values, pad) {   // [min, max] of positive values, widened by `pad` decades on a log axis
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    return [lo / Math.pow(10, pad), hi * Math.pow(10, pad)];
  }

  // Introduction, fig-intro-power-law: L = (x_c / x)^alpha through (x_ref, L_ref), on log-log and linear axes.
  function powerLaw(s, d) {
    var x = C.geomspace(d.x[0], d.x[1], d.points), xc = F.scaleThrough(d.x_ref, d.l_ref, s.alpha);
    var y = x.map(function (v) { return F.powerLaw(v, xc, s.alpha); });
    function panel(log) {
      return {
        title: log ? "log-log axes" : "linear axes",
        x: log ? { label: "resource x (log scale)", log: true, min: d.x[0], max: d.x[1] }
               : { label: "resource x (linear scale)", min: 0, max: d.x[1] },
        y: log ? { label: "loss L (nats/token, log scale)", log: true, min: 0.4, max: 12, ticks: [0.5, 1, 2, 5, 10] }
               : { label: "loss L (nats/token)", min: 0.4, max: 12 },
        lines: [
          { x: x, y: y, color: P[0], label: log ? "α = " + s.alpha.toFixed(3) : null },
          { x: [d.x[0], d.x[1]], y: [d.l_uniform, d.l_uniform], color: GREY, width: 1, dash: "dashed" }
        ],
        points: [{ x: [d.x_ref], y: [d.l_ref], color: "#000" }]
      };
    }
    return { panels: [panel(true), panel(false)], values: { x: x, y: y, x_c: xc } };
  }

  // Kaplan, fig-kaplan-lnd: L(N, D) (Eq. 1.5) against D for the chosen N, and against N for the chosen D.
  function kaplanLND(s, d) {
    var k = d.kaplan, D = C.geomspace(d.d_grid[0], d.d_grid[1], d.points), N = C.geomspace(d.n_grid[0], d.n_grid[1], d.points);
    var nText = human(s.n, 2), dText = human(s.d, 2), here = F.kaplanLossND(k, s.n, s.d);
    var lossD = D.map(function (x) { return F.kaplanLossND(k, s.n, x); });
    var lossN = N.map(function (x) { return F.kaplanLossND(k, x, s.d); });
    var y = { label: "test loss L (nats/token)", log: true, min: 1, max: 12, ticks: [1, 2, 3, 5, 10] };
    return {
      title: ["N = " + nText + " parameters, D = " + dText + " tokens: L = " + here.toFixed(3) + " nats/token"],
      panels: [{
        x: { label: "training tokens D", log: true, min: D[0], max: D[D.length - 1] }, y: y,
        bands: [{ from: d.data_range[0], to: d.data_range[1], label: "Kaplan's data sizes" }],
        lines: [
          { x: D, y: lossD, color: P[0], label: "L(N, D), N = " + nText },
          { x: [D[0], D[D.length - 1]], y: fill(2, F.kaplanLossN(k, s.n)), color: P[3], dash: "dashed", label: "L(N)" },
          { x: D, y: D.map(function (x) { return F.kaplanLossD(k, x); }), color: "#666", dash: "dotted", label: "L(D)" }
        ],
        points: [{ x: [s.d], y: [here], color: "#000" }]
      }, {
        x: { label: "non-embedding parameters N", log: true, min: N[0], max: N[N.length - 1] }, y: y,
        bands: [{ from: d.size_range[0], to: d.size_range[1], label: "Kaplan's sizes" }],
        lines: [
          { x: N, y: lossN, color: P[0], label: "L(N, D), D = " + dText },
          { x: [N[0], N[N.length - 1]], y: fill(2, F.kaplanLossD(k, s.d)), color: P[3], dash: "dashed", label: "L(D)" },
          { x: N, y: N.map(function (x) { return F.kaplanLossN(k, x); }), color: "#666", dash: "dotted", label: "L(N)" }
        ],
        points: [{ x: [s.n], y: [here], color: "#000" }]
      }],
      values: { loss: here, d_grid: D, loss_vs_d: lossD, n_grid: N, loss_vs_n: lossN }
    };
  }

  // Kaplan, fig-kaplan-frontier: the compute-efficient frontier (Sec. 6.1) and where the compute went.
  function kaplanFrontier(s, d) {
    var k = d.kaplan, p = d.printed, G = C.geomspace(d.c_grid[0], d.c_grid[1], d.points);
    var now = F.frontierPoint(k, p, s.c_min, d.pf_day), ref = F.frontierPoint(k, p, d.c_ref, d.pf_day);
    var n = G.map(function (c) { return F.efficientN(p, c); });
    var dd = G.map(function (c) { return F.efficientD(p, c, d.pf_day); });
    var b = G.map(function (c) { return F.kaplanCriticalBatch(k, F.kaplanLossCompute(k, c)); });
    var growth = ["N", "B", "S"].map(function (key) { return Math.log10(now[key] / ref[key]); });
    var all = n.concat(dd, b);
    return {
      title: ["C_min = " + human(s.c_min, 2) + " PF-days, L = " + F.kaplanLossCompute(k, s.c_min).toFixed(2) + " nats/token:",
              "N = " + human(now.N, 2) + ", B = " + human(now.B, 2) + " tokens, S = " + human(now.S, 2) + " steps"],
      columns: 1, heights: [330, 190],
      panels: [{
        x: { label: "compute C_min (PF-days)", log: true, min: G[0], max: G[G.length - 1] },
        y: { label: "parameters or tokens", log: true, min: span(all, 0.3)[0], max: span(all, 0.3)[1] },
        bands: [{ from: d.shade[0], to: d.shade[1], label: "frontier within Kaplan's sizes" }],
        vlines: [{ x: s.c_min }],
        lines: [
          { x: G, y: n, color: P[0], label: "model size N (parameters)" },
          { x: G, y: dd, color: P[1], label: "tokens D = 2C_min/6N" },
          { x: G, y: b, color: P[2], label: "batch B_crit (tokens)" }
        ],
        points: [{ x: [s.c_min, s.c_min, s.c_min], y: [now.N, now.D, now.B], colors: [P[0], P[1], P[2]] }],
        legend: "upper left"
      }, {
        bars: [{ label: "model size N", value: growth[0], color: P[0] }, { label: "batch B", value: growth[1], color: P[2] },
               { label: "steps S", value: growth[2], color: P[3] }],
        x: { label: "decades of growth since C_min = " + human(d.c_ref, 1) + " PF-days", min: 0, max: 9.5 }
      }],
      values: { point: now, growth: growth, c_grid: G, n: n, d: dd, b: b }
    };
  }

  // Chinchilla, fig-chinchilla-explore: the IsoFLOP profile L(N, C/6N) of each fit at the chosen budget.
  function chinchillaIsoflop(s, d) {
    var N = C.geomspace(d.n_axis[0], d.n_axis[1], d.points), law = d.fits[s.fit];
    var opt = F.computeOptimal(law, s.budget), low = F.optimalLoss(law, s.budget), lines = [];
    d.names.forEach(function (name) {
      if (name !== s.fit) lines.push({ x: N, y: N.map(function (x) { return F.isoflop(d.fits[name], s.budget, x); }), color: LIGHT, width: 1 });
    });
    var profile = N.map(function (x) { return F.isoflop(law, s.budget, x); });
    lines.push({ x: N, y: profile, color: P[0], width: 2.5, label: s.fit });
    return {
      panels: [{
        title: "C = " + human(s.budget, 3) + " FLOPs (other fits in grey)",
        x: { label: "model size N (parameters)", log: true, min: N[0], max: N[N.length - 1] },
        y: { label: "loss L(N, C/6N) (nats/token)", min: low - 0.1, max: low + 1.2 },
        bands: [{ from: d.runs_n[0], to: d.runs_n[1], label: "sizes of the runs" }],
        lines: lines,
        points: [{ x: [opt[0]], y: [F.chinchillaLoss(law, opt[0], opt[1])], color: P[3], size: 8,
                   label: "optimum: N = " + human(opt[0], 2) + ", D = " + human(opt[1], 2) + " (" +
                     Math.round(opt[1] / opt[0]) + " tokens/parameter)" }],
        legend: "upper center"
      }],
      values: { n_opt: opt[0], d_opt: opt[1], n: N, loss: profile }
    };
  }

  // Chinchilla, fig-chinchilla-refit: Approach 2 refitted on the Figure 4 runs the reader selects.
  function chinchillaRefit(s, d) {
    var keep = d.n.map(function (_, i) { return !(s.drop && d.extreme.indexOf(i) >= 0); });
    var n = [], c = [], loss = [];
    keep.forEach(function (k, i) { if (k) { n.push(d.n[i]); c.push(d.c[i]); loss.push(d.loss[i]); } });
    // s.budgets: the numbers of the checked budgets (of d.budgets); the fit uses them in order.
    var picked = s.budgets.slice().sort(function (a, b) { return a - b; });
    var budgets = picked.map(function (i) { return d.budgets[i]; });
    var fit = F.approach2(n, c, loss, budgets, s.tolerance, d.min_runs);
    var colors = F.assignBudgets(c, budgets, s.tolerance).map(function (g) { return g < 0 ? LIGHT : d.colors[picked[g]]; });
    var lines = fit.parabolas.map(function (q) {
      var x = C.geomspace(Math.min.apply(null, q.n), Math.max.apply(null, q.n), 60);
      return { x: x, y: x.map(function (v) { return F.polyval(q.coef, Math.log(v)); }), color: d.colors[picked[q.index]], width: 1.5 };
    });
    var ok = fit.budgets.length >= 2, gopher = ok ? fit.k * Math.pow(d.gopher, fit.a) : NaN;
    var right = {
      x: { label: "training compute C (FLOPs)", log: true, min: 1e18, max: 1e24 },
      y: { label: "optimal model size N_opt (parameters)", log: true, min: 1e7, max: 1e12 },
      bands: ok ? [{ from: Math.min.apply(null, fit.budgets), to: Math.max.apply(null, fit.budgets), label: "budgets fitted" }] : [],
      lines: ok ? [{ x: [1e18, d.gopher], y: [fit.k * Math.pow(1e18, fit.a), gopher], color: P[0],
                     label: "N_opt ∝ C^" + fit.a.toFixed(3) }] : [],
      points: ok ? [{ x: fit.budgets, y: fit.nOpt, color: "#000", size: 6, label: "parabola minima" },
                    { x: [d.gopher], y: [gopher], color: P[3], size: 9, label: "N_opt at Gopher's budget: " + human(gopher, 2) }] : [],
      legend: "upper left"
    };
    return {
      title: [ok ? "a = " + fit.a.toFixed(3) + " from " + fit.nRuns + " runs at " + fit.budgets.length +
                   " budgets; N_opt at Gopher's budget = " + human(gopher, 2)
                 : "fewer than two budgets have a profile with an interior minimum: no fit"],
      panels: [{
        x: { label: "model size N (parameters)", log: true, min: 1e7, max: 2e10 },
        y: { label: "final loss L (nats/token)", min: 2.0, max: 3.6 },
        lines: lines,
        points: [{ x: n, y: loss, colors: colors, size: 5 }]
      }, right],
      values: { a: fit.a, k: fit.k, budgets: fit.budgets, n_opt: fit.nOpt, n_runs: fit.nRuns, gopher: gopher }
    };
  }

  // Chinchilla's Death, fig-death-plan: lifetime compute against size for a target loss (Sardana et al.).
  function deathPlan(s, d) {
    var law = d.law, best = F.inferenceOptimal(law, s.target, s.inference_tokens);
    var nOpt = F.computeOptimalForTarget(law, s.target)[0], chin = F.plan(law, nOpt, s.target, s.inference_tokens);
    var N = C.geomspace(F.smallestSize(law, s.target) * 1.05, nOpt * 4, d.points);
    var plans = N.map(function (x) { return F.plan(law, x, s.target, s.inference_tokens); });
    var train = plans.map(function (q) { return q.train; }), inf = plans.map(function (q) { return q.inference; });
    var total = plans.map(function (q) { return q.total; }), range = span(train.concat(inf, total), 0.1);
    return {
      panels: [{
        title: "target loss " + s.target.toFixed(2) + " nats/token, " + human(s.inference_tokens, 1) + " tokens served",
        x: { label: "model size N (parameters)", log: true, min: N[0], max: N[N.length - 1] },
        y: { label: "compute (FLOPs)", log: true, min: range[0], max: range[1] },
        lines: [
          { x: N, y: train, color: P[0], width: 1.5, label: "training, 6ND" },
          { x: N, y: inf, color: P[1], width: 1.5, label: "inference, 2N × D_inference" },
          { x: N, y: total, color: "#000", width: 2.5, label: "total" }
        ],
        points: [
          { x: [best.n], y: [best.total], color: P[3], size: 8, label: "best: N = " + human(best.n, 2) + ", D = " +
              human(best.d, 2) + " (" + Math.round(best.d / best.n) + " tokens/param)" },
          { x: [chin.n], y: [chin.total], color: P[2], size: 7, shape: "square", label: "Chinchilla-optimal: N = " +
              human(chin.n, 2) + " (total ×" + (chin.total / best.total).toFixed(2) + ")" }
        ]
      }],
      values: { best_n: best.n, best_total: best.total, chinchilla_n: chin.n, n: N, total: total }
    };
  }

  root.SLXDrawn = {
    "power-law": powerLaw, "kaplan-lnd": kaplanLND, "kaplan-frontier": kaplanFrontier,
    "chinchilla-isoflop": chinchillaIsoflop, "chinchilla-refit": chinchillaRefit, "death-plan": deathPlan
  };
})(this);

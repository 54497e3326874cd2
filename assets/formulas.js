// The closed forms the book's continuous figures draw, ported by hand from scaling_lib (one function per
// library function, same name in camelCase, same arithmetic in the same order). tests/test_formulas_js.py
// evaluates every one in Node on random inputs across the figures' ranges and compares with the Python
// (1e-12 relative for closed forms; root finders and minimisers to their stated tolerance). The laws'
// constants are not here: each figure receives them from the Python that built the page.
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.SLXFormulas = factory();
})(this, function () {
  "use strict";
  var log = Math.log, exp = Math.exp, pow = Math.pow;

  // scaling_lib.laws.powerlaw ------------------------------------------------------------------------
  // y = (x_c / x)^alpha, in logs (power_law; Kaplan et al. 2020, Eqs. 1.1-1.3).
  function powerLaw(x, xc, alpha) { return exp(alpha * (log(xc) - log(x))); }
  // x_c = x_ref L_ref^(1/alpha) (scale_through).
  function scaleThrough(xRef, lossRef, alpha) { return xRef * pow(lossRef, 1 / alpha); }

  // scaling_lib.laws.kaplan (k: the fields of KaplanLaws; p: of Printed) ----------------------------
  function kaplanLossN(k, n) { return powerLaw(n, k.n_c, k.alpha_n); }            // Eq. 1.1
  function kaplanLossD(k, d) { return powerLaw(d, k.d_c, k.alpha_d); }            // Eq. 1.2
  function kaplanLossCompute(k, c) { return powerLaw(c, k.c_c_min, k.alpha_c_min); } // Eq. 1.3
  function kaplanLossND(k, n, d) {                                                 // Eq. 1.5
    return pow(pow(k.n_c / n, k.alpha_n / k.alpha_d) + k.d_c / d, k.alpha_d);
  }
  function kaplanLossNS(k, n, s) {                                                 // Eq. 1.6
    return pow(k.n_c / n, k.alpha_n) + pow(k.s_c / s, k.alpha_s);
  }
  function kaplanCriticalBatch(k, loss) { return k.b_star / pow(loss, 1 / k.alpha_b); } // Eq. 1.4
  function efficientN(p, cMin) { return p.n_coefficient * pow(cMin, p.n_exponent); }   // Eq. 6.1
  function efficientD(p, cMin, flopsPerPfDay) {
    return 2 * cMin * flopsPerPfDay / (6 * efficientN(p, cMin));
  }
  function computeForEfficientN(p, n) { return pow(n / p.n_coefficient, 1 / p.n_exponent); }
  function frontierPoint(k, p, cMin, flopsPerPfDay) {
    var d = efficientD(p, cMin, flopsPerPfDay), b = kaplanCriticalBatch(k, kaplanLossCompute(k, cMin));
    return { N: efficientN(p, cMin), B: b, S: d / b, D: d };
  }

  // scaling_lib.laws.accounting ----------------------------------------------------------------------
  function trainingFlops(n, d) { return 6 * n * d; }
  function tokensForFlops(c, n) { return c / (6 * n); }
  // Q K^T and softmax(.) V over the context: 4 n_layer n_ctx d_attn, half under a causal mask.
  function attentionFlopsPerToken(nLayer, nCtx, dAttn, causal) { return (causal ? 2 : 4) * nLayer * nCtx * dAttn; }
  // 6N + 3 x the forward attention FLOPs (model_flops_per_token; PaLM's 6N + 12 L H Q T, App. B).
  function modelFlopsPerToken(n, nLayer, nCtx, dAttn, causal) {
    return 6 * n + 3 * attentionFlopsPerToken(nLayer, nCtx, dAttn, causal);
  }

  // scaling_lib.laws.chinchilla (law: E, A, B, alpha, beta) -----------------------------------------
  function chinchillaLoss(law, n, d) {                                             // Eq. 2
    return law.E + exp(log(law.A) - law.alpha * log(n)) + exp(log(law.B) - law.beta * log(d));
  }
  function chinchillaG(law) {
    return exp((log(law.alpha * law.A) - log(law.beta * law.B)) / (law.alpha + law.beta));
  }
  function computeOptimal(law, c) {                                                // Eq. 4
    var a = law.beta / (law.alpha + law.beta), b = law.alpha / (law.alpha + law.beta), g = chinchillaG(law);
    return [g * pow(c / 6, a), pow(c / 6, b) / g];
  }
  function optimalLoss(law, c) { var o = computeOptimal(law, c); return chinchillaLoss(law, o[0], o[1]); }
  function isoflop(law, c, n) { return chinchillaLoss(law, n, tokensForFlops(c, n)); }
  function smallestSize(law, target) { return pow(law.A / (target - law.E), 1 / law.alpha); }
  function tokensToReach(law, n, target) {
    return pow(law.B / (target - law.E - law.A / pow(n, law.alpha)), 1 / law.beta);
  }
  // Brent's root of optimalLoss(exp(x)) = target over x in [log 1e3, log 1e45] (compute_optimal_for_target).
  function computeOptimalForTarget(law, target) {
    var x = brent(function (t) { return optimalLoss(law, exp(t)) - target; }, log(1e3), log(1e45), 1e-12);
    return computeOptimal(law, exp(x));
  }

  // scaling_lib.laws.economics (Sardana et al. 2024) ------------------------------------------------
  function plan(law, n, target, inferenceTokens) {
    var d = tokensToReach(law, n, target), train = trainingFlops(n, d), inference = 2 * n * inferenceTokens;
    return { n: n, d: d, train: train, inference: inference, total: train + inference };
  }
  // The size minimising 6ND + 2N D_inference at L(N, D) = target: golden-section search on log N between
  // the smallest size that reaches the target and the compute-optimal size (inference_optimal).
  function inferenceOptimal(law, target, inferenceTokens) {
    var lo = log(smallestSize(law, target)) + 1e-9, hi = log(computeOptimalForTarget(law, target)[0]) + 1e-6;
    var x = goldenMin(function (t) { return log(plan(law, exp(t), target, inferenceTokens).total); }, lo, hi, 1e-10);
    return plan(law, exp(x), target, inferenceTokens);
  }

  // scaling_lib.laws.data_constrained (Muennighoff et al. 2023, Sec. 3) -----------------------------
  function effective(unique, repeats, rStar) { return unique * (1 + rStar * (1 - exp(-repeats / rStar))); }
  function effectiveData(dc, d, u) { return effective(u, Math.max(d / u - 1, 0), dc.r_d_star); }
  function uniqueParams(dc, u) {
    var law = dc.base, b = law.alpha / (law.alpha + law.beta);
    return computeOptimal(law, 6 * pow(chinchillaG(law) * u, 1 / b))[0];
  }
  function effectiveParams(dc, n, u) {
    var un = Math.min(n, uniqueParams(dc, u));
    return effective(un, n / un - 1, dc.r_n_star);
  }
  function dataConstrainedLoss(dc, n, d, u) {
    return chinchillaLoss(dc.base, effectiveParams(dc, n, u), effectiveData(dc, d, u));
  }

  // scaling_lib.laws.memory and inference ------------------------------------------------------------
  function modelStateBytes(n, gradientBytes) { return n * (14 + gradientBytes); }  // ZeRO, Sec. 3.1
  function kvCacheBytesPerToken(nLayer, kvWidth, bytesPerValue) { return 2 * nLayer * kvWidth * bytesPerValue; }

  // scaling_lib.laws.isoflop: Approach 2 (Hoffmann et al. 2022, Sec. 3.2) ---------------------------
  // Least squares of y on (x^deg, ..., x, 1) through the QR of the scaled design matrix, as np.polyfit.
  function polyfit(x, y, deg) {
    var m = x.length, cols = deg + 1, a = [], i, j;
    for (i = 0; i < m; i++) { a.push([]); for (j = 0; j < cols; j++) a[i].push(pow(x[i], deg - j)); }
    var scale = [];
    for (j = 0; j < cols; j++) {
      var s = 0; for (i = 0; i < m; i++) s += a[i][j] * a[i][j];
      scale.push(Math.sqrt(s)); for (i = 0; i < m; i++) a[i][j] /= scale[j];
    }
    var coef = lstsq(a, y.slice());
    return coef.map(function (c, k) { return c / scale[k]; });
  }
  // Householder QR least squares (m >= n rows, full column rank).
  function lstsq(a, b) {
    var m = a.length, n = a[0].length, i, j, k;
    for (k = 0; k < n; k++) {
      var norm = 0; for (i = k; i < m; i++) norm += a[i][k] * a[i][k];
      norm = Math.sqrt(norm); if (a[k][k] > 0) norm = -norm;
      var v = []; for (i = k; i < m; i++) v.push(a[i][k]); v[0] -= norm;
      var vv = 0; for (i = 0; i < v.length; i++) vv += v[i] * v[i];
      if (vv === 0) continue;
      for (j = k; j < n; j++) {
        var dot = 0; for (i = k; i < m; i++) dot += v[i - k] * a[i][j];
        var f = 2 * dot / vv; for (i = k; i < m; i++) a[i][j] -= f * v[i - k];
      }
      var db = 0; for (i = k; i < m; i++) db += v[i - k] * b[i];
      var fb = 2 * db / vv; for (i = k; i < m; i++) b[i] -= fb * v[i - k];
    }
    var x = new Array(n);
    for (k = n - 1; k >= 0; k--) {
      var s = b[k]; for (j = k + 1; j < n; j++) s -= a[k][j] * x[j];
      x[k] = s / a[k][k];
    }
    return x;
  }
  // Index of the budget within tol dex of each run's C, or -1 (assign_budgets).
  function assignBudgets(c, budgets, tol) {
    return c.map(function (ci) {
      var best = 0, dist = Infinity;
      budgets.forEach(function (b, j) {
        var dd = Math.abs(Math.log10(ci) - Math.log10(b));
        if (dd < dist) { dist = dd; best = j; }
      });
      return dist <= tol ? best : -1;
    });
  }
  // The parabola's minimum in log N, or null where isoflop_minimum refuses (flat, edge, outside).
  function isoflopMinimum(n, loss) {
    if (new Set(n).size < 3) return null;
    var coef = polyfit(n.map(log), loss, 2), mean = 0;
    loss.forEach(function (l) { mean += Math.abs(l); }); mean /= loss.length;
    if (coef[0] <= 1e-9 * mean) return null;
    var best = exp(-coef[1] / (2 * coef[0])), lo = Math.min.apply(null, n), hi = Math.max.apply(null, n);
    var lowest = n[loss.indexOf(Math.min.apply(null, loss))];
    if (lowest === lo || lowest === hi || best < lo || best > hi) return null;
    return best;
  }
  // Approach 2 over the given budgets: per-budget minima and log N_opt = a log C + log k (approach2).
  function approach2(n, c, loss, budgets, tol, minRuns) {
    var group = assignBudgets(c, budgets, tol), kept = [], nOpt = [], parabolas = [], nRuns = 0;
    budgets.forEach(function (budget, j) {
      var ns = [], ls = [];
      group.forEach(function (g, i) { if (g === j) { ns.push(n[i]); ls.push(loss[i]); } });
      if (ns.length < minRuns) return;
      var best = isoflopMinimum(ns, ls);
      if (best === null) return;
      kept.push(budget); nOpt.push(best); nRuns += ns.length;
      parabolas.push({ index: j, budget: budget, coef: polyfit(ns.map(log), ls, 2), n: ns, loss: ls });
    });
    if (kept.length < 2) return { budgets: kept, nOpt: nOpt, parabolas: parabolas, nRuns: nRuns, a: NaN, k: NaN };
    var line = polyfit(kept.map(log), nOpt.map(log), 1);
    return { budgets: kept, nOpt: nOpt, parabolas: parabolas, nRuns: nRuns, a: line[0], k: exp(line[1]) };
  }
  function polyval(coef, x) { return coef.reduce(function (acc, c) { return acc * x + c; }, 0); }

  // Numerical helpers ---------------------------------------------------------------------------------
  // Brent's method (as scipy.optimize.brentq) for a root of f in [a, b] with f(a) f(b) < 0.
  function brent(f, a, b, xtol) {
    var fa = f(a), fb = f(b), c = a, fc = fa, d = b - a, e = d;
    for (var iter = 0; iter < 200; iter++) {
      if (fb * fc > 0) { c = a; fc = fa; d = b - a; e = d; }
      if (Math.abs(fc) < Math.abs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
      var tol = 2 * 8.881784197001252e-16 * Math.abs(b) + 0.5 * xtol, m = 0.5 * (c - b);
      if (Math.abs(m) <= tol || fb === 0) return b;
      if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
        var s = fb / fa, p, q, r;
        if (a === c) { p = 2 * m * s; q = 1 - s; }
        else { q = fa / fc; r = fb / fc; p = s * (2 * m * q * (q - r) - (b - a) * (r - 1)); q = (q - 1) * (r - 1) * (s - 1); }
        if (p > 0) q = -q; else p = -p;
        if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) { e = d; d = p / q; }
        else { d = m; e = m; }
      } else { d = m; e = m; }
      a = b; fa = fb;
      b += Math.abs(d) > tol ? d : (m > 0 ? tol : -tol);
      fb = f(b);
    }
    return b;
  }
  // Golden-section search for the minimum of a unimodal f on [a, b], to xtol.
  function goldenMin(f, a, b, xtol) {
    var g = (Math.sqrt(5) - 1) / 2, x1 = b - g * (b - a), x2 = a + g * (b - a), f1 = f(x1), f2 = f(x2);
    while (b - a > xtol) {
      if (f1 < f2) { b = x2; x2 = x1; f2 = f1; x1 = b - g * (b - a); f1 = f(x1); }
      else { a = x1; x1 = x2; f1 = f2; x2 = a + g * (b - a); f2 = f(x2); }
    }
    return (a + b) / 2;
  }

  return {
    powerLaw: powerLaw, scaleThrough: scaleThrough,
    kaplanLossN: kaplanLossN, kaplanLossD: kaplanLossD, kaplanLossCompute: kaplanLossCompute,
    kaplanLossND: kaplanLossND, kaplanLossNS: kaplanLossNS, kaplanCriticalBatch: kaplanCriticalBatch,
    efficientN: efficientN, efficientD: efficientD, computeForEfficientN: computeForEfficientN,
    frontierPoint: frontierPoint,
    trainingFlops: trainingFlops, tokensForFlops: tokensForFlops,
    attentionFlopsPerToken: attentionFlopsPerToken, modelFlopsPerToken: modelFlopsPerToken,
    chinchillaLoss: chinchillaLoss, chinchillaG: chinchillaG, computeOptimal: computeOptimal,
    optimalLoss: optimalLoss, isoflop: isoflop, smallestSize: smallestSize, tokensToReach: tokensToReach,
    computeOptimalForTarget: computeOptimalForTarget, plan: plan, inferenceOptimal: inferenceOptimal,
    effectiveData: effectiveData, effectiveParams: effectiveParams, uniqueParams: uniqueParams,
    dataConstrainedLoss: dataConstrainedLoss, modelStateBytes: modelStateBytes,
    kvCacheBytesPerToken: kvCacheBytesPerToken,
    polyfit: polyfit, polyval: polyval, assignBudgets: assignBudgets, isoflopMinimum: isoflopMinimum,
    approach2: approach2
  };
});

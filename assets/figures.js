// Interactive figures of the static site (scaling_lib.widgets, static mode), with no kernel: frames drawn
// at build, or (data-draw) a figure drawn in the page from closed forms (charts.js, drawn.js).
// A figure is <div class="slx-figure">: its controls (range inputs, selects, button groups) and one
// <div class="slx-frame"> per combination of their positions, all hidden but one. The frame shown is
// the positions read as a mixed-radix number, the first control most significant. Images of hidden
// frames name their file in data-src; they are loaded when the figure nears the screen or is first used.
(function () {
  "use strict";

  function setUp(figure) {
    var controls = Array.from(figure.querySelector(".slx-controls").children);
    var frames = Array.from(figure.querySelector(".slx-frames").children);
    var loaded = false;

    function load() {
      if (loaded) return;
      loaded = true;
      figure.querySelectorAll("img").forEach(function (img) {
        if (img.hasAttribute("data-src")) {
          img.src = img.getAttribute("data-src");
          img.removeAttribute("data-src");
        }
        img.loading = "eager";
        img.decode().catch(function () {});
      });
    }

    // [position, number of positions] of one control.
    function read(control) {
      var input = control.querySelector("input, select");
      if (input && input.tagName === "SELECT") return [input.selectedIndex, input.options.length];
      if (input) return [Number(input.value), Number(input.max) + 1];
      var buttons = Array.from(control.querySelectorAll("button"));
      var pressed = buttons.findIndex(function (b) { return b.getAttribute("aria-pressed") === "true"; });
      return [pressed, buttons.length];
    }

    // Show the frame of the controls' positions (and each slider's label: a browser may restore a
    // position when the reader comes back to the page).
    function show() {
      figure.querySelectorAll("input[type=range]").forEach(function (range) {
        var label = JSON.parse(range.getAttribute("data-labels"))[Number(range.value)];
        range.parentNode.querySelector("output").value = label;
        range.setAttribute("aria-valuetext", label);
      });
      var index = controls.reduce(function (acc, control) {
        var r = read(control);
        return acc * r[1] + r[0];
      }, 0);
      frames.forEach(function (frame, i) { frame.hidden = i !== index; });
    }

    controls.forEach(function (control) {
      var range = control.querySelector("input[type=range]");
      if (range) range.addEventListener("input", function () { load(); show(); });
      var select = control.querySelector("select");
      if (select) select.addEventListener("change", function () { load(); show(); });
      control.querySelectorAll("button").forEach(function (button) {
        button.addEventListener("click", function () {
          load();
          control.querySelectorAll("button").forEach(function (b) {
            b.setAttribute("aria-pressed", String(b === button));
          });
          show();
        });
      });
      control.querySelectorAll("input, select, button").forEach(function (el) { el.disabled = false; });
      control.addEventListener("pointerdown", load);
      control.addEventListener("focusin", load);
    });

    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          observer.disconnect();
          load();
        }
      }, { rootMargin: "400px 0px" });
      observer.observe(figure);
    } else {
      load();
    }
    show();
  }

  // A figure the page draws (data-draw): its program in SLXDrawn turns the controls' values and the
  // figure's data (data-figure, from the library) into a chart (SLXCharts), drawn as SVG in place of the
  // start frame's picture whenever a control moves. The chart drawn last, with its values, is kept as
  // figure.slxDrawn (the browser tests read it back).
  function setUpDrawn(figure) {
    var spec = JSON.parse(figure.getAttribute("data-figure"));
    var program = window.SLXDrawn && window.SLXDrawn[figure.getAttribute("data-draw")];
    if (!program || !window.SLXCharts) return;
    var controls = Array.from(figure.querySelector(".slx-controls").children);
    var frame = figure.querySelector(".slx-frame"), canvas = document.createElement("div");
    canvas.className = "slx-canvas";

    function value(control, i) {
      var range = control.querySelector("input[type=range]");
      if (range) {
        var v = Number(range.value);
        return range.getAttribute("data-log") === "1" ? Math.pow(10, v) : v;
      }
      var values = spec.controls[i].values, select = control.querySelector("select");
      if (select) return values[select.selectedIndex];
      var boxes = Array.from(control.querySelectorAll("input[type=checkbox]"));
      if (boxes.length) {
        return boxes.filter(function (b) { return b.checked; }).map(function (b) { return values[Number(b.value)]; });
      }
      var buttons = Array.from(control.querySelectorAll("button"));
      return values[buttons.findIndex(function (b) { return b.getAttribute("aria-pressed") === "true"; })];
    }

    // What the reader sees for a control's value (widgets.Range.label and the alt text's fields).
    function label(control, v) {
      var range = control.querySelector("input[type=range]");
      if (range) {
        var digits = Number(range.getAttribute("data-digits"));
        return range.getAttribute("data-log") === "1" ? window.SLXCharts.human(v, digits) : v.toFixed(digits);
      }
      var select = control.querySelector("select");
      if (select) return select.options[select.selectedIndex].textContent;
      var boxes = Array.from(control.querySelectorAll("input[type=checkbox]"));
      if (boxes.length) {
        var on = boxes.filter(function (b) { return b.checked; });
        return on.map(function (b) { return b.parentNode.textContent; }).join(", ") || "none";
      }
      return control.querySelector("button[aria-pressed=true]").textContent;
    }

    function draw() {
      var state = {}, labels = {};
      controls.forEach(function (control, i) {
        var name = spec.controls[i].name;
        state[name] = value(control, i);
        labels[name] = label(control, state[name]);
        var range = control.querySelector("input[type=range]");
        if (range) {
          control.querySelector("output").value = labels[name];
          range.setAttribute("aria-valuetext", labels[name]);
        }
      });
      var chart = program(state, spec.data);
      chart.alt = spec.alt.replace(/\{(\w+)\}/g, function (_, name) { return labels[name]; });
      canvas.innerHTML = window.SLXCharts.svg(chart);
      figure.slxDrawn = { state: state, chart: chart };
    }

    controls.forEach(function (control) {
      control.querySelectorAll("input[type=range]").forEach(function (r) { r.addEventListener("input", draw); });
      control.querySelectorAll("select, input[type=checkbox]").forEach(function (el) { el.addEventListener("change", draw); });
      control.querySelectorAll("button").forEach(function (button) {
        button.addEventListener("click", function () {
          control.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
          draw();
        });
      });
      control.querySelectorAll("input, select, button").forEach(function (el) { el.disabled = false; });
    });
    draw();
    Array.from(frame.children).forEach(function (child) { child.hidden = true; });
    frame.appendChild(canvas);
  }

  function start() {
    document.querySelectorAll(".slx-figure").forEach(function (figure) {
      if (figure.hasAttribute("data-draw")) setUpDrawn(figure);
      else setUp(figure);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

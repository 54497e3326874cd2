// Interactive figures of the static site (scaling_lib.widgets, static mode), with no kernel.
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

  function start() {
    document.querySelectorAll(".slx-figure").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

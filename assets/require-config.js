// Point RequireJS at the site's own copy of the widget bundles, wherever the page sits, so that the
// ipywidgets HTML manager finds its fonts under _static/vendor/ instead of beside the page.
(function () {
  var here = document.currentScript.src;
  require.config({ baseUrl: here.slice(0, here.lastIndexOf("/") + 1) });
})();

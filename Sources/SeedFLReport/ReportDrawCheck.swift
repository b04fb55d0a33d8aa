import SeedFLNode
/// The page's one script: after layout, it asks the browser whether every plot's series
/// were really drawn, and writes the answer into the DOM.
///
/// A series counts as drawn when its `getBBox()` is wider than 0 and its
/// `getTotalLength()` is above 0, which only a browser that parsed the inline SVG and laid
/// it out can report. Each `<svg class="plot">` gets `data-series-drawn`,
/// `data-series-total` and `data-drawn` ("true" when it has series and all were drawn);
/// `<body>` gets `data-plots-drawn` and `data-plots-total`. A headless browser's
/// `--dump-dom` then shows a test the result. The page works without it: it only reads.
enum ReportDrawCheck {
    static let script = """
        (function () {
          function check() {
            var plots = document.querySelectorAll('svg.plot');
            var drawnPlots = 0;
            for (var i = 0; i < plots.length; i++) {
              var series = plots[i].querySelectorAll('path.series, polyline.series');
              var drawn = 0;
              for (var j = 0; j < series.length; j++) {
                var box = series[j].getBBox();
                if (box.width > 0 && series[j].getTotalLength() > 0) { drawn += 1; }
              }
              var ok = series.length > 0 && drawn === series.length;
              plots[i].setAttribute('data-series-drawn', String(drawn));
              plots[i].setAttribute('data-series-total', String(series.length));
              plots[i].setAttribute('data-drawn', ok ? 'true' : 'false');
              if (ok) { drawnPlots += 1; }
            }
            document.body.setAttribute('data-plots-drawn', String(drawnPlots));
            document.body.setAttribute('data-plots-total', String(plots.length));
          }
          if (document.readyState === 'complete') { check(); } else { window.addEventListener('load', check); }
        })();
        """
}

(function () {
  var data = JSON.parse(document.getElementById('bridgetax-data').textContent);
  var refLine = {
    id: 'bridgetaxRefLine',
    afterDatasetsDraw: function (chart, _args, opts) {
      if (!opts || !opts.enabled) return;
      var y = chart.scales.y.getPixelForValue(1);
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = '#444';
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(chart.chartArea.left, y);
      ctx.lineTo(chart.chartArea.right, y);
      ctx.stroke();
      ctx.restore();
    }
  };
  var runtimes = data.runtimes;
  function colour(s, alpha) {
    if (s.hue !== undefined) return 'hsla(' + s.hue + ', ' + (s.hue === 0 ? 0 : 60) + '%, 50%, ' + alpha + ')';
    // Each version of a mechanism its own shade of the mechanism's hue (newest first).
    var shift = Math.max(0, (data.versions[s.mechanism] || []).indexOf(s.mechanismVersion));
    var h = data.hue[s.mechanism] === undefined ? 0 : data.hue[s.mechanism];
    return 'hsla(' + h + ', ' + (s.mechanism === 'js' ? 0 : 70) + '%, ' + (45 - shift * 15) + '%, ' + alpha + ')';
  }
  // Log axes: label 1-2-5 steps only, or Chart.js crowds the axis with every minor tick.
  function labelled(v) { var m = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9)); return [1, 2, 5].some(function (k) { return Math.abs(m - k) < 1e-6; }); }
  function fmtNs(v) {
    if (Math.abs(v) >= 1e6) return Number((v / 1e6).toPrecision(3)) + ' ms';
    if (Math.abs(v) >= 1e3) return Number((v / 1e3).toPrecision(3)) + ' µs';
    return Number(v.toPrecision(3)) + ' ns';
  }
  function fmtBytes(v) {
    if (v >= 1048576) return (v / 1048576).toFixed(1) + ' MiB';
    if (v >= 1024) return (v / 1024).toFixed(0) + ' KiB';
    return v + ' B';
  }
  function fmt(unit, v) { return unit === 'ns' ? fmtNs(v) : unit === 'bytes' ? fmtBytes(v) : Number(v.toPrecision(3)) + 'x'; }
  function yTick(unit, linear) {
    return function (v) { return linear || labelled(v) ? fmt(unit, v) : ''; };
  }
  // What the filters let through: a chart of a runtime, group or mechanism that is unticked is
  // not drawn; in the others, the unticked runtimes' and mechanisms' series and bars are left out.
  function ticked(kind) {
    var out = {};
    document.querySelectorAll('#filters input[data-filter="' + kind + '"]').forEach(function (i) { out[i.value] = i.checked; });
    return out;
  }
  function allowed(set, v) { return v === undefined || set[v] !== false; }
  function datasetsOf(spec, f) {
    var keep = spec.labelKeys ? spec.labelKeys.map(function (k) { return allowed(f.mechanism, k); }) : null;
    var pick = function (xs) { return keep && xs ? xs.filter(function (_, i) { return keep[i]; }) : xs; };
    var labels = spec.labels ? pick(spec.labels) : undefined;
    var sets = spec.series.filter(function (s) { return allowed(f.runtime, s.runtime) && allowed(f.mechanism, s.key); }).map(function (s) {
      var ds = { label: s.label, data: pick(s.data), details: pick(s.details), backgroundColor: colour(s, 0.75), borderColor: colour(s, 1), borderWidth: 1 };
      if (spec.type === 'line') {
        ds.borderWidth = 2;
        ds.pointStyle = s.data.map(function (p) { return p.x === s.crossover ? 'star' : 'circle'; });
        ds.pointRadius = s.data.map(function (p) { return p.x === s.crossover ? 10 : 3; });
        ds.pointBorderWidth = s.data.map(function (p) { return p.x === s.crossover ? 3 : 1; });
      }
      return ds;
    });
    return { labels: labels, datasets: sets };
  }
  var entries = [];
  function options(spec) {
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: spec.type === 'line' ? { xAxisKey: 'x', yAxisKey: 'y' } : undefined,
      scales: {
        x: spec.type === 'line'
          ? {
              type: 'logarithmic', title: { display: true, text: spec.xTitle },
              afterBuildTicks: function (axis) { axis.ticks = spec.xTicks.map(function (t) { return { value: t.value }; }); },
              ticks: { callback: function (v) { var t = spec.xTicks.find(function (x) { return x.value === v; }); return t ? t.label : ''; } }
            }
          : { title: { display: false }, stacked: !!spec.stacked },
        y: {
          type: spec.linear ? 'linear' : 'logarithmic', stacked: !!spec.stacked, beginAtZero: !!spec.linear, min: spec.yMin, max: spec.yMax,
          title: { display: true, text: spec.yTitle }, ticks: { callback: yTick(spec.yUnit, !!spec.linear) }
        }
      },
      plugins: {
        title: { display: true, text: spec.title, font: { size: 12 } },
        legend: { position: 'bottom', labels: { boxWidth: 10, font: { size: 10 } } },
        bridgetaxRefLine: { enabled: !!spec.refLine },
        tooltip: {
          callbacks: {
            label: function (ctx) { var v = spec.type === 'line' ? ctx.parsed.y : ctx.parsed.y; return ctx.dataset.label + ': ' + fmt(spec.yUnit, v); },
            afterLabel: function (ctx) { var d = ctx.dataset.details && ctx.dataset.details[ctx.dataIndex]; return d || []; }
          }
        }
      }
    };
  }
  function draw() {
    var f = { runtime: ticked('runtime'), mechanism: ticked('mechanism'), group: ticked('group') };
    var drawn = [];
    entries.forEach(function (e) {
      var spec = e.spec;
      var d = datasetsOf(spec, f);
      var show = allowed(f.runtime, spec.runtime) && allowed(f.group, spec.group) && allowed(f.mechanism, spec.mechanism) && d.datasets.length > 0;
      e.box.hidden = !show;
      if (!show) {
        if (e.chart) { e.chart.destroy(); e.chart = null; }
        e.canvas.setAttribute('data-series', '0');
        return;
      }
      var config = { labels: d.labels, datasets: d.datasets };
      if (spec.type === 'line') delete config.labels;
      if (e.chart) { e.chart.data = config; e.chart.update(); }
      else e.chart = new Chart(e.canvas, { type: spec.type, data: config, options: options(spec), plugins: [refLine] });
      e.canvas.setAttribute('data-series', String(e.chart.data.datasets.length));
      drawn.push({ id: spec.id, kind: spec.kind, title: spec.title, series: e.chart.data.datasets.length });
    });
    // The summary matrices and tables follow the same filters.
    document.querySelectorAll('[data-runtime]').forEach(function (el) { if (el.tagName !== 'INPUT') el.hidden = !allowed(f.runtime, el.getAttribute('data-runtime')); });
    document.querySelectorAll('[data-group]').forEach(function (el) { if (el.tagName !== 'INPUT') el.hidden = !allowed(f.group, el.getAttribute('data-group')); });
    document.querySelectorAll('[data-mechanism]').forEach(function (el) { if (el.tagName !== 'INPUT') el.hidden = !allowed(f.mechanism, el.getAttribute('data-mechanism')); });
    document.querySelectorAll('.multiples').forEach(function (g) { g.hidden = !g.querySelector('.chart:not([hidden])'); });
    window.bridgetax = { charts: drawn, ready: true, draws: (window.bridgetax ? window.bridgetax.draws : 0) + 1 };
  }
  data.charts.forEach(function (spec) {
    var canvas = document.getElementById('chart-' + spec.id);
    entries.push({ spec: spec, canvas: canvas, box: canvas.parentElement, chart: null });
  });
  document.querySelectorAll('#filters input').forEach(function (i) { i.addEventListener('change', draw); });
  document.querySelectorAll('#colour-by input').forEach(function (i) {
    i.addEventListener('change', function () { document.body.setAttribute('data-colour', i.value); });
  });
  draw();
})();

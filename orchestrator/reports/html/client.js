// @ts-check
/*
 * The HTML report's own script (inlined by html.ts after Chart.js and the data block): it hands
 * the chart specs (charts.ts) to Chart.js, re-draws them and hides the matrices' and tables'
 * rows when a filter changes, and records what it drew in `window.bridgetax` and on each canvas
 * as `data-series`, which the browser test reads. Plain ES5-style browser JS, no modules, no
 * build step; type-checked as JS (`tsc -p orchestrator/reports/html`) against the chart model's
 * types and the DOM's.
 */
/**
 * @typedef {import('./charts.ts').PageData} PageData
 * @typedef {import('./charts.ts').ChartSpec} ChartSpec
 * @typedef {import('./charts.ts').SeriesSpec} SeriesSpec
 * @typedef {ChartSpec['yUnit']} Unit
 * @typedef {Record<string, boolean>} Ticked what a filter lets through: value → ticked
 * @typedef {{ runtime: Ticked, mechanism: Ticked, group: Ticked }} Filters
 * @typedef {{ value: number, label: string }} XTick
 * @typedef {{
 *   label: string, data: unknown[] | undefined, details: (string[] | null)[] | undefined,
 *   backgroundColor: string, borderColor: string, borderWidth: number,
 *   pointStyle?: string[], pointRadius?: number[], pointBorderWidth?: number[], borderDash?: number[]
 * }} Dataset one series as Chart.js draws it, with what hovering each point shows
 * @typedef {{ labels?: string[], datasets: Dataset[] }} ChartData
 * @typedef {{ data: ChartData, update(): void, destroy(): void }} ChartInstance the part of a Chart.js chart this page uses
 * @typedef {new (canvas: HTMLCanvasElement, config: { type: string, data: ChartData, options: object, plugins: object[] }) => ChartInstance} ChartConstructor
 * @typedef {{ id: string, kind: ChartSpec['kind'], title: string, series: number }} Drawn
 * @typedef {{ charts: Drawn[], ready: boolean, draws: number }} PageRecord what the browser test reads
 * @typedef {{ spec: ChartSpec, canvas: HTMLCanvasElement, box: HTMLElement, chart: ChartInstance | null }} Entry
 */
(function () {
  /** The page's window: Chart.js's UMD build sets `Chart` on it; the script sets `bridgetax`. */
  var page = /** @type {Window & { Chart: ChartConstructor, bridgetax?: PageRecord }} */ (/** @type {unknown} */ (window));
  /** @type {PageData} */
  var data = JSON.parse(/** @type {string} */ (/** @type {HTMLElement} */ (document.getElementById('bridgetax-data')).textContent));
  /** @type {import('chart.js').Plugin<'bar' | 'line', { enabled?: boolean }>} */
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
  /**
   * @param {SeriesSpec} s
   * @param {number} alpha
   */
  function colour(s, alpha) {
    if (s.hue !== undefined) return 'hsla(' + s.hue + ', ' + (s.hue === 0 ? 0 : 60) + '%, 50%, ' + alpha + ')';
    // Each version of a mechanism its own shade of the mechanism's hue (newest first).
    var shift = Math.max(0, (data.versions[String(s.mechanism)] || []).indexOf(String(s.mechanismVersion)));
    var h = data.hue[String(s.mechanism)] === undefined ? 0 : data.hue[String(s.mechanism)];
    return 'hsla(' + h + ', ' + (s.mechanism === 'js' ? 0 : 70) + '%, ' + (45 - shift * 15) + '%, ' + alpha + ')';
  }
  // Log axes: label 1-2-5 steps only, or Chart.js crowds the axis with every minor tick.
  /** @param {number} v */
  function labelled(v) { var m = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9)); return [1, 2, 5].some(function (k) { return Math.abs(m - k) < 1e-6; }); }
  /** @param {number} v */
  function fmtNs(v) {
    if (Math.abs(v) >= 1e6) return Number((v / 1e6).toPrecision(3)) + ' ms';
    if (Math.abs(v) >= 1e3) return Number((v / 1e3).toPrecision(3)) + ' µs';
    return Number(v.toPrecision(3)) + ' ns';
  }
  /** @param {number} v */
  function fmtBytes(v) {
    if (v >= 1048576) return (v / 1048576).toFixed(1) + ' MiB';
    if (v >= 1024) return (v / 1024).toFixed(0) + ' KiB';
    return v + ' B';
  }
  /**
   * @param {Unit} unit
   * @param {number} v
   */
  function fmt(unit, v) { return unit === 'ns' ? fmtNs(v) : unit === 'bytes' ? fmtBytes(v) : Number(v.toPrecision(3)) + 'x'; }
  /**
   * @param {Unit} unit
   * @param {boolean} linear
   */
  function yTick(unit, linear) {
    return /** @param {number} v */ function (v) { return linear || labelled(v) ? fmt(unit, v) : ''; };
  }
  // What the filters let through: a chart of a runtime, group or mechanism that is unticked is
  // not drawn; in the others, the unticked runtimes' and mechanisms' series and bars are left out.
  /** @param {keyof Filters} kind */
  function ticked(kind) {
    /** @type {Ticked} */
    var out = {};
    /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('#filters input[data-filter="' + kind + '"]')).forEach(function (i) { out[i.value] = i.checked; });
    return out;
  }
  /**
   * Whether a filter lets a value through: one it has no box for (or no value at all) passes.
   * @param {Ticked} set
   * @param {string | null | undefined} v
   */
  function allowed(set, v) { return v === undefined || set[String(v)] !== false; }
  /**
   * @param {ChartSpec} spec
   * @param {Filters} f
   * @returns {ChartData}
   */
  function datasetsOf(spec, f) {
    var keep = spec.labelKeys ? spec.labelKeys.map(function (k) { return allowed(f.mechanism, k); }) : null;
    /**
     * @template T
     * @param {readonly T[] | undefined} xs
     * @returns {T[] | undefined}
     */
    var pick = function (xs) { return keep && xs ? xs.filter(function (_, i) { return /** @type {boolean[]} */ (keep)[i]; }) : /** @type {T[] | undefined} */ (xs); };
    var labels = spec.labels ? pick(spec.labels) : undefined;
    var sets = spec.series.filter(function (s) { return allowed(f.runtime, s.runtime) && allowed(f.mechanism, s.key); }).map(function (s) {
      /** @type {Dataset} */
      var ds = { label: s.label, data: pick(/** @type {unknown[]} */ (s.data)), details: pick(s.details), backgroundColor: colour(s, 0.75), borderColor: colour(s, 1), borderWidth: 1 };
      if (spec.type === 'line') {
        // A line chart's series are points by param.
        var points = /** @type {{ x: number, y: number }[]} */ (s.data);
        ds.borderWidth = 2;
        ds.pointStyle = points.map(function (p) { return p.x === s.crossover ? 'star' : 'circle'; });
        ds.pointRadius = points.map(function (p) { return p.x === s.crossover ? 10 : 3; });
        ds.pointBorderWidth = points.map(function (p) { return p.x === s.crossover ? 3 : 1; });
        if (s.dash) ds.borderDash = s.dash;
      }
      return ds;
    });
    return { labels: labels, datasets: sets };
  }
  /** @type {Entry[]} */
  var entries = [];
  /** @param {ChartSpec} spec */
  function options(spec) {
    // A line chart always has its x ticks (the measured params).
    var xTicks = /** @type {XTick[]} */ (spec.xTicks);
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: spec.type === 'line' ? { xAxisKey: 'x', yAxisKey: 'y' } : undefined,
      scales: {
        x: spec.type === 'line'
          ? {
              type: 'logarithmic', title: { display: true, text: spec.xTitle },
              afterBuildTicks: /** @param {{ ticks: { value: number }[] }} axis */ function (axis) { axis.ticks = xTicks.map(function (t) { return { value: t.value }; }); },
              ticks: { callback: /** @param {number} v */ function (v) { var t = xTicks.find(function (x) { return x.value === v; }); return t ? t.label : ''; } }
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
            label: /** @param {{ parsed: { y: number }, dataset: Dataset }} ctx */ function (ctx) { var v = spec.type === 'line' ? ctx.parsed.y : ctx.parsed.y; return ctx.dataset.label + ': ' + fmt(spec.yUnit, v); },
            afterLabel: /** @param {{ dataset: Dataset, dataIndex: number }} ctx */ function (ctx) { var d = ctx.dataset.details && ctx.dataset.details[ctx.dataIndex]; return d || []; }
          }
        }
      }
    };
  }
  /**
   * Each element of the matrices and tables that carries `attr`, shown or hidden by a filter
   * (the filter's own inputs carry it too, and stay).
   * @param {string} attr
   * @param {Ticked} set
   */
  function follow(attr, set) {
    /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[' + attr + ']')).forEach(function (el) { if (el.tagName !== 'INPUT') el.hidden = !allowed(set, el.getAttribute(attr)); });
  }
  function draw() {
    /** @type {Filters} */
    var f = { runtime: ticked('runtime'), mechanism: ticked('mechanism'), group: ticked('group') };
    /** @type {Drawn[]} */
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
      /** @type {ChartData} */
      var config = { labels: d.labels, datasets: d.datasets };
      if (spec.type === 'line') delete config.labels;
      if (e.chart) { e.chart.data = config; e.chart.update(); }
      else e.chart = new page.Chart(e.canvas, { type: spec.type, data: config, options: options(spec), plugins: [refLine] });
      e.canvas.setAttribute('data-series', String(e.chart.data.datasets.length));
      drawn.push({ id: spec.id, kind: spec.kind, title: spec.title, series: e.chart.data.datasets.length });
    });
    // The summary matrices and tables follow the same filters.
    follow('data-runtime', f.runtime);
    follow('data-group', f.group);
    follow('data-mechanism', f.mechanism);
    /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.multiples')).forEach(function (g) { g.hidden = !g.querySelector('.chart:not([hidden])'); });
    page.bridgetax = { charts: drawn, ready: true, draws: (page.bridgetax ? page.bridgetax.draws : 0) + 1 };
  }
  data.charts.forEach(function (spec) {
    var canvas = /** @type {HTMLCanvasElement} */ (document.getElementById('chart-' + spec.id));
    entries.push({ spec: spec, canvas: canvas, box: /** @type {HTMLElement} */ (canvas.parentElement), chart: null });
  });
  /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('#filters input')).forEach(function (i) { i.addEventListener('change', draw); });
  /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('#colour-by input')).forEach(function (i) {
    i.addEventListener('change', function () { document.body.setAttribute('data-colour', i.value); });
  });
  draw();
})();

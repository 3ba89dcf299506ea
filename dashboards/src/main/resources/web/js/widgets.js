// The widgets of a screen. Each keeps one ECharts instance for its life and only calls setOption on new data:
// a wall screen runs for days, and re-creating charts leaks memory.
import * as fmt from './format.js';
import { palette, rem, status, better, statusColour, statusSaid, againstTarget } from './look.js';

const echarts = window.echarts;
/** The page's type for canvas text too ("inherit" is not a font a canvas understands: it would fall back to 10px). */
const FONT = '"PT Sans", "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif';

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/**
 * Makes a clickable element reachable from the keyboard: focusable, announced as a link, opened with Enter or Space.
 */
function activatable(node, label, open) {
  node.tabIndex = 0;
  node.setAttribute('role', 'link');
  if (label) node.setAttribute('aria-label', label);
  node.addEventListener('click', open);
  node.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  });
}

/**
 * The keyboard alternative to clicking a bar or a district: the chart takes focus, the arrow keys move through its
 * items (highlighted, with their tooltip) and Enter or Space opens the item's link.
 * @param count how many items the chart shows now; open(index) follows the link of one
 */
function keyboardItems(canvas, chart, label, count, open) {
  let current = -1;
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'link');
  canvas.setAttribute('aria-label', label);
  const show = (index) => {
    const instance = chart.get();
    if (current >= 0) instance.dispatchAction({ type: 'downplay', seriesIndex: 0, dataIndex: current });
    current = index;
    canvas.dataset.focusIndex = String(index);
    instance.dispatchAction({ type: 'highlight', seriesIndex: 0, dataIndex: index });
    instance.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: index });
  };
  canvas.addEventListener('keydown', (e) => {
    const n = count();
    if (!n) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') show((current + 1) % n);
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') show((current - 1 + n) % n);
    else if (e.key === 'Enter' || e.key === ' ') open(Math.max(0, Math.min(current, n - 1)));
    else return;
    e.preventDefault();
  });
  canvas.addEventListener('blur', () => {
    if (current >= 0 && chart.instance) chart.instance.dispatchAction({ type: 'hideTip' });
  });
}

/**
 * The steps a heading takes to be read whole in its tile: one line, one line in slightly smaller type, two lines,
 * two lines in smaller type. Each is [scale of the type, wrapped].
 */
const FIT_STEPS = [[1, false], [0.92, false], [0.85, false], [1, true], [0.92, true], [0.85, true], [0.78, true]];

function overflows(node) {
  return node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1;
}

/**
 * Fits a tile's title or subtitle into its box by the steps above. One that even so cannot be whole (a narrow tile
 * on a portrait screen) ends in «…» and carries its full text in its title attribute, shown on hover; a screen
 * reader reads the element's text, which is always whole.
 */
function fitHeading(node) {
  node.removeAttribute('title');
  for (const [scale, wrapped] of FIT_STEPS) {
    node.style.setProperty('--fit', String(scale));
    node.classList.toggle('wrapped', wrapped);
    if (!overflows(node)) return;
  }
  node.title = node.textContent;
}

/**
 * A status said in a sign and in words beside its colour, for a monochrome projector and a screen reader: the eye
 * reads «✓ выше цели», a screen reader «в норме: выше цели» (the sign is hidden from it, the status word from the
 * eye). Without `where` (a table cell) the eye gets the sign alone, the status word on hover. Empty for a value
 * without a status.
 */
function sayStatus(node, s, lang, where = '') {
  const said = statusSaid(s);
  node.replaceChildren();
  node.hidden = !said;
  node.dataset.status = said ? s : '';
  node.removeAttribute('title');
  if (!said) return node;
  const word = lang === 'en' ? said.en : said.ru;
  const sign = el('span', 'status-sign', said.sign);
  sign.setAttribute('aria-hidden', 'true');
  node.append(sign, el('span', 'visually-hidden', where ? ` ${word}: ` : ` ${word}`));
  if (where) node.append('\u00a0', el('span', 'status-where', where));
  else node.title = word;
  return node;
}

function tr(text, lang) {
  if (!text) return '';
  if (typeof text === 'string') return text;
  return lang === 'en' ? (text.en || text.ru) : text.ru;
}

/**
 * The annotation of a member in an answer, with the English unit from the dashboard's definition: answers name
 * units in Russian only. A derived member (budget.fact.previousYear) has the unit of the member it comes from.
 */
function measureMeta(answer, key, units) {
  const meta = (answer && answer.annotation && (answer.annotation.measures[key] || answer.annotation.dimensions[key])) || {};
  let member = key;
  while (!units[member] && member.includes('.')) member = member.slice(0, member.lastIndexOf('.'));
  return units[member] ? { ...meta, unitEn: units[member].en } : meta;
}

function titleOf(meta, lang, fallback) {
  return (lang === 'en' ? meta.titleEn : meta.title) || fallback;
}

/** The key of a query's first grouped time dimension in answer rows, e.g. budget.operation_date.month. */
function timeKey(query) {
  const t = (query.timeDimensions || []).find((td) => td.granularity);
  return t ? `${t.dimension}.${t.granularity}` : null;
}

/** The dimension shown as a name: the second of a code/name pair, else the first. */
function labelKey(query) {
  const dims = query.dimensions || [];
  return dims.find((d) => d.endsWith('_name')) || dims[0] || null;
}

function codeKey(query) {
  return (query.dimensions || [])[0] || null;
}

/**
 * The name a row is shown by: a territory's (its OKTMO code is the query's first dimension) in the page's language
 * from the reference data, since answers name territories in Russian only; else the label the answer gives.
 */
function nameOf(row, query, ctx) {
  const code = row[codeKey(query)];
  return (code !== undefined && code !== null && ctx.territoryNames[code]) || row[labelKey(query)];
}

/**
 * An ECharts instance made on first use: by then the tile is in the page and has its size (a chart made on a
 * detached element would draw into a 0×0 canvas).
 */
class LazyChart {
  constructor(container, onResize) {
    this.container = container;
    this.onResize = onResize;
    this.instance = null;
    this.handlers = [];
    this.size = '';
  }

  get() {
    if (!this.instance) {
      this.instance = echarts.init(this.container, null, { renderer: 'canvas' });
      this.handlers.forEach(([event, handler]) => this.instance.on(event, handler));
      // The tile may change size after the first picture (header, fonts, window): follow it.
      // Type sizes follow the viewport, so a new size means drawing again, not only stretching the canvas.
      this.size = `${this.container.clientWidth}x${this.container.clientHeight}`;
      this.observer = new ResizeObserver(() => {
        const size = `${this.container.clientWidth}x${this.container.clientHeight}`;
        if (size !== this.size) {
          this.size = size;
          this.onResize();
        }
      });
      this.observer.observe(this.container);
    }
    return this.instance;
  }

  setOption(option, notMerge) {
    this.get().setOption(option, notMerge);
  }

  on(event, handler) {
    this.handlers.push([event, handler]);
    if (this.instance) this.instance.on(event, handler);
  }

  resize() {
    if (this.instance) this.instance.resize();
  }

  dispose() {
    if (this.observer) this.observer.disconnect();
    if (this.instance) this.instance.dispose();
    this.instance = null;
  }
}

class Widget {
  constructor(spec, ctx) {
    this.spec = spec;
    this.ctx = ctx;
    this.element = el('section', `widget widget-${spec.type}`);
    this.element.dataset.widget = spec.id;
    this.element.dataset.type = spec.type;
    const g = spec.grid;
    this.element.style.gridColumn = `${g.x + 1} / span ${g.w}`;
    this.element.style.gridRow = `${g.y + 1} / span ${g.h}`;
    const head = el('header', 'widget-head');
    const title = el('h2', 'widget-title', tr(spec.title, ctx.lang));
    head.append(title);
    this.headings = [title];
    if (spec.subtitle) {
      const sub = el('div', 'widget-sub', tr(spec.subtitle, ctx.lang));
      head.append(sub);
      this.headings.push(sub);
    }
    // Its cube has not reported the screen's month yet: the tile shows the newest it has, and must say so.
    if (spec.shownMonth) {
      head.append(el('div', 'widget-month', ctx.lang === 'en'
        ? `data for ${fmt.monthLong(spec.shownMonth, 'en')}, the latest reported`
        : `данные за ${fmt.monthLong(spec.shownMonth)} — последние поступившие`));
    }
    if (spec.link && !spec.link.includes('{code}')) {
      title.classList.add('linked');
      activatable(title, null, () => ctx.navigate(spec.link, {}));
    }
    this.body = el('div', 'widget-body');
    this.provenance = el('footer', 'provenance', '\u00a0');
    this.element.append(head, this.body, this.provenance);
    this.charts = [];
    this.last = null;
  }

  /** Named queries this widget needs: { query, previousQuery, trend, ... }. */
  queries() {
    const out = {};
    for (const name of ['query', 'previousQuery', 'trend']) {
      if (this.spec[name]) out[name] = this.spec[name];
    }
    return out;
  }

  chart(container) {
    const chart = new LazyChart(container, () => this.scheduleResize());
    this.charts.push(chart);
    return chart;
  }

  scheduleResize() {
    if (this.pendingResize) return;
    this.pendingResize = requestAnimationFrame(() => {
      this.pendingResize = null;
      this.resize();
    });
  }

  update(results) {
    this.last = results;
    // The headings first: the room they take is the room the chart does not get.
    this.fitHeadings();
    this.element.classList.remove('failed');
    const failed = Object.entries(results).find(([, r]) => r && r.error);
    if (failed) {
      this.fail(failed[1].error);
      return;
    }
    this.render(results);
    this.describe(results);
    this.element.dataset.rendered = 'true';
  }

  fitHeadings() {
    if (this.element.isConnected) this.headings.forEach(fitHeading);
  }

  fail(message) {
    this.element.classList.add('failed');
    let box = this.element.querySelector('.widget-error');
    if (!box) {
      box = el('div', 'widget-error');
      this.element.append(box);
    }
    box.textContent = `${this.ctx.lang === 'en' ? 'No data' : 'Нет данных'}: ${message}`;
  }

  /** Where the numbers come from: measure, period, data version and its time — on the tile and on hover. */
  describe(results) {
    const answer = results.query || Object.values(results).find((r) => r && r.data);
    if (!answer) return;
    const lang = this.ctx.lang;
    const query = this.spec.query || (this.spec.lines && this.spec.lines[0].query) || {};
    const members = (query.measures || []).join(', ');
    const range = fmt.rangeOf(query);
    const version = (this.ctx.sources || {})[this.spec.id] || answer.dataVersion;
    const when = version ? fmt.localDateTime(version.publishedAt, lang) : '—';
    const short = lang === 'en'
      ? `${members} · ${range ? fmt.period(range[0], range[1], 'en') + ' · ' : ''}v${version ? version.version : '—'} · data of ${when}`
      : `${members} · ${range ? fmt.period(range[0], range[1], 'ru') + ' · ' : ''}версия ${version ? version.version : '—'} · данные на ${when}`;
    // Counts of people the server hid (disclosure control): say how many, so that a short list is not misread.
    const count = this.spec.disclosure && this.spec.disclosure.count;
    const hidden = count ? answer.data.filter((row) => row[count] === null).length : 0;
    this.element.dataset.hidden = String(hidden);
    const hiddenText = lang === 'en' ? `${hidden} small counts hidden · ` : `скрыто малых чисел: ${hidden} · `;
    this.provenance.textContent = hidden ? hiddenText + short : short;
    this.element.title = lang === 'en'
      ? `Source: ${members}${range ? `\nPeriod: ${fmt.date(range[0], 'en')}–${fmt.date(range[1], 'en')}` : ''}\nData version ${version ? version.version : '—'}, published ${when}${version ? ' by ' + version.publishedBy : ''}`
      : `Источник: ${members}${range ? `\nПериод: ${fmt.date(range[0])}–${fmt.date(range[1])}` : ''}\nВерсия данных ${version ? version.version : '—'} от ${when}${version ? ', загрузка: ' + version.publishedBy : ''}`;
    this.element.dataset.version = version ? version.version : '';
  }

  resize() {
    this.charts.forEach((c) => c.resize());
    if (this.last) this.update(this.last);
    else this.fitHeadings();
  }

  dispose() {
    this.charts.forEach((c) => c.dispose());
    this.charts = [];
  }

  base() {
    const look = palette(this.ctx.theme);
    const r = rem();
    return {
      look, r,
      option: {
        backgroundColor: 'transparent',
        color: look.series,
        textStyle: { color: look.text, fontSize: Math.round(r * 0.8), fontFamily: FONT },
        animationDuration: 400,
      },
    };
  }

  axisStyle(look, r) {
    return {
      axisLine: { lineStyle: { color: look.grid } },
      axisTick: { show: false },
      axisLabel: { color: look.muted, fontSize: Math.round(r * 0.8), fontFamily: FONT },
      splitLine: { lineStyle: { color: look.grid } },
    };
  }

  tooltip(look, r) {
    return {
      backgroundColor: look.card, borderColor: look.edge, textStyle: { color: look.text, fontSize: Math.round(r * 0.8) },
    };
  }
}

class Kpi extends Widget {
  constructor(spec, ctx) {
    super(spec, ctx);
    this.value = el('div', 'kpi-value');
    this.number = el('span', 'kpi-number', '—');
    this.unit = el('span', 'kpi-unit');
    this.value.append(this.number, this.unit);
    this.change = el('div', 'kpi-change');
    this.target = el('div', 'kpi-target');
    this.status = el('div', 'kpi-status status-text');
    this.spark = el('div', 'kpi-spark');
    const left = el('div', 'kpi-main');
    left.append(this.value, this.change, this.target, this.status);
    this.body.append(left, this.spark);
    if (spec.link) {
      this.element.classList.add('clickable');
      activatable(this.body, tr(spec.title, ctx.lang), () => ctx.navigate(spec.link, {}));
    }
    this.sparkChart = spec.trend ? this.chart(this.spark) : null;
    if (!spec.trend) this.spark.remove();
  }

  render(results) {
    const { lang } = this.ctx;
    const key = this.spec.measure || this.spec.query.measures[0];
    const answer = results.query;
    const v = answer.data.length ? answer.data[0][key] : null;
    const meta = measureMeta(answer, key, this.ctx.units);
    const parts = fmt.valueParts(v, meta, lang);
    this.number.textContent = parts.number;
    this.unit.textContent = parts.unit;
    this.value.dataset.value = v === null || v === undefined ? '' : String(v);
    this.value.dataset.measure = key;
    const s = status(v, this.spec.target);
    this.element.dataset.status = s;
    sayStatus(this.status, s, lang, againstTarget(v, this.spec.target, lang));

    const prev = results.previousQuery && results.previousQuery.data.length ? results.previousQuery.data[0][key] : null;
    const ch = fmt.change(v, prev, meta, this.spec.compare, lang);
    this.change.textContent = '';
    this.change.className = 'kpi-change';
    if (ch) {
      const arrow = ch.sign > 0 ? '▲' : ch.sign < 0 ? '▼' : '■';
      this.change.classList.add(better(ch.sign, this.spec.target));
      this.change.append(el('span', 'arrow', arrow), el('span', 'delta', ch.short),
        el('span', 'versus', this.spec.compare === 'previousPeriod'
          ? (lang === 'en' ? 'vs previous period' : 'к пред. периоду')
          : (lang === 'en' ? 'vs a year before' : 'к прошлому году')));
      this.change.title = ch.text;
    }
    const t = this.spec.target;
    this.target.textContent = t && t.value !== undefined && t.value !== null
      ? `${lang === 'en' ? 'target' : 'цель'} ${t.direction === 'lower' ? '≤' : '≥'} ${fmt.value(Number(t.value), meta, lang)}`
      : '';

    if (this.sparkChart && results.trend) this.renderSpark(results.trend, s);
  }

  renderSpark(trend, s) {
    const { look, option } = this.base();
    const query = this.spec.trend;
    const key = query.measures[0];
    const time = timeKey(query);
    const rows = trend.data.slice(-36);
    const colour = statusColour(look, s);
    this.sparkChart.setOption({
      ...option,
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 2 },
      xAxis: { type: 'category', show: false, boundaryGap: false, data: rows.map((r) => r[time]) },
      yAxis: { type: 'value', show: false, scale: true },
      tooltip: { show: false },
      series: [{
        type: 'line', data: rows.map((r) => r[key]), showSymbol: false, smooth: true,
        lineStyle: { width: 2, color: colour },
        areaStyle: { color: colour, opacity: 0.18 },
      }],
    }, true);
  }
}

class TimeChart extends Widget {
  constructor(spec, ctx) {
    super(spec, ctx);
    this.canvas = el('div', 'chart');
    this.body.append(this.canvas);
    this.echart = this.chart(this.canvas);
  }

  render(results) {
    const { lang } = this.ctx;
    const { look, r, option } = this.base();
    const answer = results.query;
    const query = this.spec.query;
    const time = timeKey(query);
    const x = time || labelKey(query);
    const keys = this.spec.series || query.measures;
    const rows = answer.data.slice(0, 400);
    const horizontal = !!this.spec.horizontal;
    const categories = rows.map((row) => (time ? fmt.monthShort(row[x], lang) : nameOf(row, query, this.ctx)));
    const firstMeta = measureMeta(answer, keys[keys.length - 1], this.ctx.units);
    const isPct = firstMeta.format === 'percent' || firstMeta.unit === '%';
    const axisValue = (v) => (isPct ? `${fmt.number(v, 2, lang)} %` : fmt.compact(v, lang));
    // A value written on a bar follows the cards' rule; the ticks of an axis only need to be told apart.
    const barValue = (v) => `${fmt.label(v, firstMeta, lang)}${isPct ? ' %' : ''}`;
    const series = keys.map((key, index) => {
      const meta = measureMeta(answer, key, this.ctx.units);
      let data = rows.map((row) => (row[key] === undefined ? null : row[key]));
      if (this.spec.cumulative) {
        let sum = 0;
        data = data.map((v) => (v === null ? null : (sum += v)));
      }
      const previous = key.endsWith('.previousYear') || key.endsWith('.previousPeriod');
      const name = previous
        ? (key.endsWith('.previousYear') ? (lang === 'en' ? 'a year before' : 'годом ранее') : (lang === 'en' ? 'previous period' : 'предыдущий период'))
        : titleOf(meta, lang, key);
      const colour = previous ? look.muted : look.series[index % look.series.length];
      const item = {
        name, data, type: this.spec.type === 'bar' ? 'bar' : 'line',
        itemStyle: { color: colour }, lineStyle: { width: Math.max(2, r * 0.15), color: colour },
        showSymbol: rows.length <= 14, symbolSize: r * 0.35, smooth: false,
        barMaxWidth: r * 2.2, stack: this.spec.stack ? 'total' : undefined,
        emphasis: { focus: 'series' },
      };
      if (this.spec.area && item.type === 'line') item.areaStyle = { opacity: 0.15 };
      if (horizontal) {
        item.label = { show: true, position: 'right', color: look.text, fontSize: Math.round(r * 0.7), formatter: (p) => barValue(p.value) };
      }
      return item;
    });
    const t = this.spec.target;
    if (t && t.value !== undefined && t.value !== null && series.length) {
      series[series.length - 1].markLine = {
        silent: true, symbol: 'none',
        lineStyle: { color: look.warn, type: 'dashed', width: 2 },
        label: { color: look.warn, fontSize: Math.round(r * 0.7), formatter: `${lang === 'en' ? 'target' : 'цель'} ${barValue(Number(t.value))}`, position: 'insideEndTop' },
        data: [horizontal ? { xAxis: Number(t.value) } : { yAxis: Number(t.value) }],
      };
    }
    const axes = this.axisStyle(look, r);
    const categoryAxis = {
      type: 'category', data: categories, ...axes, splitLine: { show: false },
      axisLabel: { ...axes.axisLabel, ...(horizontal ? { width: this.canvas.clientWidth * 0.38, overflow: 'truncate' } : { hideOverlap: true }) },
      inverse: horizontal,
    };
    const valueAxis = {
      type: 'value', ...axes, axisLabel: { ...axes.axisLabel, formatter: axisValue, hideOverlap: true },
      scale: isPct && !horizontal, splitNumber: horizontal ? 3 : 4,
    };
    this.echart.setOption({
      ...option,
      legend: keys.length > 1 ? { top: 0, right: 0, textStyle: { color: look.muted, fontSize: Math.round(r * 0.8) }, itemWidth: r, itemHeight: r * 0.6 } : undefined,
      grid: { left: 8, right: horizontal ? r * 4 : 12, top: keys.length > 1 ? r * 1.8 : r * 0.8, bottom: 4, containLabel: true },
      tooltip: {
        ...this.tooltip(look, r), trigger: 'axis',
        valueFormatter: (v) => (v === null || v === undefined ? '—' : fmt.value(v, firstMeta, lang)),
      },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series,
    }, true);
  }
}

class MapWidget extends Widget {
  constructor(spec, ctx) {
    super(spec, ctx);
    this.canvas = el('div', 'chart');
    this.body.append(this.canvas);
    this.echart = this.chart(this.canvas);
    this.regions = [];
    this.echart.on('click', (p) => {
      if (this.spec.link && p.name) ctx.navigate(this.spec.link, { code: p.name });
    });
    if (spec.link) {
      keyboardItems(this.canvas, this.echart, tr(spec.title, ctx.lang), () => this.regions.length,
        (i) => ctx.navigate(spec.link, { code: this.regions[i] }));
    }
  }

  render(results) {
    const { lang } = this.ctx;
    const { look, r, option } = this.base();
    const answer = results.query;
    const query = this.spec.query;
    const key = this.spec.measure || query.measures[0];
    const code = codeKey(query);
    const meta = measureMeta(answer, key, this.ctx.units);
    const names = this.ctx.territoryNames;
    const data = answer.data.filter((row) => row[code]).map((row) => ({ name: row[code], value: row[key] }));
    const values = data.map((d) => d.value).filter((v) => v !== null && v !== undefined);
    const min = values.length ? Math.min(...values) : 0;
    const max = values.length ? Math.max(...values) : 1;
    const lower = this.spec.target && this.spec.target.direction === 'lower';
    const scale = lower ? [look.good, look.warn, look.bad] : [look.bad, look.warn, look.good];
    this.canvas.dataset.regions = String(data.length);
    this.regions = data.map((d) => d.name);
    this.echart.setOption({
      ...option,
      tooltip: {
        ...this.tooltip(look, r), trigger: 'item',
        formatter: (p) => `${names[p.name] || p.name}<br><b>${fmt.value(p.value, meta, lang)}</b>`,
      },
      visualMap: {
        type: 'continuous', min, max: max === min ? min + 1 : max, calculable: false, realtime: false,
        inRange: { color: this.spec.target && this.spec.target.direction ? scale : [look.edge, look.neutral] },
        orient: 'vertical', left: 4, bottom: 4, itemWidth: r * 0.8, itemHeight: r * 7,
        text: [fmt.value(max, meta, lang), fmt.value(min, meta, lang)],
        textStyle: { color: look.text, fontSize: Math.round(r * 0.8) },
      },
      series: [{
        type: 'map', map: 'tomsk-mo', nameProperty: 'oktmo', roam: false,
        // Tomsk Oblast lies near 58° N: scale longitudes by cos 58° so the region keeps its shape.
        aspectScale: 0.55, layoutCenter: ['55%', '50%'], layoutSize: '98%',
        selectedMode: false, data,
        itemStyle: { borderColor: look.edge, borderWidth: 1, areaColor: look.card },
        emphasis: {
          label: { show: true, color: look.text, fontSize: Math.round(r * 0.8), formatter: (p) => names[p.name] || p.name },
          itemStyle: { areaColor: look.series[3] },
        },
        // Values on the regions; where small neighbours crowd (Tomsk, Seversk) the overlapping ones hide.
        label: {
          show: true, color: '#0a1222', fontSize: Math.round(r * 0.7), fontWeight: 700,
          // Urban okrugs are specks at this scale: their values are in the tooltip and the ranking instead.
          formatter: (p) => (p.value === undefined || Number.isNaN(p.value) || this.ctx.territoryTypes[p.name] === 'городской округ'
            ? '' : fmt.label(p.value, meta, lang)),
        },
        labelLayout: { hideOverlap: true },
      }],
    }, true);
  }
}

class Ranking extends Widget {
  constructor(spec, ctx) {
    super(spec, ctx);
    this.canvas = el('div', 'chart');
    this.body.append(this.canvas);
    this.echart = this.chart(this.canvas);
    this.rows = [];
    this.echart.on('click', (p) => {
      const row = this.rows[p.dataIndex];
      if (this.spec.link && row) ctx.navigate(this.spec.link, { code: row[codeKey(this.spec.query)] });
    });
    if (spec.link) {
      keyboardItems(this.canvas, this.echart, tr(spec.title, ctx.lang), () => this.rows.length,
        (i) => ctx.navigate(spec.link, { code: this.rows[i][codeKey(spec.query)] }));
    }
  }

  render(results) {
    const { lang } = this.ctx;
    const { look, r, option } = this.base();
    const answer = results.query;
    const query = this.spec.query;
    const key = this.spec.measure || query.measures[0];
    const nameOfRow = (row) => nameOf(row, query, this.ctx);
    const meta = measureMeta(answer, key, this.ctx.units);
    // A count hidden by disclosure control comes back as null: it stays a row, labelled as hidden, among the
    // small counts it may stand for (above the zeros, which are shown), so that a short list is not misread.
    const disclosed = this.spec.disclosure && this.spec.disclosure.count === key;
    const present = (row) => row[key] !== null && row[key] !== undefined;
    const shown = answer.data.filter(present);
    const hidden = disclosed ? answer.data.filter((row) => !present(row)) : [];
    const cut = shown.findIndex((row) => row[key] < this.spec.disclosure?.threshold);
    this.rows = (hidden.length ? [...shown.slice(0, cut < 0 ? shown.length : cut), ...hidden, ...shown.slice(cut < 0 ? shown.length : cut)] : shown).slice(0, 60);
    const hiddenText = lang === 'en' ? 'hidden' : 'скрыто';
    const overall = answer.totals && answer.totals.length ? answer.totals[0][key] : null;
    const lower = this.spec.target && this.spec.target.direction === 'lower';
    const colourOf = (v) => {
      if (overall === null || !this.spec.target || !this.spec.target.direction) return look.neutral;
      const good = lower ? v <= overall : v >= overall;
      return good ? look.good : look.bad;
    };
    const show = (v) => fmt.value(v, meta, lang);
    const axes = this.axisStyle(look, r);
    const barSize = Math.max(6, Math.min(r * 1.1, (this.canvas.clientHeight - r * 2) / Math.max(1, this.rows.length) * 0.7));
    // The names take the room they need, up to half the width (on a phone the bars get the other half).
    const nameFont = Math.round(r * 0.8);
    const longest = Math.max(0, ...this.rows.map((row) => echarts.format.getTextRect(String(nameOfRow(row) ?? ''), `${nameFont}px ${FONT}`).width));
    const names = Math.min(this.canvas.clientWidth * 0.5, longest + 12);
    this.echart.setOption({
      ...option,
      grid: { left: names, right: r * 3.2, top: r * 1.2, bottom: 2, containLabel: false },
      tooltip: { ...this.tooltip(look, r), trigger: 'item', formatter: (p) => `${p.name}<br><b>${p.data.hidden ? hiddenText : show(p.value)}</b>` },
      xAxis: { type: 'value', show: false, max: (v) => v.max * 1.02 },
      yAxis: {
        type: 'category', inverse: true, data: this.rows.map(nameOfRow), ...axes, splitLine: { show: false },
        axisTick: { show: false },
        axisLabel: { ...axes.axisLabel, color: look.text, fontSize: nameFont, width: names - 8, overflow: 'truncate' },
      },
      series: [{
        type: 'bar', barWidth: barSize,
        data: this.rows.map((row) => (present(row)
          ? { value: row[key], itemStyle: { color: colourOf(row[key]), borderRadius: [0, 3, 3, 0] } }
          : { value: 0, hidden: true, itemStyle: { color: 'transparent' }, label: { color: look.muted, fontStyle: 'italic' } })),
        // The values sit on the card's colour above the dashed line of the whole, which passes behind them: the
        // series is drawn over its mark line (z 5).
        z: 6,
        label: {
          show: true, position: 'right', color: look.text, fontSize: Math.round(r * 0.78),
          backgroundColor: look.card, padding: [0, 2],
          formatter: (p) => (p.data.hidden ? hiddenText : fmt.label(p.value, meta, lang)),
        },
        // The line's own label stands above the first bar, in the room the grid keeps at its top (the category
        // axis is inverse: the line starts there).
        markLine: overall === null ? undefined : {
          silent: true, symbol: 'none', lineStyle: { color: look.warn, type: 'dashed', width: 2 },
          label: { color: look.warn, fontSize: Math.round(r * 0.78), fontWeight: 700, position: 'start', distance: 3, formatter: `${this.ctx.ownTerritories ? (lang === 'en' ? 'total of yours' : 'итого по вашим') : (lang === 'en' ? 'overall' : 'в целом')} ${meta.unit === '%' || meta.format === 'percent' ? show(overall) : fmt.label(overall, meta, lang)}` },
          data: [{ xAxis: overall }],
        },
      }],
    }, true);
    this.element.dataset.overall = overall === null ? '' : String(overall);
    this.canvas.dataset.rows = String(this.rows.length);
  }
}

class Gauge extends Widget {
  constructor(spec, ctx) {
    super(spec, ctx);
    this.canvas = el('div', 'chart');
    this.note = el('div', 'gauge-note');
    this.value = el('div', 'gauge-value');
    this.number = el('span', 'kpi-number', '—');
    this.unit = el('span', 'kpi-unit');
    this.status = el('div', 'gauge-status status-text');
    this.value.append(this.number, this.unit, this.status);
    this.body.append(this.canvas, this.value, this.note);
    this.echart = this.chart(this.canvas);
    if (spec.link) {
      this.element.classList.add('clickable');
      activatable(this.canvas, tr(spec.title, ctx.lang), () => ctx.navigate(spec.link, {}));
    }
  }

  render(results) {
    const { lang } = this.ctx;
    const { look, r, option } = this.base();
    const key = this.spec.measure || this.spec.query.measures[0];
    const answer = results.query;
    const v = answer.data.length ? answer.data[0][key] : null;
    const meta = measureMeta(answer, key, this.ctx.units);
    const max = this.spec.max || 100;
    const t = this.spec.target;
    const s = status(v, t);
    this.element.dataset.status = s;
    let bands = [[1, look.grid]];
    if (t && t.value !== undefined && t.value !== null) {
      const warn = t.warn || 0;
      const at = (x) => Math.min(1, Math.max(0, x / max));
      bands = t.direction === 'lower'
        ? [[at(Number(t.value)), look.good], [at(Number(t.value) + warn), look.warn], [1, look.bad]]
        : [[at(Number(t.value) - warn), look.bad], [at(Number(t.value)), look.warn], [1, look.good]];
    }
    // Faint bands show where the target lies; the thick arc in the status colour is the value.
    bands = bands.map(([at, colour]) => [at, `${colour}55`]);
    const width = r * 1.1;
    const dial = { type: 'gauge', min: 0, max, startAngle: 210, endAngle: -30, radius: '100%', center: ['50%', '62%'] };
    const hasTarget = t && t.value !== undefined && t.value !== null;
    // The target is a mark across the arc: a short bar pointing from the centre, drawn over the band (the radius is
    // half the smaller side of the chart).
    const across = Math.min(0.5, width / Math.max(1, Math.min(this.canvas.clientWidth, this.canvas.clientHeight) / 2));
    const mark = hasTarget ? [{
      ...dial, z: 3,
      axisLine: { show: false }, progress: { show: false }, axisTick: { show: false }, splitLine: { show: false },
      axisLabel: { show: false }, anchor: { show: false }, title: { show: false }, detail: { show: false },
      pointer: {
        show: true, icon: 'rect', width: Math.max(3, r * 0.22), length: `${(across + 0.1) * 100}%`,
        offsetCenter: [0, `-${(1 - across - 0.05) * 100}%`], itemStyle: { color: look.text },
      },
      data: [{ value: Math.min(max, Math.max(0, Number(t.value))) }],
    }] : [];
    this.echart.setOption({
      ...option,
      series: [{
        ...dial,
        progress: { show: true, width, itemStyle: { color: statusColour(look, s) } },
        axisLine: { lineStyle: { width, color: bands } },
        pointer: { show: false }, axisTick: { show: false }, splitLine: { show: false },
        axisLabel: { show: false },
        anchor: { show: false },
        title: { show: false },
        detail: { show: false },
        data: [{ value: v === null ? 0 : v }],
      }, ...mark],
    }, true);
    this.canvas.dataset.target = hasTarget ? String(Number(t.value)) : '';
    // The number is HTML over the dial: as crisp and as large as a KPI card's on any wall.
    const parts = fmt.valueParts(v, meta, lang);
    this.number.textContent = parts.number;
    this.unit.textContent = parts.unit;
    this.value.dataset.value = v === null || v === undefined ? '' : String(v);
    this.value.dataset.measure = key;
    sayStatus(this.status, s, lang, againstTarget(v, t, lang));
    const prev = results.previousQuery && results.previousQuery.data.length ? results.previousQuery.data[0][key] : null;
    const notes = [];
    if (hasTarget) notes.push(`${lang === 'en' ? 'target' : 'цель'} ${t.direction === 'lower' ? '≤' : '≥'} ${fmt.value(Number(t.value), meta, lang)}`);
    if (prev !== null && prev !== undefined) notes.push(`${lang === 'en' ? 'a year before' : 'год назад'} ${fmt.value(prev, meta, lang)}`);
    this.note.textContent = notes.join(' · ');
  }
}

class Structure extends Widget {
  constructor(spec, ctx) {
    super(spec, ctx);
    this.canvas = el('div', 'chart');
    this.body.append(this.canvas);
    this.echart = this.chart(this.canvas);
  }

  tree(answer) {
    const levels = this.spec.levels;
    const key = this.spec.measure || this.spec.query.measures[0];
    const root = new Map();
    for (const row of answer.data) {
      const v = row[key];
      if (v === null || v === undefined || v <= 0) continue;
      let level = root;
      let node = null;
      for (const dim of levels) {
        const name = row[dim] ?? '—';
        if (!level.has(name)) level.set(name, { name, value: 0, children: new Map() });
        node = level.get(name);
        node.value += v;
        level = node.children;
      }
    }
    const toArray = (map) => [...map.values()].sort((a, b) => b.value - a.value)
      .map((n) => (n.children.size ? { name: n.name, value: n.value, children: toArray(n.children) } : { name: n.name, value: n.value }));
    return toArray(root);
  }

  render(results) {
    const { lang } = this.ctx;
    const { look, r, option } = this.base();
    const answer = results.query;
    const key = this.spec.measure || this.spec.query.measures[0];
    const meta = measureMeta(answer, key, this.ctx.units);
    const data = this.tree(answer);
    const show = (v) => fmt.value(v, meta, lang);
    const common = { ...option, tooltip: { ...this.tooltip(look, r), formatter: (p) => `${p.name}<br><b>${show(p.value)}</b>` } };
    const font = Math.round(r * 0.7);
    if (this.spec.type === 'sunburst') {
      this.echart.setOption({
        ...common,
        series: [{
          type: 'sunburst', data: this.sunburstLabels(data, font), radius: ['12%', '96%'], sort: null, nodeClick: 'rootToNode',
          itemStyle: { borderColor: look.edge, borderWidth: 1 },
          label: { color: look.text, fontSize: font, overflow: 'truncate' },
          levels: [{}, { r0: '12%', r: '55%' }, { r0: '55%', r: '96%', label: { align: 'right' } }],
        }],
      }, true);
    } else {
      this.echart.setOption({
        ...common,
        series: [{
          type: 'treemap', data, leafDepth: 1, drillDownIcon: '', roam: false, nodeClick: 'zoomToNode', width: '100%', height: '88%', top: 0,
          breadcrumb: { show: true, bottom: 0, height: r * 1.2, itemStyle: { color: look.card, borderColor: look.edge, textStyle: { color: look.text, fontSize: Math.round(r * 0.7) } } },
          label: { fontSize: Math.round(r * 0.85), lineHeight: Math.round(r * 1.1), color: '#fff', overflow: 'truncate', formatter: (p) => this.tileLabel(p, show(p.value), r) },
          upperLabel: { show: false },
          itemStyle: { borderColor: look.edge, borderWidth: 2, gapWidth: 2 },
          levels: [{ itemStyle: { borderColor: look.edge, borderWidth: 2, gapWidth: 2 } }, { colorSaturation: [0.35, 0.6], itemStyle: { gapWidth: 1, borderColorSaturation: 0.6 } }],
        }],
      }, true);
    }
    this.canvas.dataset.nodes = String(data.length);
  }

  /**
   * The sunburst's nodes, each with a label only where it can be read: a line's height across its sector and the
   * name whole, or its first eight letters, along it (inner ring: along the arc; outer ring: along the radius).
   * A label cut to two letters or broken a letter a line is noise; the tooltip names every sector.
   */
  sunburstLabels(data, font) {
    const radius = Math.min(this.canvas.clientWidth, this.canvas.clientHeight) / 2;
    const total = data.reduce((sum, n) => sum + n.value, 0) || 1;
    const measure = (text) => echarts.format.getTextRect(text, `${font}px ${FONT}`).width;
    const rings = [[0.12, 0.55, 'tangential'], [0.55, 0.96, 'radial']];
    const place = (nodes, depth) => nodes.map((n) => {
      const [inner, outer, rotate] = rings[Math.min(depth, rings.length - 1)];
      const arc = (n.value / total) * 2 * Math.PI * radius * (inner + outer) / 2;
      const thickness = radius * (outer - inner) - font;
      const [along, across] = rotate === 'radial' ? [thickness, arc] : [arc - font, thickness];
      const readable = across >= font * 1.4 && (along >= measure(n.name) || along >= measure(`${n.name.slice(0, 8)}…`));
      const label = readable ? { show: true, rotate, width: along } : { show: false };
      return n.children ? { ...n, label, children: place(n.children, depth + 1) } : { ...n, label };
    });
    return place(data, 0);
  }

  /**
   * A treemap tile's name and value with its unit, or nothing where the tile is too small for the value whole and
   * a few letters of the name (the tooltip has both): a label cut to «▶ …» or «Ф 962» reads as nonsense.
   */
  tileLabel(p, value, r) {
    const data = this.echart.get().getModel().getSeriesByIndex(0).getData();
    const box = data.getItemLayout(p.dataIndex);
    if (!box) return '';
    const size = Math.round(r * 0.85);
    const measure = (text) => echarts.format.getTextRect(text, `${size}px ${FONT}`).width;
    // ECharts pads a tile's label by 5 px. The drill-down mark is written here, not by ECharts, which would add it
    // to an empty label too.
    const icon = p.data && p.data.children ? '▶ ' : '';
    const room = box.width - 12;
    const fits = box.height - 10 >= 2 * Math.round(r * 1.1) && room >= measure(value) && room >= measure(`${icon}${p.name.slice(0, 6)}…`);
    return fits ? `${icon}${p.name}\n${value}` : '';
  }
}

class Table extends Widget {
  constructor(spec, ctx) {
    super(spec, ctx);
    this.table = el('table', 'data-table');
    const wrap = el('div', 'table-wrap');
    wrap.append(this.table);
    this.body.append(wrap);
  }

  render(results) {
    const { lang } = this.ctx;
    const answer = results.query;
    const columns = this.spec.columns;
    const head = el('thead');
    const headRow = el('tr');
    for (const column of columns) {
      const meta = measureMeta(answer, column.member, this.ctx.units);
      const th = el('th', meta.type === 'number' || answer.annotation.measures[column.member] ? 'num' : '', tr(column.title, lang) || titleOf(meta, lang, column.member));
      headRow.append(th);
    }
    head.append(headRow);
    const body = el('tbody');
    for (const row of answer.data.slice(0, 50)) {
      const tr_ = el('tr');
      for (const column of columns) {
        const v = row[column.member];
        const isMeasure = !!answer.annotation.measures[column.member];
        const meta = measureMeta(answer, column.member, this.ctx.units);
        const td = el('td', isMeasure ? 'num' : 'name');
        if (isMeasure) {
          td.textContent = fmt.value(v, meta, lang);
          td.dataset.value = v === null || v === undefined ? '' : String(v);
          td.dataset.measure = column.member;
          const s = status(v, column.target);
          if (s !== 'none') {
            td.classList.add(`status-${s}`);
            td.append(' ', sayStatus(el('span', 'status-text'), s, lang));
          }
        } else {
          td.textContent = (column.member === labelKey(this.spec.query) ? nameOf(row, this.spec.query, this.ctx) : v) ?? '—';
        }
        tr_.append(td);
      }
      body.append(tr_);
    }
    this.table.replaceChildren(head, body);
  }
}

class TextSummary extends Widget {
  constructor(spec, ctx) {
    super(spec, ctx);
    this.list = el('div', 'summary');
    this.body.append(this.list);
  }

  queries() {
    const out = {};
    this.spec.lines.forEach((line, i) => {
      out[`lines[${i}].query`] = line.query;
      if (line.previousQuery) out[`lines[${i}].previousQuery`] = line.previousQuery;
    });
    return out;
  }

  render(results) {
    const { lang } = this.ctx;
    const paragraphs = this.spec.lines.map((line, i) => {
      const answer = results[`lines[${i}].query`];
      const previous = results[`lines[${i}].previousQuery`];
      const key = line.measure || line.query.measures[0];
      const v = answer.data.length ? answer.data[0][key] : null;
      const meta = measureMeta(answer, key, this.ctx.units);
      const range = fmt.rangeOf(line.query);
      const sentence = tr(line.say, lang).replace('{period}', range ? fmt.period(range[0], range[1], lang) : '');
      const [before, after] = sentence.split('{value}');
      const p = el('p');
      p.append(document.createTextNode(before), el('b', null, fmt.value(v, meta, lang)), document.createTextNode(after || ''));
      const prev = previous && previous.data.length ? previous.data[0][key] : null;
      const ch = fmt.change(v, prev, meta, line.compare, lang);
      p.append(document.createTextNode(ch ? `, ${ch.text}.` : '.'));
      p.dataset.value = v === null || v === undefined ? '' : String(v);
      p.dataset.measure = key;
      return p;
    });
    this.list.replaceChildren(...paragraphs);
  }

  describe(results) {
    super.describe({ query: results['lines[0].query'] });
  }
}

/**
 * Where the indicators of national projects and strategies stand: for each programme the shares of its indicators
 * on track, at risk, off track and without data, read from the indicator API (/api/v1/programmes), not a cube query.
 */
class ProgrammeStatus extends Widget {
  constructor(spec, ctx) {
    super(spec, ctx);
    this.canvas = el('div', 'chart');
    this.body.append(this.canvas);
    this.echart = this.chart(this.canvas);
    this.shown = [];
    this.echart.on('click', (p) => {
      const programme = this.shown[p.dataIndex];
      if (this.spec.link && programme) ctx.navigate(this.spec.link, { code: programme.code });
    });
    if (spec.link) {
      keyboardItems(this.canvas, this.echart, tr(spec.title, ctx.lang), () => this.shown.length,
        (i) => ctx.navigate(spec.link, { code: this.shown[i].code }));
    }
  }

  queries() {
    return {};
  }

  /** The API this widget reads instead of cube queries. */
  source() {
    return '/api/v1/programmes';
  }

  render(results) {
    const { lang } = this.ctx;
    const { look, r, option } = this.base();
    const all = (results.source && results.source.programmes) || [];
    this.shown = this.spec.programmes.map((code) => all.find((p) => p.code === code)).filter(Boolean);
    if (this.shown.length < this.spec.programmes.length) {
      const missing = this.spec.programmes.filter((code) => !all.some((p) => p.code === code));
      throw new Error(`${lang === 'en' ? 'no programme' : 'нет программы'} ${missing.join(', ')}`);
    }
    // Each status with its colour and its sign (the colour alone would be lost on a monochrome projector).
    const statuses = [['on_track', look.good, 'good'], ['at_risk', look.warn, 'warn'], ['off_track', look.bad, 'bad'], ['no_data', look.grid, null]]
      .map(([key, colour, s]) => {
        const said = statusSaid(s) || { sign: '', ru: 'нет данных', en: 'no data' };
        return { key, colour, sign: said.sign, name: lang === 'en' ? said.en : said.ru };
      });
    const left = Math.min(this.canvas.clientWidth * 0.42, r * 10);
    const right = r * 0.5;
    const room = Math.max(0, this.canvas.clientWidth - left - right);
    const labelFont = Math.round(r * 0.62);
    const legendFont = Math.round(r * 0.65);
    const widthOf = (text, font) => echarts.format.getTextRect(text, `${font}px ${FONT}`).width;
    const fits = (text, share) => widthOf(text, labelFont) + 6 <= share * room;
    const legendText = (status) => (status.sign ? `${status.sign} ${status.name}` : status.name);
    // The legend wraps on a narrow tile: the bars start below its last line.
    let legendRows = 1;
    let line = 0;
    for (const status of statuses) {
      const item = r * 0.7 + 5 + widthOf(legendText(status), legendFont);
      if (line && line + 10 + item > this.canvas.clientWidth - 10) {
        legendRows++;
        line = item;
      } else {
        line += (line ? 10 : 0) + item;
      }
    }
    // A segment says its share with its sign where both fit, else its sign alone. A segment without data says so in
    // words or nothing: a number on it («100 %» over a grey bar) would read as indicators on track. The share is
    // taken from the counts, not the answer's rounded shares, so a bar is «100,0 %» only when every indicator is in it.
    const segmentLabel = (status, index) => {
      const programme = this.shown[index];
      const share = programme.indicators ? programme.counts[status.key] / programme.indicators : 0;
      if (!share) return '';
      const candidates = status.sign ? [`${status.sign} ${fmt.share(share, lang)}`, status.sign] : [status.name];
      return candidates.find((text) => fits(text, share)) || '';
    };
    this.echart.setOption({
      ...option,
      grid: { left, right, top: r * (0.5 + 1.1 * legendRows), bottom: 2 },
      legend: {
        top: 0, itemWidth: r * 0.7, itemHeight: r * 0.7, itemGap: 10, textStyle: { color: look.muted, fontSize: legendFont },
        formatter: (name) => legendText(statuses.find((x) => x.name === name)),
      },
      tooltip: {
        ...this.tooltip(look, r), trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: (items) => {
          const p = this.shown[items[0].dataIndex];
          return `${tr(p.name, lang)} (${p.indicators})<br>${items.map((i) => `${i.marker}${i.seriesName}: <b>${p.counts[statuses[i.seriesIndex].key]}</b>`).join('<br>')}`;
        },
      },
      xAxis: { type: 'value', max: 1, show: false },
      yAxis: {
        type: 'category', inverse: true, data: this.shown.map((p) => tr(p.name, lang)), axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: { color: look.text, fontSize: Math.round(r * 0.7), width: left - 8, overflow: 'truncate' },
      },
      series: statuses.map((status) => ({
        type: 'bar', stack: 'status', name: status.name, itemStyle: { color: status.colour },
        data: this.shown.map((p) => p.shares[status.key]),
        label: { show: true, color: status.sign ? look.text : look.muted, fontSize: labelFont, formatter: (i) => segmentLabel(status, i.dataIndex) },
      })),
    }, true);
    this.element.dataset.programmes = String(this.shown.length);
  }

  describe() {
    const { lang } = this.ctx;
    const total = this.shown.reduce((sum, p) => sum + p.indicators, 0);
    this.provenance.textContent = lang === 'en'
      ? `indicator passports · ${total} indicators · status in the latest period with a value`
      : `паспорта показателей · ${total} показателей · статус за последний период со значением`;
    this.element.title = lang === 'en' ? 'Source: /api/v1/programmes' : 'Источник: /api/v1/programmes';
  }
}

const TYPES = {
  kpi: Kpi, line: TimeChart, bar: TimeChart, map: MapWidget, ranking: Ranking, gauge: Gauge,
  treemap: Structure, sunburst: Structure, table: Table, text: TextSummary, indicators: ProgrammeStatus,
};

export function createWidget(spec, ctx) {
  const Type = TYPES[spec.type];
  if (!Type) throw new Error(`unknown widget type ${spec.type}`);
  return new Type(spec, ctx);
}

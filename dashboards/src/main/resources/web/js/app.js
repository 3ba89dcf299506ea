// A dashboard page: reads its definition, draws the widgets, asks their queries, and keeps the picture current.
// New data arrives as a Server-Sent Event; when the server cannot be reached the last picture stays, marked.
import * as fmt from './format.js';
import { createWidget } from './widgets.js';

const root = document.documentElement;
const params = new URLSearchParams(location.search);
const id = root.dataset.dashboard;
const wall = root.dataset.wall === 'true';
const lang = params.get('lang') === 'en' ? 'en' : 'ru';
/** The wall hides the controls; ?kiosk hides the breadcrumbs too, so nothing on the screen can be clicked away. */
const kiosk = wall || params.has('kiosk');
const bare = params.has('kiosk');
const theme = params.get('theme') === 'light' ? 'light' : 'dark';
/** Flags of the page itself, carried along when a click opens another screen. */
const FLAGS = ['wall', 'kiosk', 'theme', 'lang', 'refresh', 'rotate', 'dwell', 'playlist'];
/** Page parameters that are not dashboard variables. */
const PAGE_PARAMS = [...FLAGS, 'slide'];
const MAX_PARALLEL = 4;
/**
 * Seconds a slide of a tour waits for its data beyond its own: a slide is shown for its seconds from the moment its
 * data is drawn, but one whose queries hang or keep failing moves on this long after its seconds have run out.
 */
const SLIDE_DATA_WAIT = 15;
/** Seconds the wall waits for the next slide's page to answer before it tries again. */
const SLIDE_PROBE_TIMEOUT = 10;

const state = {
  definition: null,
  widgets: [],
  version: null,
  territoryNames: {},
  territoryTypes: {},
  renders: 0,
  offlineSince: null,
  /** The HTTP status of the server's last failed answer (a proxy's 502…), or null when it could not be reached. */
  offlineStatus: null,
  expired: false,
  refreshTimer: null,
  loading: null,
  announced: null,
};

/**
 * Settled with the time (performance.now()) the screen's data was first drawn: a slide's seconds count from then. The
 * moment is also marked in the page's performance timeline as «vitrina-drawn» (DevTools, the browser tests).
 */
let markDrawn;
const drawn = new Promise((resolve) => { markDrawn = resolve; });

document.body.className = `theme-${theme}${wall ? ' wall' : ''}${kiosk ? ' kiosk' : ''}${bare ? ' bare' : ''} lang-${lang}`;
root.lang = lang;

function $(selector) {
  return document.querySelector(selector);
}

function t(ru, en) {
  return lang === 'en' ? en : ru;
}

function tr(text) {
  if (!text) return '';
  return lang === 'en' ? (text.en || text.ru) : text.ru;
}

/** A URL of another screen that keeps this page's flags (wall, kiosk, theme, language). */
function screenUrl(path, extra = {}) {
  const url = new URL(path, location.origin);
  for (const flag of FLAGS) {
    if (params.has(flag) && !url.searchParams.has(flag)) url.searchParams.set(flag, params.get(flag));
  }
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  return url.pathname + url.search;
}

function navigate(link, values) {
  let path = link;
  for (const [k, v] of Object.entries(values)) path = path.replaceAll(`{${k}}`, encodeURIComponent(v));
  const period = state.definition && state.definition.variables.find((v) => v.name === 'period');
  const extra = {};
  // An explicitly chosen period follows the click; a "latest" one stays latest on the next screen too.
  if (period && new URLSearchParams(location.search).has('period')) extra.period = period.value;
  // On the wall a click opens the next screen on the wall too.
  if (wall && path.startsWith('/d/')) path = `/wall/${path.slice(3)}`;
  location.assign(screenUrl(path, extra));
}

async function fetchJson(url, options) {
  const response = await fetch(url, { cache: 'no-store', ...options });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    // A proxy's error page: not JSON, but still an HTTP answer with its status.
    const error = new Error(`${response.status}: ${text.slice(0, 200)}`);
    if (!response.ok) error.status = response.status;
    throw error;
  }
  if (!response.ok) {
    const error = new Error(body.error || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

async function loadGeo() {
  const geo = await fetchJson('/geo/tomsk.geojson');
  window.echarts.registerMap('tomsk-mo', geo);
  for (const feature of geo.features) {
    // Until the definition names them from the reference data (see nameTerritories).
    if (!state.territoryNames[feature.properties.oktmo]) state.territoryNames[feature.properties.oktmo] = feature.properties.name_ru;
    state.territoryTypes[feature.properties.oktmo] = feature.properties.type;
  }
}

/**
 * Territories are named in the page's language from the reference data the definition carries: answers and the
 * map's file name them in Russian only. The same object is shared with the widgets, so it is filled in place.
 */
function nameTerritories(def) {
  for (const [code, name] of Object.entries(def.territoryNames || {})) state.territoryNames[code] = tr(name);
}

function definitionUrl() {
  const query = new URLSearchParams();
  // Read from the address bar: a changed variable is put there without leaving the page.
  for (const [k, v] of new URLSearchParams(location.search)) if (!PAGE_PARAMS.includes(k)) query.set(k, v);
  const text = query.toString();
  return `/api/v1/dashboards/${encodeURIComponent(id)}${text ? `?${text}` : ''}`;
}

function buildHeader(def) {
  const title = $('.title');
  const territory = def.variables.find((v) => v.type === 'territory');
  const name = territory ? state.territoryNames[territory.value] || territory.value : null;
  // A municipality card is named by its municipality first: that is what a person looks for on the wall.
  title.querySelector('.ru').textContent = name || tr(def.title);
  title.querySelector('.en').textContent = name ? tr(def.title).toLowerCase() : (lang === 'en' ? '' : def.title.en);
  document.title = `${tr(def.title)}${name ? ' — ' + name : ''} — ${t('Витрина', 'Vitrina')}`;

  const crumbs = $('.crumbs');
  crumbs.replaceChildren();
  const home = document.createElement('a');
  home.href = screenUrl('/');
  home.textContent = t('Витрина', 'Vitrina');
  crumbs.append(home);
  for (const up of def.breadcrumbs || []) {
    const a = document.createElement('a');
    a.href = screenUrl(`/d/${up.id}`);
    a.textContent = lang === 'en' ? up.titleEn : up.title;
    crumbs.append(document.createTextNode(' › '), a);
  }

  const controls = $('.controls');
  controls.replaceChildren();
  if (kiosk) return;
  for (const variable of def.variables) {
    const label = document.createElement('label');
    label.append(document.createTextNode(tr(variable.title) + ' '));
    let input;
    if (variable.type === 'month') {
      input = document.createElement('input');
      input.type = 'month';
      input.value = variable.value;
      input.max = fmt.localIso(new Date()).slice(0, 7);
    } else if (variable.type === 'territory') {
      input = document.createElement('select');
      // The municipal formations on the map (the names also hold the region), or the user's own of them.
      const offered = Object.entries(state.territoryNames)
        .filter(([code]) => state.territoryTypes[code] && (!variable.choices || variable.choices.includes(code)));
      for (const [code, title] of offered.sort((a, b) => a[1].localeCompare(b[1], fmt.locale(lang)))) {
        const option = document.createElement('option');
        option.value = code;
        option.textContent = title;
        option.selected = code === variable.value;
        input.append(option);
      }
    } else {
      input = document.createElement('input');
      input.value = variable.value;
    }
    input.name = variable.name;
    input.addEventListener('change', () => changeVariable(variable.name, input.value));
    label.append(input);
    controls.append(label);
  }
  const links = document.createElement('span');
  links.className = 'links';
  const other = new URLSearchParams(location.search);
  other.set('lang', lang === 'en' ? 'ru' : 'en');
  const langLink = document.createElement('a');
  langLink.href = `?${other}`;
  langLink.textContent = lang === 'en' ? 'RU' : 'EN';
  const wallLink = document.createElement('a');
  wallLink.href = `/wall/${encodeURIComponent(id)}${location.search}`;
  wallLink.textContent = t('Видеостена', 'Wall screen');
  links.append(langLink, wallLink);
  controls.append(links);
}

/**
 * A chosen month or territory is put in the address and drawn without leaving the page: were the server down,
 * a navigation would end on the browser's error page; this way the last picture stays, marked offline, and the
 * choice is drawn once the server answers again.
 */
function changeVariable(name, value) {
  const next = new URLSearchParams(location.search);
  next.set(name, value);
  history.replaceState(null, '', `${location.pathname}?${next}`);
  Promise.resolve(state.loading).then(() => refresh());
}

function buildGrid(def) {
  state.widgets.forEach((w) => w.dispose());
  const grid = $('.grid');
  grid.style.gridTemplateColumns = `repeat(${def.layout.columns}, minmax(0, 1fr))`;
  grid.style.gridTemplateRows = `repeat(${def.layout.rows}, minmax(0, 1fr))`;
  const ctx = {
    lang, theme, navigate, territoryNames: state.territoryNames, territoryTypes: state.territoryTypes, units: def.units || {},
    ownTerritories: Boolean(def.ownTerritories),
    // Read at each drawing: a load moves a tile's source without changing the grid.
    get sources() { return state.definition.sources || {}; },
  };
  state.widgets = def.widgets.map((spec) => createWidget(spec, ctx));
  grid.replaceChildren(...state.widgets.map((w) => w.element));
}

/**
 * Where one query of a widget is answered. A public screen names its widget's query and the server runs it from
 * the dashboard file (visitors without a login may not send queries of their own); other screens send the query.
 */
function queryRequest(widgetId, part, query) {
  const def = state.definition;
  if (!def.public) {
    return ['/api/v1/load', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query }) }];
  }
  const values = new URLSearchParams(def.variables.map((v) => [v.name, v.value]));
  return [`/api/v1/dashboards/${encodeURIComponent(id)}/data/${encodeURIComponent(widgetId)}/${encodeURIComponent(part)}?${values}`, {}];
}

/** Asks again after a pause when the server says too many queries are running at once (429). */
async function ask([url, options], attempt = 1) {
  try {
    return await fetchJson(url, options);
  } catch (error) {
    if (error.status !== 429 || attempt >= 5) throw error;
    await new Promise((resolve) => { setTimeout(resolve, 250 * attempt); });
    return ask([url, options], attempt + 1);
  }
}

/** Runs every query of every widget, the same query only once, a few at a time to spare a small server. */
async function loadData() {
  const unique = new Map();
  const wanted = state.widgets.map((widget) => {
    const named = widget.queries();
    for (const [part, query] of Object.entries(named)) {
      const key = JSON.stringify(query);
      if (!unique.has(key)) unique.set(key, { request: queryRequest(widget.spec.id, part, query) });
    }
    return [widget, named];
  });
  const entries = [...unique.values()];
  let next = 0;
  async function worker() {
    while (next < entries.length) {
      const entry = entries[next++];
      entry.result = await ask(entry.request).catch((error) => {
        if (lostServer(error)) throw error; // keep the last picture
        return { error: error.message };
      });
    }
  }
  await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL, entries.length) }, worker));
  // Widgets that read another API than cube queries (the indicator statuses) say which.
  const sources = new Map();
  for (const widget of state.widgets) {
    const url = widget.source && widget.source();
    if (url && !sources.has(url)) {
      sources.set(url, await fetchJson(url).catch((error) => {
        if (lostServer(error)) throw error;
        return { error: error.message };
      }));
    }
  }
  let errors = 0;
  let newest = null;
  for (const [widget, named] of wanted) {
    const results = {};
    if (widget.source) results.source = sources.get(widget.source());
    for (const [name, query] of Object.entries(named)) {
      results[name] = unique.get(JSON.stringify(query)).result;
      if (results[name] && results[name].dataVersion) {
        const v = results[name].dataVersion;
        if (!newest || v.version > newest.version) newest = v;
      }
    }
    try {
      widget.update(results);
    } catch (error) {
      console.warn(`widget ${widget.spec.id}:`, error);
      widget.fail(error.message);
    }
    if (widget.element.classList.contains('failed')) errors++;
  }
  return { errors, newest };
}

/**
 * Whether a failed answer is about the connection, not the query: the server cannot be reached (TypeError), the
 * session has expired (401), or a proxy or the server itself is failing (5xx).
 */
function lostServer(error) {
  return error instanceof TypeError || error.status === 401 || error.status >= 500;
}

function showFreshness(version) {
  const def = state.definition;
  const period = def.variables.find((v) => v.type === 'month');
  const parts = [];
  if (version) parts.push(`${t('данные на', 'data as of')} ${fmt.localDateTime(version.publishedAt, lang)}`);
  if (period) parts.push(`${t('период', 'period')}: ${fmt.period(`${period.value}-01`, endOfMonth(period.value), lang)}`);
  $('.freshness').textContent = parts.join(' · ');
  $('.source').textContent = version
    ? t(`Витрина · версия данных ${version.version} (${version.publishedBy}) · наведите на показатель, чтобы увидеть его источник`,
      `Vitrina · data version ${version.version} (${version.publishedBy}) · hover a figure to see its source`)
    : t('Витрина · данных ещё нет', 'Vitrina · no data yet');
  showStale();
}

function endOfMonth(yearMonth) {
  const [y, m] = yearMonth.split('-').map(Number);
  const d = new Date(Date.UTC(y, m, 0));
  return d.toISOString().slice(0, 10);
}

/**
 * A screen showing the latest data marks each tile whose next month is overdue (the server says when it is due:
 * the end of the month after the newest one of the tile's cube plus the grace days), and says so in the badge.
 */
function showStale() {
  const due = (state.definition.freshness && state.definition.freshness.widgets) || {};
  const today = fmt.localIso(new Date()).slice(0, 10);
  let earliest = null;
  let stale = 0;
  for (const widget of state.widgets) {
    const tile = due[widget.spec.id];
    const overdue = !!tile && today > tile.due;
    widget.element.classList.toggle('stale', overdue);
    widget.element.dataset.staleText = overdue
      ? t(`устарели · ${fmt.monthLong(tile.month)}`, `overdue · ${fmt.monthLong(tile.month, 'en')}`) : '';
    if (overdue) {
      stale++;
      if (!earliest || tile.due < earliest) earliest = tile.due;
    }
  }
  const badge = $('.stale');
  badge.hidden = stale === 0;
  if (stale) {
    const part = stale < state.widgets.length ? t(` (${stale} из ${state.widgets.length})`, ` (${stale} of ${state.widgets.length})`) : '';
    badge.textContent = t(`Данные устарели${part}: новые ожидались до ${fmt.date(earliest)}`,
      `Data overdue${part}: expected by ${fmt.date(earliest, 'en')}`);
  }
  document.body.classList.toggle('is-stale', stale > 0);
}

/** @param status the HTTP status the server (or a proxy before it) answered with, or null when it was not reached */
function setOffline(offline, status = null) {
  const badge = $('.offline');
  if (offline) {
    if (!state.offlineSince) state.offlineSince = new Date();
    if (status !== null || !state.offlineStatus) state.offlineStatus = status;
    const since = state.offlineSince.toTimeString().slice(0, 5);
    badge.textContent = state.offlineStatus
      ? t(`Сервер отвечает ошибкой ${state.offlineStatus} с ${since} — показаны последние данные`,
        `Server answers HTTP ${state.offlineStatus} since ${since} — showing the last data`)
      : t(`Нет связи с сервером с ${since} — показаны последние данные`, `Server unreachable since ${since} — showing the last data`);
    badge.hidden = false;
    document.body.classList.add('is-offline');
  } else {
    state.offlineSince = null;
    state.offlineStatus = null;
    badge.hidden = true;
    document.body.classList.remove('is-offline');
  }
}

/**
 * The session has expired (401): the picture would otherwise look current for ever. The badge says so and a wall,
 * which nobody touches, goes to the sign-in page after a few seconds, to come back to this screen.
 */
function sessionExpired() {
  const login = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
  const badge = $('.offline');
  const link = document.createElement('a');
  link.href = login;
  link.textContent = t('Сеанс истёк — войдите снова', 'Session expired — sign in again');
  badge.replaceChildren(link);
  badge.hidden = false;
  document.body.classList.add('is-offline');
  root.dataset.expired = 'true';
  if (wall && !state.expired) setTimeout(() => location.assign(login), 5000);
  state.expired = true;
}

/** Reads the definition (the latest month may have moved) and redraws every widget from fresh answers. */
async function refresh({ rebuild = false } = {}) {
  if (state.loading) return state.loading;
  state.loading = (async () => {
    try {
      const def = await fetchJson(definitionUrl());
      const changedShape = !state.definition || JSON.stringify(def.widgets) !== JSON.stringify(state.definition.widgets);
      state.definition = def;
      nameTerritories(def);
      buildHeader(def);
      if (rebuild || changedShape) buildGrid(def);
      const { errors, newest } = await loadData();
      const version = newest || def.dataVersion;
      state.version = version ? version.version : state.version;
      showFreshness(version);
      setOffline(false);
      state.expired = false;
      delete root.dataset.expired;
      state.renders++;
      root.dataset.errors = String(errors);
      root.dataset.version = version ? String(version.version) : '';
      root.dataset.renders = String(state.renders);
      root.dataset.ready = 'true';
      if (!performance.getEntriesByName('vitrina-drawn').length) markDrawn(performance.mark('vitrina-drawn').startTime);
    } catch (error) {
      if (error.status === 401) {
        sessionExpired();
      } else if (error instanceof TypeError || (error.status && state.widgets.length)) {
        setOffline(true, error.status || null);
      } else {
        console.warn('dashboard refresh failed:', error.message);
        showFatal(error.message);
      }
    } finally {
      state.loading = null;
      // A load announced while this picture was being drawn: draw again for it rather than wait for the timer.
      if (state.announced !== null && state.version !== null && state.announced > state.version && !state.offlineSince) {
        refresh();
      } else {
        scheduleRefresh();
      }
    }
  })();
  return state.loading;
}

function showFatal(message) {
  if (state.widgets.length) return;
  const box = document.createElement('div');
  box.className = 'fatal';
  box.textContent = message;
  $('.grid').replaceChildren(box);
  root.dataset.ready = 'error';
}

function scheduleRefresh() {
  clearTimeout(state.refreshTimer);
  // While offline every refresh is a probe: the picture is redrawn within seconds of the server's return.
  const seconds = state.offlineSince ? 5 : Number(params.get('refresh')) || (state.definition ? state.definition.refresh : 300);
  state.refreshTimer = setTimeout(() => refresh(), Math.max(5, seconds) * 1000);
}

const LISTEN_RETRY_FIRST = 2000;
const LISTEN_RETRY_MAX = 30000;

/**
 * New data is pushed by the server when a load completes. EventSource reconnects by itself only after a lost
 * connection; after an HTTP error (a proxy's 502 during an outage) it closes for good, so it is made anew, at
 * growing intervals.
 */
function listen(retry = LISTEN_RETRY_FIRST) {
  const source = new EventSource('/api/v1/events');
  let wait = retry;
  source.addEventListener('data-version', (event) => {
    const version = JSON.parse(event.data);
    state.announced = version.version;
    if (state.version !== null && version.version !== state.version) refresh();
  });
  source.addEventListener('open', () => {
    wait = LISTEN_RETRY_FIRST;
    if (state.offlineSince) refresh();
  });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.OPEN) return;
    // Probing starts now rather than at the next refresh, which may be minutes away.
    if (!state.expired && !state.offlineSince) {
      setOffline(true);
      scheduleRefresh();
    }
    if (source.readyState === EventSource.CLOSED) {
      source.close();
      setTimeout(() => listen(Math.min(wait * 2, LISTEN_RETRY_MAX)), wait);
    }
  });
}

function tickClock() {
  const now = new Date();
  $('.clock').textContent = new Intl.DateTimeFormat(fmt.locale(lang), { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }).format(now);
}

/** ?rotate=governor,budget,labour&dwell=60: the wall moves to the next screen after dwell seconds. */
function rotate() {
  const list = (params.get('rotate') || '').split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length < 2) return;
  const dwell = Math.max(10, Number(params.get('dwell')) || 60);
  const next = list[(list.indexOf(id) + 1) % list.length];
  advanceAfter(dwell, screenUrl(`${wall ? '/wall' : '/d'}/${next}`));
}

/**
 * The timer of a slide: it moves on `seconds` after the screen's data was first drawn, so a slow answer does not eat
 * the slide's time; but at the latest `seconds` + SLIDE_DATA_WAIT after the page started, so a query that hangs or
 * keeps failing does not stop the tour.
 */
function advanceAfter(seconds, url) {
  let moving = false;
  const move = () => {
    if (moving) return;
    moving = true;
    moveWhenReachable(url);
  };
  const after = (ms) => setTimeout(move, Math.max(0, ms - performance.now()));
  after((seconds + SLIDE_DATA_WAIT) * 1000);
  drawn.then((at) => after(at + seconds * 1000));
}

/**
 * Opens the next screen of a tour once its page answers: while the server is unreachable (or a proxy answers 502)
 * the wall keeps its last picture and tries every 5 s, so an outage at the moment of a switch never leaves the wall
 * on the browser's error page, where no tour goes on. A screen whose own queries failed moves on all the same.
 */
async function moveWhenReachable(url) {
  try {
    const response = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(SLIDE_PROBE_TIMEOUT * 1000) });
    if (response.ok) {
      location.assign(url);
      return;
    }
  } catch (error) {
    // not reachable: try again
  }
  setTimeout(() => moveWhenReachable(url), 5000);
}

/**
 * ?playlist=wall&slide=2: the wall shows the playlist's screens in turn, each for its seconds and with its own
 * variables. The playlist is read again at every step, so a changed file takes effect without touching the wall.
 */
async function playlist() {
  const name = params.get('playlist');
  if (!name) return;
  let list;
  for (;;) {
    try {
      list = await fetchJson(`/api/v1/playlists/${encodeURIComponent(name)}`, { signal: AbortSignal.timeout(SLIDE_PROBE_TIMEOUT * 1000) });
      break;
    } catch (error) {
      if (error.status === 404) {
        console.warn('playlist unavailable:', error.message);
        return;
      }
      // The server is away or slow: the playlist is asked again, the tour must not end here.
      await new Promise((resolve) => { setTimeout(resolve, 5000); });
    }
  }
  const screens = list.screens;
  let index = Number(params.get('slide'));
  if (!Number.isInteger(index) || index < 0 || index >= screens.length || screens[index].dashboard !== id) {
    index = Math.max(0, screens.findIndex((s) => s.dashboard === id));
  }
  root.dataset.slide = String(index);
  const next = (index + 1) % screens.length;
  const url = new URL(`${wall ? '/wall' : '/d'}/${screens[next].dashboard}`, location.origin);
  for (const flag of FLAGS) if (params.has(flag)) url.searchParams.set(flag, params.get(flag));
  url.searchParams.set('slide', String(next));
  for (const [k, v] of Object.entries(screens[next].variables)) url.searchParams.set(k, v);
  advanceAfter(screens[index].seconds, url.pathname + url.search);
}

/** Wall screens run for days: reload once a night, while the server answers, to start from a clean page. */
function nightlyReload() {
  if (!wall) return;
  const now = new Date();
  const at = new Date(now);
  at.setHours(4, 0, 0, 0);
  if (at <= now) at.setDate(at.getDate() + 1);
  setTimeout(() => {
    if (!state.offlineSince) location.reload();
  }, at - now);
}

let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => state.widgets.forEach((w) => w.resize()), 200);
});

async function start() {
  $('.osm').textContent = t('Карта: © участники OpenStreetMap (ODbL)', 'Map: © OpenStreetMap contributors (ODbL)');
  tickClock();
  setInterval(tickClock, 30000);
  // A tour's timers run from the start, whatever the answers do: a request that hangs must not stop the tour.
  rotate();
  playlist();
  nightlyReload();
  try {
    await loadGeo();
  } catch (error) {
    console.warn('map boundaries unavailable:', error.message);
  }
  await refresh({ rebuild: true });
  listen();
}

start();

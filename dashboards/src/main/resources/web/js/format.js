// Russian-first formatting of numbers, money, dates and periods (1 234,5; 01.02.2024; тыс./млн/млрд руб.).

const MONTHS_RU = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
const MONTHS_SHORT_RU = ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_SHORT_EN = MONTHS_EN.map((m) => m.slice(0, 3));

export function locale(lang) {
  return lang === 'en' ? 'en-GB' : 'ru-RU';
}

/** 1234.5 → "1 234,5" (ru) with at most `digits` decimals. */
export function number(value, digits = 1, lang = 'ru') {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

/** Exactly `digits` decimals: a rate of 1.03 % shows as "1,0", not "1", so the columns of a wall line up. */
export function fixed(value, digits = 1, lang = 'ru') {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

const SCALES_RU = [[1e9, 'млрд'], [1e6, 'млн'], [1e3, 'тыс.']];
const SCALES_EN = [[1e9, 'bn'], [1e6, 'm'], [1e3, 'k']];
/** Beside a big number the unit is read across a room: "1.23 billion RUB", as «1,23 млрд руб.» is in Russian. */
const SCALES_EN_WORDS = [[1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];

/**
 * A large number with a word for its size: 1 234 567 890 → { text: "1,23", scale: "млрд" }; in English "bn"
 * on axes and "billion" with words. With `digits` the text has exactly that many decimals ("1,2"), as a value
 * has; without, as few as an axis tick needs.
 */
export function scaled(value, lang = 'ru', words = false, digits = undefined) {
  const abs = Math.abs(value);
  const scales = lang !== 'en' ? SCALES_RU : words ? SCALES_EN_WORDS : SCALES_EN;
  const write = (v) => {
    if (digits !== undefined) return fixed(v, digits, lang);
    return number(v, Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2, lang);
  };
  for (const [size, word] of scales) {
    if (abs >= size) return { text: write(value / size), scale: word };
  }
  return { text: digits !== undefined ? fixed(value, digits, lang) : number(value, 1, lang), scale: '' };
}

/** Short axis labels: 1 200 000 000 → "1,2 млрд". */
export function compact(value, lang = 'ru') {
  if (value === null || value === undefined) return '';
  const s = scaled(value, lang);
  return s.scale ? `${s.text} ${s.scale}` : s.text;
}

function unitText(meta, lang) {
  if (!meta || !meta.unit) return '';
  return lang === 'en' && meta.unitEn ? meta.unitEn : meta.unit;
}

function isMoney(meta, unit) {
  return (meta && meta.format === 'currency') || unit === 'руб.' || unit === 'RUB';
}

function isPercent(meta) {
  return !!meta && (meta.format === 'percent' || meta.unit === '%');
}

/**
 * How many decimals a value is written with: one rule for every tile and screen, from the measure's format in the
 * cube model — counts (integer) none, everything else exactly one: 73,0 %, 94,9 млрд руб. (money in its тыс./млн/
 * млрд), 72,3 на 1 000 чел. The same kind of number never reads 1,03 % on one card and 1,0 % on the next.
 */
export function decimals(meta) {
  return meta && meta.format === 'integer' ? 0 : 1;
}

/**
 * A measure value with its unit, as one string and in parts (for the big KPI number).
 * meta is the answer's annotation of the measure: { unit, format, title }.
 */
export function valueParts(value, meta, lang = 'ru') {
  if (value === null || value === undefined || Number.isNaN(value)) return { number: '—', unit: '', scale: '' };
  const unit = unitText(meta, lang);
  const digits = decimals(meta);
  if (isMoney(meta, unit)) {
    const s = scaled(value, lang, true, digits);
    const currency = lang === 'en' ? 'RUB' : 'руб.';
    return { number: s.text, unit: s.scale ? `${s.scale} ${currency}` : currency, scale: s.scale };
  }
  if (isPercent(meta)) {
    return { number: fixed(value, digits, lang), unit: '%', scale: '' };
  }
  return { number: fixed(digits === 0 ? Math.round(value) : value, digits, lang), unit, scale: '' };
}

export function value(v, meta, lang = 'ru') {
  const p = valueParts(v, meta, lang);
  return p.unit ? `${p.number}\u00a0${p.unit}` : p.number;
}

/**
 * A value on a chart (a bar's or a district's label): the number as the cards write it, money with its тыс./млн/
 * млрд, without the unit the tile's title or subtitle already names.
 */
export function label(v, meta, lang = 'ru') {
  const p = valueParts(v, meta, lang);
  return p.scale ? `${p.number} ${p.scale}` : p.number;
}

/**
 * A share (0..1) as a percent by the rule for percents, that never rounds to 100 % or 0 % unless it is: 0.9996 of
 * the indicators is «99,9 %», not a whole that is not there.
 */
export function share(v, lang = 'ru') {
  const pct = v * 100;
  const digits = decimals({ format: 'percent' });
  const step = 10 ** -digits;
  const shown = v > 0 && v < 1 ? Math.min(100 - step, Math.max(step, pct)) : pct;
  return `${fixed(shown, digits, lang)} %`;
}

/** "2024-02-01T00:00:00.000" → "01.02.2024". */
export function date(iso, lang = 'ru') {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return lang === 'en' ? `${d}/${m}/${y}` : `${d}.${m}.${y}`;
}

export function dateTime(iso, lang = 'ru') {
  if (!iso) return '';
  return `${date(iso, lang)} ${iso.slice(11, 16)}`;
}

/** "2026-11-27T21:04" of a Date in the browser's own time zone: the clock, the data's time and "today" all agree. */
export function localIso(moment) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

/**
 * A moment the server sends with its offset (a data version's publishedAt, "2026-11-27T14:04:00Z") in the browser's
 * own time zone: "27.11.2026 21:04" in Tomsk. A wall in another zone than the server reads its own clock's time.
 */
export function localDateTime(isoWithOffset, lang = 'ru') {
  if (!isoWithOffset) return '';
  return dateTime(localIso(new Date(isoWithOffset)), lang);
}

/** "2024-09-01T00:00:00.000" → "сен 2024" for axes. */
export function monthShort(iso, lang = 'ru') {
  const m = Number(iso.slice(5, 7)) - 1;
  const y = iso.slice(2, 4);
  return `${(lang === 'en' ? MONTHS_SHORT_EN : MONTHS_SHORT_RU)[m]} ${y}`;
}

export function monthLong(yearMonth, lang = 'ru') {
  const m = Number(yearMonth.slice(5, 7)) - 1;
  return `${(lang === 'en' ? MONTHS_EN : MONTHS_RU)[m]} ${yearMonth.slice(0, 4)}`;
}

const QUARTERS = ['I', 'II', 'III', 'IV'];

function monthsWord(n) {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return 'месяц';
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return 'месяца';
  return 'месяцев';
}

/**
 * The period a date range describes, as a sentence says it: "9 месяцев 2024 года", "сентябрь 2024 года",
 * "I квартал 2024 года", "I полугодие 2024 года", "2024 год", else "01.03.2024–15.04.2024".
 */
export function period(from, to, lang = 'ru') {
  if (!from || !to) return '';
  const [fy, fm, fd] = from.slice(0, 10).split('-').map(Number);
  const [ty, tm, td] = to.slice(0, 10).split('-').map(Number);
  const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  const wholeMonths = fd === 1 && td === lastDay;
  if (!wholeMonths) return `${date(from, lang)}–${date(to, lang)}`;
  if (fy === ty && fm === tm) {
    return lang === 'en' ? `${MONTHS_EN[fm - 1]} ${fy}` : `${MONTHS_RU[fm - 1]} ${fy} года`;
  }
  if (fy === ty && fm === 1) {
    if (tm === 12) return lang === 'en' ? `${fy}` : `${fy} год`;
    if (lang === 'en') return `January–${MONTHS_EN[tm - 1]} ${fy}`;
    if (tm === 3) return `I квартал ${fy} года`;
    if (tm === 6) return `I полугодие ${fy} года`;
    return `${tm} ${monthsWord(tm)} ${fy} года`;
  }
  if (fy === ty && (fm - 1) % 3 === 0 && tm === fm + 2) {
    return lang === 'en' ? `Q${(fm + 2) / 3} ${fy}` : `${QUARTERS[(fm - 1) / 3]} квартал ${fy} года`;
  }
  if (lang === 'en') return `${MONTHS_SHORT_EN[fm - 1]} ${fy} – ${MONTHS_SHORT_EN[tm - 1]} ${ty}`;
  return `${MONTHS_RU[fm - 1]} ${fy} – ${MONTHS_RU[tm - 1]} ${ty} года`;
}

/** The date range of the first time dimension of a query, or null. */
export function rangeOf(query) {
  const t = (query.timeDimensions || []).find((td) => Array.isArray(td.dateRange));
  return t ? t.dateRange : null;
}

/**
 * How a value changed against the comparison, as words: "на 2,1 п.п. выше, чем годом ранее" for percentages,
 * "на 5,3 % больше, чем годом ранее" for amounts. Returns null when there is nothing to compare.
 */
export function change(current, previous, meta, compare, lang = 'ru') {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  const when = compare === 'previousPeriod'
    ? (lang === 'en' ? 'than in the previous period' : 'чем в предыдущем периоде')
    : (lang === 'en' ? 'than a year before' : 'чем годом ранее');
  const isPct = isPercent(meta);
  const diff = current - previous;
  // A change that rounds to nothing at the shown precision is no change to a reader.
  const shownDiff = isPct ? Math.round(Math.abs(diff) * 10) : (previous ? Math.round(Math.abs(diff / previous) * 1000) : 1);
  if (Math.abs(diff) < 1e-9 || shownDiff === 0) {
    const same = compare === 'previousPeriod'
      ? (lang === 'en' ? 'unchanged from the previous period' : 'на уровне предыдущего периода')
      : (lang === 'en' ? 'unchanged from a year before' : 'на уровне прошлого года');
    return { text: same, sign: 0, short: '±0' };
  }
  const up = diff > 0;
  if (isPct) {
    const pp = fixed(Math.abs(diff), 1, lang);
    const words = lang === 'en' ? `${pp} pp ${up ? 'higher' : 'lower'} ${when}` : `на ${pp} п.п. ${up ? 'выше' : 'ниже'}, ${when}`;
    return { text: words, sign: up ? 1 : -1, short: `${up ? '+' : '−'}${pp} ${lang === 'en' ? 'pp' : 'п.п.'}` };
  }
  if (previous === 0) return null;
  const pct = fixed(Math.abs(diff / Math.abs(previous) * 100), 1, lang);
  const words = lang === 'en' ? `${pct} % ${up ? 'more' : 'less'} ${when}` : `на ${pct} % ${up ? 'больше' : 'меньше'}, ${when}`;
  return { text: words, sign: up ? 1 : -1, short: `${up ? '+' : '−'}${pct} %` };
}

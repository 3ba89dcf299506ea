// Colours and type sizes of a screen. Sizes follow the root font size, which follows the viewport height,
// so a layout drawn for 1920×1080 is legible across a room at 3840×2160 too.

const DARK = {
  text: '#e8eef8', muted: '#9db0cc', grid: 'rgba(157,176,204,0.16)', card: '#121c31', edge: '#0a1222',
  series: ['#4da3ff', '#f5b942', '#7bd88f', '#c58cff', '#38d1c4', '#ff8a65'],
  good: '#34c77b', warn: '#f5b942', bad: '#ff5c5c', neutral: '#4da3ff',
};
const LIGHT = {
  text: '#1b2433', muted: '#5a6b85', grid: 'rgba(27,36,51,0.12)', card: '#ffffff', edge: '#dfe5ee',
  series: ['#1f6fd1', '#d48a00', '#2e9e5b', '#8a4fd1', '#0f9c8f', '#d9572b'],
  good: '#1f9d55', warn: '#c98a00', bad: '#d63a3a', neutral: '#1f6fd1',
};

export function palette(theme) {
  return theme === 'light' ? LIGHT : DARK;
}

/** The root font size in pixels: 1 rem. */
export function rem() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

/** Whether a value meets its target: good, warn (within the tolerance), bad, or none without a target. */
export function status(value, target) {
  if (!target || target.value === undefined || target.value === null || value === null || value === undefined) return 'none';
  const warn = target.warn || 0;
  const t = Number(target.value);
  if (target.direction === 'lower') return value <= t ? 'good' : value <= t + warn ? 'warn' : 'bad';
  return value >= t ? 'good' : value >= t - warn ? 'warn' : 'bad';
}

/** Whether a change is for the better given the direction (an increase of unemployment is not). */
export function better(sign, target) {
  if (!sign) return 'flat';
  const lower = target && target.direction === 'lower';
  if (!target || !target.direction) return 'neutral';
  return (sign > 0) !== lower ? 'better' : 'worse';
}

/**
 * A status in a sign and words, so that it is not told by colour alone (a monochrome projector, a colour-blind
 * reader, a screen reader): the same words as the indicator statuses. A value without a status has none.
 */
const STATUS_SAID = {
  good: { sign: '✓', ru: 'в норме', en: 'on track' },
  warn: { sign: '⚠', ru: 'под риском', en: 'at risk' },
  bad: { sign: '✗', ru: 'не достигнуто', en: 'off track' },
};

export function statusSaid(s) {
  return STATUS_SAID[s] || null;
}

/**
 * Where a value stands against its target, in words: «выше цели», «немного ниже цели» (within the tolerance),
 * «на уровне цели». Empty without a target value.
 */
export function againstTarget(value, target, lang = 'ru') {
  if (!target || target.value === undefined || target.value === null || value === null || value === undefined) return '';
  const t = Number(target.value);
  const s = status(value, target);
  if (value === t) return lang === 'en' ? 'on target' : 'на уровне цели';
  const above = value > t;
  const slightly = s === 'warn' ? (lang === 'en' ? 'slightly ' : 'немного ') : '';
  return lang === 'en' ? `${slightly}${above ? 'above' : 'below'} target` : `${slightly}${above ? 'выше' : 'ниже'} цели`;
}

export function statusColour(look, s) {
  return s === 'good' ? look.good : s === 'warn' ? look.warn : s === 'bad' ? look.bad : look.neutral;
}
